package dev.trailstream.detect;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.FindingActivity;
import dev.trailstream.topology.Json;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.Topic;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.Set;

/**
 * Runs the {@link Rule}s of the configured {@link RulePack} over each event ({@value #DETECT}) and turns matches into
 * OCSF Detection Findings ({@value #GROUP}), one finding per rule, principal and suppression window (the UTC day unless
 * {@link FindingWindows} says otherwise): the first match creates it (activity 1), later ones update it (activity 2)
 * with the event appended to its related events. A finding names its rule ({@code finding_info.analytic}), carries the
 * rule's severity and ATT&amp;CK references ({@code attacks}) and, in {@code evidences}, the fields the first events
 * matched on. Allow-listed matches are dropped (and counted) before anything else sees them.
 *
 * <ul>
 *   <li>in: {@code KStream<String principalId, CloudTrailEvent>} (unique events, timestamps = event time)</li>
 *   <li>out: {@code trailstream.findings}: key principal id (String), value OCSF 1.3.0 Detection Finding JSON (bytes),
 *       timestamp = the finding's newest event time, header {@code trailstream.ingest.time} (when the triggering
 *       event arrived). Consumers keep the latest record per {@code finding_info.uid}.</li>
 *   <li>out, in memory: the {@link RuleMatch}es, returned for the chain detection.</li>
 *   <li>state: {@value Stores#OPEN_FINDINGS}: {@code KeyValueStore<String findingUid, FindingGroup>}, value JSON,
 *       expired by event time (see {@link OpenFindings}).</li>
 * </ul>
 */
public final class RuleDetections {
    static final String DETECT = "detect-rules";
    static final String GROUP = "group-rule-findings";

    private RuleDetections() {
    }

    /** Runs the rules of {@link TopologyConfig#rules()}; returns the matches that were not allow-listed. */
    public static KStream<String, RuleMatch> attach(KStream<String, CloudTrailEvent> unique, TopologyConfig config) {
        Topic<String, byte[]> findings = config.topics().findings();
        KStream<String, RuleMatch> matches = unique.processValues(new MatchSupplier(config.rules(), config.allowList()),
                Named.as(DETECT), OpenFindings.statsStoreFor(config.allowList()));
        matches.processValues(new GroupSupplier(config.findingWindows(), config.maxRelatedEvents(),
                        config.openFindingRetention().toMillis()), Named.as(GROUP))
                .to(findings.name(), findings.produced());
        return matches;
    }

    /** The retention of open groups: the configured one, or longer when a suppression window needs it. */
    public static long openGroupRetentionMs(Duration configured, FindingWindows windows) {
        return Math.max(configured.toMillis(), windows.longest().plusDays(1).toMillis());
    }

    private record MatchSupplier(RulePack rules, AllowList allowList)
            implements FixedKeyProcessorSupplier<String, CloudTrailEvent, RuleMatch> {
        @Override
        public FixedKeyProcessor<String, CloudTrailEvent, RuleMatch> get() {
            return new FixedKeyProcessor<>() {
                private FixedKeyProcessorContext<String, RuleMatch> context;
                private KeyValueStore<String, Long> stats;

                @Override
                public void init(FixedKeyProcessorContext<String, RuleMatch> context) {
                    this.context = context;
                    this.stats = allowList.isEmpty() ? null : context.getStateStore(Stores.PIPELINE_STATS);
                }

                @Override
                public void process(FixedKeyRecord<String, CloudTrailEvent> record) {
                    CloudTrailEvent event = record.value();
                    for (Rule rule : rules.candidates(event)) {
                        if (rule.matches(event) && !OpenFindings.allowed(allowList, stats, rule.id(), event)) {
                            context.forward(record.withValue(new RuleMatch(rule, event)));
                        }
                    }
                }
            };
        }
    }

    private record GroupSupplier(FindingWindows windows, int maxRelatedEvents, long retentionMs)
            implements FixedKeyProcessorSupplier<String, RuleMatch, byte[]> {

        @Override
        public FixedKeyProcessor<String, RuleMatch, byte[]> get() {
            return new GroupProcessor(windows, maxRelatedEvents, openGroupRetentionMs(Duration.ofMillis(retentionMs), windows));
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(Stores.OPEN_FINDINGS),
                    Serdes.String(), Json.serde(FindingGroup.class)));
        }
    }

    private static final class GroupProcessor implements FixedKeyProcessor<String, RuleMatch, byte[]> {
        private final FindingWindows windows;
        private final int maxRelatedEvents;
        private final long retentionMs;
        private FixedKeyProcessorContext<String, byte[]> context;
        private OpenFindings<FindingGroup> open;

        GroupProcessor(FindingWindows windows, int maxRelatedEvents, long retentionMs) {
            this.windows = windows;
            this.maxRelatedEvents = maxRelatedEvents;
            this.retentionMs = retentionMs;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
            this.open = new OpenFindings<>(context.getStateStore(Stores.OPEN_FINDINGS), FindingGroup::lastSeen,
                    retentionMs);
        }

        @Override
        public void process(FixedKeyRecord<String, RuleMatch> record) {
            Rule rule = record.value().rule();
            CloudTrailEvent event = record.value().event();
            open.advance(event.eventTime().toEpochMilli());
            String period = FindingWindows.period(event.eventTime(), windows.window(rule.id(), FindingWindows.DAY));
            String uid = FindingGroup.uid(rule.id(), event.principal().id(), period);
            FindingGroup before = open.get(uid);
            FindingGroup after = before == null ? FindingGroup.open(uid, rule, event)
                    : before.add(rule, event, maxRelatedEvents);
            open.put(uid, after);
            FindingActivity activity = before == null ? FindingActivity.CREATE : FindingActivity.UPDATE;
            context.forward(OpenFindings.findingRecord(record, after.toFinding(rule, activity).toJsonBytes(),
                    after.lastSeen().toEpochMilli()));
        }
    }
}
