package dev.trailstream.ingest;

/** A snapshot of {@link IngestCounters}. */
public record IngestCounts(long events, long errors, long objectsRead, long objectsFailed, long objectsSkipped) {

    public long objects() {
        return objectsRead + objectsFailed + objectsSkipped;
    }

    public IngestCounts minus(IngestCounts earlier) {
        return new IngestCounts(events - earlier.events, errors - earlier.errors,
                objectsRead - earlier.objectsRead, objectsFailed - earlier.objectsFailed,
                objectsSkipped - earlier.objectsSkipped);
    }
}
