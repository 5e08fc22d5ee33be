package dev.trailstream.topology;

/**
 * Told by the profile step about each unique event it handles, so that the application can measure how long events
 * take from ingest to processing without the topology depending on a metrics library.
 *
 * <p>Called on a stream thread for every event: an implementation must be cheap and must not throw.
 */
@FunctionalInterface
public interface ProcessingObserver {
    /** Observes nothing: the default. */
    ProcessingObserver NONE = (appendedMs, processedMs) -> { };

    /**
     * @param appendedMs  the Kafka timestamp of the event's record on {@code cloudtrail.events} (epoch ms): when the
     *                    connector's producer sent it, as the connector sets no timestamp of its own
     * @param processedMs the wall-clock time the profile step handled the event (epoch ms)
     */
    void profiled(long appendedMs, long processedMs);
}
