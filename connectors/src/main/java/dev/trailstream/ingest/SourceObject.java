package dev.trailstream.ingest;

import java.util.Objects;

/**
 * One listed object: a file below the local root, or an S3 object below the source prefix.
 *
 * @param key  '/'-separated path relative to the source root; the unit of ordering and of offsets
 * @param size size in bytes at listing time
 * @param kind what the key says the object holds
 */
public record SourceObject(String key, long size, ObjectKind kind) {
    public SourceObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
    }

    public static SourceObject of(String key, long size) {
        return new SourceObject(key, size, ObjectKind.classify(key, size));
    }
}
