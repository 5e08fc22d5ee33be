package dev.trailstream.anomaly;

import dev.trailstream.detect.AllowList;
import dev.trailstream.detect.FindingGroup;
import dev.trailstream.detect.RuleDetections;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.event.ParseEvents;
import dev.trailstream.finding.DetectionFinding.Analytic;
import dev.trailstream.finding.Evidence;
import dev.trailstream.finding.FindingActivity;
import dev.trailstream.topology.Json;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Behavioural anomalies as OCSF Detection Findings: first-time behaviour (signalled by the profile processor, see
 * {@link FirstTimeBehaviour}), bursts of denied calls ({@link DeniedBursts}) and call or error rate spikes
 * ({@link RateSpikes}). Signals of one kind and principal are grouped as rule matches are ({@link FindingGroup}): one
 * finding per UTC day (per UTC hour for denied bursts and rate spikes),
 * created by the first signal (activity 1) and updated by the next (activity 2). {@code finding_info.analytic} is
 * {@code {uid: trailstream.anomaly.<kind>, type: Behavioral}}; severity and {@code confidence_id} are the highest
 * among the group's signals.
 *
 * <ul>
 *   <li>in: the anomaly signals of {@code profile-principal}, {@value #DETECT_DENIED_BURSTS} and
 *       {@code detect-rate-spikes}</li>
 *   <li>out: {@code trailstream.findings}, as {@code RuleDetections} writes it (key principal id, value OCSF JSON,
 *       timestamp the group's newest event time, header {@code trailstream.ingest.time})</li>
 *   <li>state: {@value #STORE}: {@code KeyValueStore<String findingUid, AnomalyGroup>}, JSON, expired as
 *       {@code open-findings} is (groups whose newest event is more than the open-finding retention behind the
 *       newest event time seen). A store of its own rather than {@code open-findings}: the severity and confidence of
 *       a group vary with its events, which a rule group does not keep.</li>
 * </ul>
 */
public final class AnomalyFindings {
    /** Open anomaly findings, by finding uid. */
    public static final String STORE = dev.trailstream.topology.Stores.OPEN_ANOMALY_FINDINGS;
    static final String DETECT_DENIED_BURSTS = "detect-denied-bursts";
    private static final Duration EXPIRY_INTERVAL = Duration.ofHours(1);

    private AnomalyFindings() {
    }

    /**
     * Adds the denied-burst and rate-spike detections on {@code unique} and the grouping of all signals,
     * {@code firstTime} included, into findings.
     */
    public static void attach(KStream<String, CloudTrailEvent> unique, KStream<String, AnomalySignal> firstTime,
                              TopologyConfig config) {
        KStream<String, AnomalySignal> denied = DeniedBursts.attach(unique, config.anomalies());
        Topic<String, byte[]> findings = config.topics().findings();
        firstTime.merge(denied, Named.as("merge-anomaly-signals"))
                .merge(RateSpikes.attach(unique, config.anomalies()), Named.as("merge-rate-spike-signals"))
                .processValues(new Supplier(config.allowList(), config.maxRelatedEvents(),
                                config.openFindingRetention().toMillis()),
                        Named.as("group-anomaly-findings"), RuleDetections.statsStoreFor(config.allowList()))
                .to(findings.name(), findings.produced().withName("write-anomaly-findings"));
    }

    private record Supplier(AllowList allowList, int maxRelatedEvents, long retentionMs)
            implements FixedKeyProcessorSupplier<String, AnomalySignal, byte[]> {
        @Override
        public FixedKeyProcessor<String, AnomalySignal, byte[]> get() {
            return new GroupProcessor(allowList, maxRelatedEvents, retentionMs);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(STORE),
                    Serdes.String(), Json.serde(AnomalyGroup.class)));
        }
    }

    private static final class GroupProcessor implements FixedKeyProcessor<String, AnomalySignal, byte[]> {
        private final AllowList allowList;
        private final int maxRelatedEvents;
        private final long retentionMs;
        private FixedKeyProcessorContext<String, byte[]> context;
        private KeyValueStore<String, AnomalyGroup> open;
        private KeyValueStore<String, Long> stats;
        /** Event time, not the task's stream time (ingest time); see {@code RuleDetections}. */
        private long newestEventTime = Long.MIN_VALUE;
        private long nextExpiry = Long.MIN_VALUE;

        GroupProcessor(AllowList allowList, int maxRelatedEvents, long retentionMs) {
            this.allowList = allowList;
            this.maxRelatedEvents = maxRelatedEvents;
            this.retentionMs = retentionMs;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
            this.open = context.getStateStore(STORE);
            this.stats = allowList.isEmpty() ? null
                    : context.getStateStore(dev.trailstream.topology.Stores.PIPELINE_STATS);
        }

        @Override
        public void process(FixedKeyRecord<String, AnomalySignal> record) {
            AnomalySignal signal = record.value();
            CloudTrailEvent event = signal.event();
            long time = event.eventTime().toEpochMilli();
            newestEventTime = Math.max(newestEventTime, time);
            if (newestEventTime >= nextExpiry) {
                dropExpired(newestEventTime);
                nextExpiry = newestEventTime + EXPIRY_INTERVAL.toMillis();
            }
            AnomalyKind kind = signal.kind();
            if (RuleDetections.allowed(allowList, stats, kind.analyticId(), event)) {
                return;
            }
            String uid = FindingGroup.uid(kind.analyticId(), event.principal().id(), signal.period());
            Evidence evidence = evidence(signal);
            AnomalyGroup before = open.get(uid);
            AnomalyGroup after = before == null
                    ? new AnomalyGroup(FindingGroup.open(uid, kind.analyticId(), event, evidence), signal.severity(),
                    signal.confidence())
                    : before.and(before.group().add(event, evidence, maxRelatedEvents), signal.severity(),
                    signal.confidence());
            open.put(uid, after);
            FindingActivity activity = before == null ? FindingActivity.CREATE : FindingActivity.UPDATE;
            RecordHeaders headers = new RecordHeaders();
            Header ingest = record.headers().lastHeader(ParseEvents.INGEST_TIME);
            if (ingest != null) {
                headers.add(ingest);
            }
            byte[] finding = after.group().toFinding(kind.title(), kind.description(), kind.findingType(),
                            after.severity(), after.confidence(), Analytic.behavioral(kind.analyticId(), kind.title()),
                            List.of(), activity)
                    .toJsonBytes();
            context.forward(record.withValue(finding)
                    .withTimestamp(after.group().lastSeen().toEpochMilli())
                    .withHeaders(headers));
        }

        private static Evidence evidence(AnomalySignal signal) {
            CloudTrailEvent event = signal.event();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("eventID", event.eventId());
            data.putAll(signal.data());
            return new Evidence(new Evidence.Api(event.eventName(), new Evidence.Service(event.eventSource())), data);
        }

        private void dropExpired(long eventTime) {
            List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, AnomalyGroup> all = open.all()) {
                while (all.hasNext()) {
                    KeyValue<String, AnomalyGroup> group = all.next();
                    if (group.value.group().lastSeen().toEpochMilli() < eventTime - retentionMs) {
                        expired.add(group.key);
                    }
                }
            }
            expired.forEach(open::delete);
        }
    }
}
