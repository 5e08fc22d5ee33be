package dev.trailstream.ingest;

import java.io.IOException;

/** An object decompressed beyond {@link ReadLimits}: it ends there, with what was read before it kept. */
final class DecompressionLimitException extends IOException {
    DecompressionLimitException(String reason) {
        super(reason);
    }
}
