package dev.trailstream.event;

import dev.trailstream.event.ParseResult.Parsed;
import dev.trailstream.event.ParseResult.Rejected;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.Topic;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Raw CloudTrail records → typed events keyed by principal id and stamped with their event time.
 *
 * <ul>
 *   <li>in: {@code cloudtrail.events}: key principal id (String, may be null), value CloudTrail event JSON (bytes),
 *       origin headers {@code trailstream.source|object|index}, timestamp ingest time</li>
 *   <li>parsed events keep the ingest time in header {@value #INGEST_TIME}</li>
 *   <li>out: {@code cloudtrail.events.dlq}: the original key, bytes, headers and timestamp of every record that is not
 *       a usable event, plus headers {@value #ERROR_CODE} and {@value #ERROR_REASON}</li>
 *   <li>out (internal): {@code rekeyed-events-repartition}: events whose record key was not their principal id,
 *       key principal id, value the event JSON</li>
 *   <li>returns: {@code KStream<String principalId, CloudTrailEvent>}, timestamps = {@code eventTime}</li>
 *   <li>counts {@code events.consumed}, {@code events.rejected} and {@code dlq|<reject code>} in
 *       {@value Stores#PIPELINE_STATS}</li>
 * </ul>
 */
public final class ParseEvents {
    public static final String ERROR_CODE = "trailstream.error.code";
    public static final String ERROR_REASON = "trailstream.error.reason";
    /**
     * Parsed events keep when they arrived (the input record's timestamp, epoch ms as decimal text) once their
     * timestamp becomes event time: findings carry it on, so the delay from arrival to finding can be measured.
     */
    public static final String INGEST_TIME = "trailstream.ingest.time";

    private ParseEvents() {
    }

    public static KStream<String, CloudTrailEvent> attach(StreamsBuilder builder, TopologyConfig config) {
        Topic<String, byte[]> in = config.topics().events();
        Topic<String, byte[]> dlq = config.topics().eventsDlq();

        Map<String, KStream<String, ParseResult>> results = builder.stream(in.name(), in.consumed())
                .processValues(ParseProcessor::new, Named.as("parse-cloudtrail-event"), Stores.PIPELINE_STATS)
                .split(Named.as("parse-result-"))
                .branch((key, result) -> result instanceof Rejected, Branched.withConsumer(rejected -> rejected
                        .mapValues(result -> ((Rejected) result).original(), Named.as("rejected-original-bytes"))
                        .to(dlq.name(), dlq.produced()), "rejected"))
                .defaultBranch(Branched.as("parsed"));

        // The connector keys each event by the same Principals.resolve, so the key normally is the principal id and
        // the event is already on its principal's partition. If it is not (a null key, a connector built from older
        // normalisation code), state keyed by principal would silently split across partitions: only those events
        // are re-keyed through a repartition topic, so the common case pays nothing.
        Map<String, KStream<String, CloudTrailEvent>> byKey = results.get("parse-result-parsed")
                .mapValues(result -> ((Parsed) result).event(), Named.as("parsed-event"))
                .split(Named.as("record-key-"))
                .branch((key, event) -> event.principal().id().equals(key), Branched.as("is-principal"))
                .defaultBranch(Branched.withFunction(misKeyed -> misKeyed
                        .selectKey((key, event) -> event.principal().id(), Named.as("key-by-principal"))
                        .repartition(Repartitioned.<String, CloudTrailEvent>as("rekeyed-events")
                                .withKeySerde(Serdes.String()).withValueSerde(new CloudTrailEventSerde())),
                        "rekeyed"));
        return byKey.get("record-key-is-principal").merge(byKey.get("record-key-rekeyed"), Named.as("merge-rekeyed-events"));
    }

    private static final class ParseProcessor implements FixedKeyProcessor<String, byte[], ParseResult> {
        private FixedKeyProcessorContext<String, ParseResult> context;
        private KeyValueStore<String, Long> stats;

        @Override
        public void init(FixedKeyProcessorContext<String, ParseResult> context) {
            this.context = context;
            this.stats = context.getStateStore(Stores.PIPELINE_STATS);
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            PipelineStats.increment(stats, PipelineStats.EVENTS_CONSUMED);
            ParseResult result = CloudTrailEventParser.parse(record.value());
            if (result instanceof Parsed parsed) {
                // From here on, time is event time: windows, first/last seen and punctuators follow the logs.
                Headers headers = new RecordHeaders(record.headers().toArray());
                headers.remove(INGEST_TIME);
                headers.add(INGEST_TIME, Long.toString(record.timestamp()).getBytes(StandardCharsets.UTF_8));
                context.forward(record.withValue(result).withHeaders(headers)
                        .withTimestamp(parsed.event().eventTime().toEpochMilli()));
            } else {
                Rejected rejected = (Rejected) result;
                PipelineStats.increment(stats, PipelineStats.EVENTS_REJECTED);
                PipelineStats.increment(stats, PipelineStats.eventsBy(PipelineStats.OUTCOME_DROPPED, null, null));
                PipelineStats.increment(stats, PipelineStats.dlq(rejected.code().code()));
                // Ingest time is kept: it is when the bad record arrived, which is what someone triaging the DLQ needs.
                context.forward(record.withValue(result).withHeaders(withError(record.headers(), rejected)));
            }
        }

        /** A copy of the origin headers plus the reason; a record replayed from the DLQ carries only the new one. */
        private static Headers withError(Headers origin, Rejected rejected) {
            Headers headers = new RecordHeaders(origin.toArray());
            headers.remove(ERROR_CODE);
            headers.remove(ERROR_REASON);
            headers.add(ERROR_CODE, rejected.code().code().getBytes(StandardCharsets.UTF_8));
            headers.add(ERROR_REASON, rejected.reason().getBytes(StandardCharsets.UTF_8));
            return headers;
        }
    }
}
