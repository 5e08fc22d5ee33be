package dev.trailstream.event;

import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
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

import java.nio.charset.StandardCharsets;
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
 * <p>A copy is recognised when it arrives within the horizon <em>of ingest time</em> (when the connector read it,
 * header {@value ParseEvents#INGEST_TIME}) after the first. Ingest time, not event time: copies come from a second
 * trail (an organisation trail and an account trail) or from a re-read after a crash, and both arrive soon after the
 * first copy in wall-clock time, however old the events are. In event time they can be far apart: replaying a week
 * of two trails reads one trail's prefixes, then the other's, so the second copy of Monday's events comes after
 * Sunday's, a week of event time later, which an event-time horizon of a day would no longer remember.
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
            // The changelog's records carry the ingest time of the first copy; stamping it with append time makes its
            // retention count from when the entry was written even if a producer's clock was off.
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
            long time = ingestTime(record);
            if (seenWithinHorizon(eventId, time)) {
                PipelineStats.increment(stats, PipelineStats.EVENTS_DUPLICATE);
                PipelineStats.increment(stats, PipelineStats.eventsBy(PipelineStats.OUTCOME_DUPLICATE,
                        record.value().principal().kind().label(), record.value().principal().accountId()));
                return;
            }
            seen.put(eventId, record.value().eventTime().toEpochMilli(), time);
            PipelineStats.increment(stats, PipelineStats.EVENTS_UNIQUE);
            context.forward(record);
        }

        /** When the connector read the record; its event time if the header is missing (not written by us). */
        private static long ingestTime(FixedKeyRecord<String, CloudTrailEvent> record) {
            Header header = record.headers().lastHeader(ParseEvents.INGEST_TIME);
            if (header != null) {
                try {
                    return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
                } catch (NumberFormatException notOurs) {
                    // fall through
                }
            }
            return record.value().eventTime().toEpochMilli();
        }

        private boolean seenWithinHorizon(String eventId, long time) {
            // Looks ahead as well as behind: after a restart, records re-read may carry slightly older ingest times.
            try (WindowStoreIterator<Long> copies = seen.fetch(eventId, Math.max(0, time - horizonMs),
                    time + horizonMs)) {
                return copies.hasNext();
            }
        }
    }
}
