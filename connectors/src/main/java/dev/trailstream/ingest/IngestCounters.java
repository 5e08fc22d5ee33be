package dev.trailstream.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a task has produced since it started. Atomic because metrics reporters read them from other threads while
 * the task thread counts.
 */
public final class IngestCounters {
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong objectsRead = new AtomicLong();
    private final AtomicLong objectsFailed = new AtomicLong();
    private final AtomicLong objectsSkipped = new AtomicLong();

    void event() {
        events.incrementAndGet();
    }

    void error() {
        errors.incrementAndGet();
    }

    void object(ObjectStatus status) {
        switch (status) {
            case READ -> objectsRead.incrementAndGet();
            case FAILED -> objectsFailed.incrementAndGet();
            case SKIPPED -> objectsSkipped.incrementAndGet();
        }
    }

    public IngestCounts snapshot() {
        return new IngestCounts(events.get(), errors.get(), objectsRead.get(), objectsFailed.get(),
                objectsSkipped.get());
    }
}
