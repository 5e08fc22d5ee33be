package dev.trailstream.runtime;

import dev.trailstream.topology.ProcessingObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code trailstream.processing.latency}: for each unique event, the wall-clock time from its record's append to
 * {@code cloudtrail.events} to the moment the profile step handles it.
 *
 * <p>The start is the record's Kafka timestamp. The connector gives its records no timestamp, so the worker's
 * producer stamps them when it sends them (CreateTime): the time the event was read from its log file, not the
 * CloudTrail {@code eventTime}, which drives windows and can be months old in a replay. The measure so covers the
 * wait in the topic (consumer lag), parsing, de-duplication and the profile update, not CloudTrail's own delivery
 * delay (up to about 15 minutes from the call to the file) nor the connector's listing interval. Duplicates and DLQ
 * records are not measured. On one machine both clocks are the same; across machines a skew shows as an offset
 * (negative differences count as zero).
 */
final class ProcessingLatency implements ProcessingObserver {
    private volatile Timer timer;

    /** Starts recording into {@code registry}; events handled before are not measured. */
    void bindTo(MeterRegistry registry) {
        timer = Timer.builder("trailstream.processing.latency")
                .description("Time from an event's append to cloudtrail.events to its processing by the profile step")
                .publishPercentileHistogram()
                // Buckets from 5 ms (a quiet pipeline) to 10 min (a backlog being worked off) ...
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(10))
                // ... and exact boundaries at the objectives a dashboard draws: within 1 s, 10 s, a minute.
                .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1))
                .register(registry);
    }

    @Override
    public void profiled(long appendedMs, long processedMs) {
        Timer t = timer;
        if (t != null) {
            t.record(Math.max(0, processedMs - appendedMs), TimeUnit.MILLISECONDS);
        }
    }
}
