package dev.trailstream.anomaly;

import dev.trailstream.detect.AllowList;
import dev.trailstream.detect.FindingGroup;
import dev.trailstream.detect.FindingWindows;
import dev.trailstream.detect.OpenFindings;
import dev.trailstream.detect.RuleDetections;
import dev.trailstream.detect.RuleMatch;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.DetectionFinding.Analytic;
import dev.trailstream.finding.Evidence;
import dev.trailstream.finding.FindingActivity;
import dev.trailstream.topology.Json;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Behavioural anomalies as OCSF Detection Findings: first-time behaviour (signalled by the profile processor, see
 * {@link FirstTimeBehaviour}), bursts of denied calls ({@link DeniedBursts}),
 * call or error rate spikes ({@link RateSpikes}), long-term keys used like workloads ({@link WorkloadKeys}) and chains of them with privilege
 * escalation or persistence ({@link Chains}). Allow-listed signals are dropped first ({@value #DROP_ALLOWED}), so that
 * known-good activity neither raises a finding nor starts a chain. Signals of one kind and principal are grouped as
 * rule matches are ({@link FindingGroup}): one finding per suppression window (the kind's built-in one, see
 * {@link AnomalyKind#window()}, unless {@link FindingWindows} overrides it), created by the first signal (activity 1)
 * and updated by the next (activity 2). {@code finding_info.analytic} is {@code {uid: trailstream.anomaly.<kind>,
 * type: Behavioral}}; severity and {@code confidence_id} are the highest among the group's signals, {@code attacks}
 * the union of their ATT&amp;CK references.
 *
 * <ul>
 *   <li>in: the anomaly signals of {@code profile-principal}, of {@value #DETECT_DENIED_BURSTS} and of
 *       {@code detect-workload-keys} and {@code detect-rate-spikes}, the unique events, and the rule matches</li>
 *   <li>out: {@code trailstream.findings}, as {@code RuleDetections} writes it (key principal id, value OCSF JSON,
 *       timestamp the group's newest event time, header {@code trailstream.ingest.time})</li>
 *   <li>state: {@value #STORE}: {@code KeyValueStore<String findingUid, AnomalyGroup>}, JSON, expired as
 *       {@code open-findings} is (see {@link OpenFindings}). A store of its own rather than {@code open-findings}:
 *       the severity and confidence of a group vary with its events, which a rule group does not keep.</li>
 * </ul>
 */
public final class AnomalyFindings {
    /** Open anomaly findings, by finding uid. */
    public static final String STORE = dev.trailstream.topology.Stores.OPEN_ANOMALY_FINDINGS;
    static final String DETECT_DENIED_BURSTS = "detect-denied-bursts";
    static final String DROP_ALLOWED = "drop-allowed-anomalies";

    private AnomalyFindings() {
    }

    /**
     * Adds the anomaly detections on {@code unique}, the chains with {@code ruleMatches}, and the grouping of all
     * signals, {@code firstTime} included, into findings.
     */
    public static void attach(KStream<String, CloudTrailEvent> unique, KStream<String, AnomalySignal> firstTime,
                              KStream<String, RuleMatch> ruleMatches, TopologyConfig config) {
        KStream<String, AnomalySignal> denied = DeniedBursts.attach(unique, config.anomalies(),
                config.principalRetention());
        KStream<String, AnomalySignal> signals = firstTime.merge(denied, Named.as("merge-anomaly-signals"))
                .merge(WorkloadKeys.attach(unique, config.anomalies(), config.principalRetention()), Named.as("merge-workload-key-signals"))
                .merge(RateSpikes.attach(unique, config.anomalies(), config.principalRetention()), Named.as("merge-rate-spike-signals"));
        AllowList allowList = config.allowList();
        KStream<String, AnomalySignal> kept = signals.processValues(() -> new DropAllowed(allowList),
                Named.as(DROP_ALLOWED), OpenFindings.statsStoreFor(allowList));
        KStream<String, AnomalySignal> chains = Chains.attach(kept, ruleMatches, config);
        Topic<String, byte[]> findings = config.topics().findings();
        kept.merge(chains, Named.as("merge-chain-signals"))
                .processValues(new Supplier(config.findingWindows(), config.maxRelatedEvents(),
                                RuleDetections.openGroupRetentionMs(config.openFindingRetention(),
                                        config.findingWindows())),
                        Named.as("group-anomaly-findings"))
                .to(findings.name(), findings.produced().withName("write-anomaly-findings"));
    }

    /** Passes the signals the allow-list does not silence; counts the others. */
    private static final class DropAllowed implements FixedKeyProcessor<String, AnomalySignal, AnomalySignal> {
        private final AllowList allowList;
        private FixedKeyProcessorContext<String, AnomalySignal> context;
        private KeyValueStore<String, Long> stats;

        DropAllowed(AllowList allowList) {
            this.allowList = allowList;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, AnomalySignal> context) {
            this.context = context;
            this.stats = allowList.isEmpty() ? null
                    : context.getStateStore(dev.trailstream.topology.Stores.PIPELINE_STATS);
        }

        @Override
        public void process(FixedKeyRecord<String, AnomalySignal> record) {
            AnomalySignal signal = record.value();
            if (!OpenFindings.allowed(allowList, stats, signal.kind().analyticId(), signal.event())) {
                context.forward(record);
            }
        }
    }

    private record Supplier(FindingWindows windows, int maxRelatedEvents, long retentionMs)
            implements FixedKeyProcessorSupplier<String, AnomalySignal, byte[]> {
        @Override
        public FixedKeyProcessor<String, AnomalySignal, byte[]> get() {
            return new GroupProcessor(windows, maxRelatedEvents, retentionMs);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(STORE),
                    Serdes.String(), Json.serde(AnomalyGroup.class)));
        }
    }

    private static final class GroupProcessor implements FixedKeyProcessor<String, AnomalySignal, byte[]> {
        private final FindingWindows windows;
        private final int maxRelatedEvents;
        private final long retentionMs;
        private FixedKeyProcessorContext<String, byte[]> context;
        private OpenFindings<AnomalyGroup> open;

        GroupProcessor(FindingWindows windows, int maxRelatedEvents, long retentionMs) {
            this.windows = windows;
            this.maxRelatedEvents = maxRelatedEvents;
            this.retentionMs = retentionMs;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
            this.open = new OpenFindings<>(context.getStateStore(STORE), g -> g.group().lastSeen(), retentionMs);
        }

        @Override
        public void process(FixedKeyRecord<String, AnomalySignal> record) {
            AnomalySignal signal = record.value();
            CloudTrailEvent event = signal.event();
            open.advance(event.eventTime().toEpochMilli());
            AnomalyKind kind = signal.kind();
            Duration window = windows.window(kind.analyticId(), kind.window());
            String uid = FindingGroup.uid(kind.analyticId(), event.principal().id(),
                    FindingWindows.period(event.eventTime(), window));
            Evidence evidence = evidence(signal);
            AnomalyGroup before = open.get(uid);
            AnomalyGroup after = before == null
                    ? new AnomalyGroup(FindingGroup.open(uid, kind.analyticId(), event, evidence)
                    .cite(signal.cites(), maxRelatedEvents), signal.severity(), signal.confidence(), signal.mitre())
                    : before.and(before.group().add(event, evidence, maxRelatedEvents)
                    .cite(signal.cites(), maxRelatedEvents), signal.severity(), signal.confidence(), signal.mitre());
            open.put(uid, after);
            FindingActivity activity = before == null ? FindingActivity.CREATE : FindingActivity.UPDATE;
            byte[] finding = after.group().toFinding(kind.title(), kind.description(), kind.findingType(),
                            after.severity(), after.confidence(), Analytic.behavioral(kind.analyticId(), kind.title()),
                            after.mitreOr(kind.mitre()), activity)
                    .toJsonBytes();
            context.forward(OpenFindings.findingRecord(record, finding, after.group().lastSeen().toEpochMilli()));
        }

        private static Evidence evidence(AnomalySignal signal) {
            CloudTrailEvent event = signal.event();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("eventID", event.eventId());
            data.putAll(signal.data());
            return new Evidence(new Evidence.Api(event.eventName(), new Evidence.Service(event.eventSource())), data);
        }
    }
}
