package dev.trailstream.ingest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a task has produced since it started: the one place it counts. {@link ConnectorMetrics} exposes these same
 * numbers as Micrometer meters that read them (function counters), and the task's pass logs and {@link #snapshot()}
 * read them too, so nothing is counted twice. Atomic because metrics reporters read them from other threads while the
 * task thread counts.
 */
public final class IngestCounters {
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLongArray errors = new AtomicLongArray(IngestErrorCode.values().length);
    private final AtomicLongArray objects = new AtomicLongArray(ObjectStatus.values().length);
    private final AtomicLong lateRead = new AtomicLong();
    private final AtomicLong lateSkipped = new AtomicLong();
    private final AtomicLong lookbackTruncations = new AtomicLong();

    /** An event record produced, of {@code size} bytes. */
    void event(long size) {
        events.incrementAndGet();
        bytes.addAndGet(size);
    }

    /** An error record produced. */
    void error(IngestErrorCode code) {
        errors.incrementAndGet(code.ordinal());
    }

    /** An object finished, its completion record produced. */
    void object(ObjectStatus status) {
        objects.incrementAndGet(status.ordinal());
    }

    /** A file found before its prefix's cursor but within the look-back: read now. */
    void lateFileRead() {
        lateRead.incrementAndGet();
    }

    /** A file found before its prefix's look-back: reported as skipped, never read. */
    void lateFileSkipped() {
        lateSkipped.incrementAndGet();
    }

    /** A prefix had more files within its look-back than its offset keeps, and let the oldest go. */
    void lookbackTruncated() {
        lookbackTruncations.incrementAndGet();
    }

    long lateFilesRead() {
        return lateRead.get();
    }

    long lateFilesSkipped() {
        return lateSkipped.get();
    }

    long lookbackTruncations() {
        return lookbackTruncations.get();
    }

    long events() {
        return events.get();
    }

    /** Bytes of the event records produced (their values, as in the files). */
    long bytes() {
        return bytes.get();
    }

    long errors(IngestErrorCode code) {
        return errors.get(code.ordinal());
    }

    long objects(ObjectStatus status) {
        return objects.get(status.ordinal());
    }

    public IngestCounts snapshot() {
        long errorTotal = 0;
        for (int i = 0; i < errors.length(); i++) {
            errorTotal += errors.get(i);
        }
        return new IngestCounts(events(), errorTotal, objects(ObjectStatus.READ), objects(ObjectStatus.FAILED),
                objects(ObjectStatus.SKIPPED));
    }
}
