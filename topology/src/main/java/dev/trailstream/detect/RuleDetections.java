package dev.trailstream.detect;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.event.ParseEvents;
import dev.trailstream.finding.FindingActivity;
import dev.trailstream.topology.Json;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.Topic;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the {@link Rule}s of the configured {@link RulePack} over each event and turns matches into OCSF Detection
 * Findings, one finding per rule, principal and UTC day of event time: the first match creates it (activity 1), later
 * ones update it (activity 2) with the event appended to its related events. A finding names its rule
 * ({@code finding_info.analytic}), carries the rule's severity and ATT&amp;CK references ({@code attacks}) and, in
 * {@code evidences}, the fields the first events matched on.
 *
 * <ul>
 *   <li>in: {@code KStream<String principalId, CloudTrailEvent>} (unique events, timestamps = event time)</li>
 *   <li>out: {@code trailstream.findings}: key principal id (String), value OCSF 1.3.0 Detection Finding JSON (bytes),
 *       timestamp = the finding's newest event time, header {@code trailstream.ingest.time} (when the triggering event arrived). Consumers keep the latest record per
 *       {@code finding_info.uid}.</li>
 *   <li>state: {@value Stores#OPEN_FINDINGS}: {@code KeyValueStore<String findingUid, FindingGroup>}, value JSON.
 *       Groups whose newest event is more than the configured retention behind the newest event time seen are
 *       dropped, checked once per hour of event time; a straggler for a dropped group creates it again under the
 *       same uid (activity 1 again).</li>
 * </ul>
 *
 * <p>Why not a {@code STREAM_TIME} punctuator: a task's stream time comes from the source records' timestamps, which
 * on {@code cloudtrail.events} are ingest time; re-stamping downstream does not move it. The processor keeps its own
 * event-time clock instead (the newest event time it has seen; after a restart it starts again from the next event).
 */
public final class RuleDetections {
    private static final Duration EXPIRY_INTERVAL = Duration.ofHours(1);

    private RuleDetections() {
    }

    /** Runs the rules of {@link TopologyConfig#rules()}. */
    public static void attach(KStream<String, CloudTrailEvent> unique, TopologyConfig config) {
        Topic<String, byte[]> findings = config.topics().findings();
        unique.processValues(new Supplier(config.rules(), config.allowList(), config.maxRelatedEvents(),
                        config.openFindingRetention().toMillis()), Named.as("detect-and-group-findings"),
                        statsStoreFor(config.allowList()))
                .to(findings.name(), findings.produced());
    }

    /**
     * The stores a finding processor needs to count allowed matches: {@value Stores#PIPELINE_STATS} with an
     * allow-list, none without, so that the topology without one is unchanged. Same sub-topology either way (the
     * store already serves the parser), so adding an allow-list later moves no state.
     */
    public static String[] statsStoreFor(AllowList allowList) {
        return allowList.isEmpty() ? new String[0] : new String[]{Stores.PIPELINE_STATS};
    }

    /**
     * True when {@code allowList} silences {@code analyticId} for {@code event}; then counts it in {@code stats}
     * (non-null whenever the list is not empty).
     */
    public static boolean allowed(AllowList allowList, KeyValueStore<String, Long> stats, String analyticId,
                                  CloudTrailEvent event) {
        if (allowList.isEmpty() || !allowList.allows(analyticId, event)) {
            return false;
        }
        PipelineStats.increment(stats, PipelineStats.findingsAllowed(analyticId));
        return true;
    }

    private record Supplier(RulePack rules, AllowList allowList, int maxRelatedEvents, long retentionMs)
            implements FixedKeyProcessorSupplier<String, CloudTrailEvent, byte[]> {

        @Override
        public FixedKeyProcessor<String, CloudTrailEvent, byte[]> get() {
            return new DetectProcessor(rules, allowList, maxRelatedEvents, retentionMs);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(Stores.OPEN_FINDINGS),
                    Serdes.String(), Json.serde(FindingGroup.class)));
        }
    }

    private static final class DetectProcessor implements FixedKeyProcessor<String, CloudTrailEvent, byte[]> {
        private final RulePack rules;
        private final AllowList allowList;
        private final int maxRelatedEvents;
        private final long retentionMs;
        private FixedKeyProcessorContext<String, byte[]> context;
        private KeyValueStore<String, FindingGroup> open;
        private KeyValueStore<String, Long> stats;
        private long newestEventTime = Long.MIN_VALUE;
        private long nextExpiry = Long.MIN_VALUE;

        DetectProcessor(RulePack rules, AllowList allowList, int maxRelatedEvents, long retentionMs) {
            this.rules = rules;
            this.allowList = allowList;
            this.maxRelatedEvents = maxRelatedEvents;
            this.retentionMs = retentionMs;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
            this.open = context.getStateStore(Stores.OPEN_FINDINGS);
            this.stats = allowList.isEmpty() ? null : context.getStateStore(Stores.PIPELINE_STATS);
        }

        @Override
        public void process(FixedKeyRecord<String, CloudTrailEvent> record) {
            // Event time, not wall-clock time: a replay of last year's logs must close its days as they pass.
            newestEventTime = Math.max(newestEventTime, record.timestamp());
            if (newestEventTime >= nextExpiry) {
                dropExpired(newestEventTime);
                nextExpiry = newestEventTime + EXPIRY_INTERVAL.toMillis();
            }
            for (Rule rule : rules.candidates(record.value())) {
                if (rule.matches(record.value()) && !allowed(allowList, stats, rule.id(), record.value())) {
                    emit(record, rule);
                }
            }
        }

        private void emit(FixedKeyRecord<String, CloudTrailEvent> record, Rule rule) {
            CloudTrailEvent event = record.value();
            String uid = FindingGroup.uid(rule.id(), event.principal().id(), FindingGroup.dayOf(event.eventTime()));
            FindingGroup before = open.get(uid);
            FindingGroup after = before == null ? FindingGroup.open(rule, event)
                    : before.add(rule, event, maxRelatedEvents);
            open.put(uid, after);
            FindingActivity activity = before == null ? FindingActivity.CREATE : FindingActivity.UPDATE;
            // Fresh headers: the event's origin headers describe one event, not the finding. Only when the
            // triggering event arrived is kept, for the arrival-to-finding latency.
            RecordHeaders headers = new RecordHeaders();
            Header ingest = record.headers().lastHeader(ParseEvents.INGEST_TIME);
            if (ingest != null) {
                headers.add(ingest);
            }
            context.forward(record.withValue(after.toFinding(rule, activity).toJsonBytes())
                    .withTimestamp(after.lastSeen().toEpochMilli())
                    .withHeaders(headers));
        }

        private void dropExpired(long eventTime) {
            List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, FindingGroup> all = open.all()) {
                while (all.hasNext()) {
                    KeyValue<String, FindingGroup> group = all.next();
                    if (group.value.lastSeen().toEpochMilli() < eventTime - retentionMs) {
                        expired.add(group.key);
                    }
                }
            }
            expired.forEach(open::delete);
        }
    }
}
