package dev.trailstream.ingest;

import java.util.Objects;

/** One step of {@link CloudTrailRecordReader}: a record, a record that had to be skipped, or the end of the object. */
public sealed interface ReadResult {

    /** 0-based position of the record in the object (every element of the record list counts, readable or not). */
    long index();

    /**
     * A CloudTrail record.
     *
     * @param bytes the record exactly as in the (decompressed) file, from its '{' to its '}'
     */
    record Event(long index, byte[] bytes) implements ReadResult {
        public Event {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** A record that could not be used; the records after it are still read. */
    record Skipped(long index, IngestErrorCode error, String reason) implements ReadResult {
    }

    /**
     * The object could not be read further; every record before {@code index} has been returned. Always the last
     * result of a reader.
     */
    record Failed(long index, IngestErrorCode error, String reason) implements ReadResult {
    }
}
