package dev.trailstream.ingest;

import java.util.Locale;

/** Why a record or an object could not be read; {@link #code()} is the {@code error} field of the errors topic. */
public enum IngestErrorCode {
    /** Not JSON, or JSON cut short: the object ends there. */
    INVALID_JSON,
    /** The gzip stream ends before its end marker (an interrupted upload or copy). */
    TRUNCATED_GZIP,
    /** The gzip stream is damaged. */
    CORRUPT_GZIP,
    /** An element of the record list that is not a JSON object; reading goes on with the next one. */
    NOT_AN_OBJECT,
    /** A record longer than {@code max.record.bytes}; it is skipped and reading goes on. */
    RECORD_TOO_LARGE,
    /** A record holding bytes that are not UTF-8 (in a string); it is skipped and reading goes on. */
    INVALID_UTF8,
    /** The object could not be read from storage. */
    IO_ERROR,
    /**
     * The object no longer exists: a committed offset points into it, or it vanished between listing and reading.
     */
    OBJECT_MISSING,
    /**
     * The object decompresses beyond {@code max.object.bytes} or {@code max.compression.ratio} (a gzip bomb, say):
     * it ends there, the records before are kept.
     */
    DECOMPRESSION_LIMIT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
