package dev.trailstream.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Ends an object's decompressed stream with a {@link DecompressionLimitException} once it exceeds
 * {@link ReadLimits#maxObjectBytes()}, or, for a compressed object past {@link ReadLimits#RATIO_FLOOR_BYTES}, once
 * it has given more than {@link ReadLimits#maxCompressionRatio()} times the compressed bytes read so far. Both are
 * counted as the bytes pass, so a gzip bomb is stopped after a bounded amount of work and no memory.
 *
 * <p>The compressed count includes the decompressor's read-ahead, so the ratio seen is a little lower than the
 * true one: the check errs towards reading on.
 */
final class DecompressionGuard extends FilterInputStream {
    private final ReadLimits limits;
    /** Compressed bytes read so far; null for a plain file, which has no ratio. */
    private final ByteCountingInputStream compressed;
    private long decompressed;

    DecompressionGuard(InputStream decoded, ByteCountingInputStream compressed, ReadLimits limits) {
        super(decoded);
        this.compressed = compressed;
        this.limits = limits;
    }

    /** Decompressed bytes read so far. */
    long decompressed() {
        return decompressed;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            passed(1);
        }
        return b;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        int n = in.read(target, offset, length);
        if (n > 0) {
            passed(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        if (skipped > 0) {
            passed(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void passed(long n) throws DecompressionLimitException {
        decompressed += n;
        if (decompressed > limits.maxObjectBytes()) {
            throw new DecompressionLimitException((compressed == null ? "file" : "decompressed file")
                    + " exceeds max.object.bytes=" + limits.maxObjectBytes() + " bytes");
        }
        if (compressed != null && decompressed > ReadLimits.RATIO_FLOOR_BYTES) {
            long in = Math.max(compressed.count(), 1);
            if (decompressed > in * limits.maxCompressionRatio()) {
                throw new DecompressionLimitException("gzip decompresses more than max.compression.ratio="
                        + limits.maxCompressionRatio() + " times (" + decompressed + " bytes from " + in
                        + " compressed): a gzip bomb?");
            }
        }
    }
}
