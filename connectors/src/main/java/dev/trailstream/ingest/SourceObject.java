package dev.trailstream.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * One listed object: a file below the local root, or an S3 object below the source prefix.
 *
 * @param key          '/'-separated path relative to the source root; the unit of ordering and of offsets
 * @param size         size in bytes at listing time
 * @param kind         what the key says the object holds
 * @param lastModified when it was last written (a file's mtime, S3's {@code LastModified}), as the listing saw it: how
 *                     far behind the task is while reading it ({@link ConnectorMetrics}). Null when unknown (an
 *                     object a committed offset points to that is gone)
 */
public record SourceObject(String key, long size, ObjectKind kind, Instant lastModified) {
    public SourceObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
    }

    /** An object whose last-modified time is not known. */
    public SourceObject(String key, long size, ObjectKind kind) {
        this(key, size, kind, null);
    }

    public static SourceObject of(String key, long size) {
        return of(key, size, null);
    }

    public static SourceObject of(String key, long size, Instant lastModified) {
        return new SourceObject(key, size, ObjectKind.classify(key, size), lastModified);
    }
}
