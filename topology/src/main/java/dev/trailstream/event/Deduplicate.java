package dev.trailstream.event;

import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Drops redelivered events: CloudTrail delivers at least once, and a re-read log object repeats every event in it.
 *
 * <ul>
 *   <li>in/out: {@code KStream<String principalId, CloudTrailEvent>}, timestamps = event time</li>
 *   <li>state: {@value Stores#SEEN_EVENT_IDS}, a window store keyed by eventID. Keying by eventID alone is safe
 *       because copies of an event share its principal and so its partition.</li>
 *   <li>counts {@code events.duplicate} and {@code events.unique} in {@value Stores#PIPELINE_STATS}</li>
 * </ul>
 *
 * <p>A copy is recognised within the horizon of event time around the first; copies of events older than the
 * horizon behind stream time are no longer remembered and pass as unique.
 */
public final class Deduplicate {

    private Deduplicate() {
    }

    public static KStream<String, CloudTrailEvent> attach(KStream<String, CloudTrailEvent> events,
                                                          TopologyConfig config) {
        return events.processValues(new Supplier(config.dedupHorizon()), Named.as("deduplicate-by-event-id"),
                Stores.PIPELINE_STATS);
    }

    private record Supplier(Duration horizon)
            implements FixedKeyProcessorSupplier<String, CloudTrailEvent, CloudTrailEvent> {

        @Override
        public FixedKeyProcessor<String, CloudTrailEvent, CloudTrailEvent> get() {
            return new DeduplicateProcessor(horizon.toMillis());
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            // The changelog's records carry event time. Its delete policy would let the broker drop, at once, the
            // entries of any replay of logs older than the retention, and a restore would forget them: stamping the
            // changelog with append time makes its retention count from when the entry was written.
            StoreBuilder<WindowStore<String, Long>> seen = org.apache.kafka.streams.state.Stores.windowStoreBuilder(
                            org.apache.kafka.streams.state.Stores.persistentWindowStore(
                                    Stores.SEEN_EVENT_IDS, horizon, horizon, false),
                            Serdes.String(), Serdes.Long())
                    .withLoggingEnabled(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
            return Set.of(seen);
        }
    }

    private static final class DeduplicateProcessor
            implements FixedKeyProcessor<String, CloudTrailEvent, CloudTrailEvent> {
        private final long horizonMs;
        private FixedKeyProcessorContext<String, CloudTrailEvent> context;
        private WindowStore<String, Long> seen;
        private KeyValueStore<String, Long> stats;

        DeduplicateProcessor(long horizonMs) {
            this.horizonMs = horizonMs;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, CloudTrailEvent> context) {
            this.context = context;
            this.seen = context.getStateStore(Stores.SEEN_EVENT_IDS);
            this.stats = context.getStateStore(Stores.PIPELINE_STATS);
        }

        @Override
        public void process(FixedKeyRecord<String, CloudTrailEvent> record) {
            String eventId = record.value().eventId();
            long time = record.value().eventTime().toEpochMilli();
            if (seenWithinHorizon(eventId, time)) {
                PipelineStats.increment(stats, PipelineStats.EVENTS_DUPLICATE);
                PipelineStats.increment(stats, PipelineStats.eventsBy(PipelineStats.OUTCOME_DUPLICATE,
                        record.value().principal().kind().label(), record.value().principal().accountId()));
                return;
            }
            seen.put(eventId, time, time);
            PipelineStats.increment(stats, PipelineStats.EVENTS_UNIQUE);
            context.forward(record);
        }

        private boolean seenWithinHorizon(String eventId, long time) {
            // Copies normally share eventTime; the range also catches a copy whose time was rewritten slightly.
            try (WindowStoreIterator<Long> copies = seen.fetch(eventId, Math.max(0, time - horizonMs),
                    time + horizonMs)) {
                return copies.hasNext();
            }
        }
    }
}
