package dev.trailstream.iam;

import dev.trailstream.runtime.KafkaClientSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.access.CredentialReport;
import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.IamSnapshotRecord;
import dev.trailstream.access.PolicyEvaluator;
import dev.trailstream.export.CommittedTopic;
import dev.trailstream.finding.FindingActivity;
import dev.trailstream.finding.IamAnalysisFinding;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.topology.Stores;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Least privilege, continuously: every {@code interval}, reviews every user and role of the latest IAM snapshots
 * (topic {@code trailstream.iam-snapshots}) against the behaviour profiles ({@code principal-profiles} store), keeps
 * the result for the HTTP API ({@link #latest()}), and writes what changed to {@code trailstream.findings} as OCSF IAM
 * Analysis Findings (class 2008): a finding is created when the review first stands by it, updated when what it says
 * changes, and closed when the access is used or removed.
 *
 * <ul>
 *   <li>output {@code trailstream.findings}: key the user or role ARN, value {@link IamAnalysisFinding} JSON, record
 *       timestamp the newest event time seen (where the lookback ends)</li>
 *   <li>state {@code trailstream.access-review} (compacted, one partition): key finding uid, value the last record
 *       written for the open finding with its fingerprint; a tombstone once closed. Findings and state are written in
 *       one transaction, so a crash neither repeats a Create nor forgets an open finding; the state is read back
 *       (read-committed) before the first review.</li>
 * </ul>
 *
 * <p>Why outside the topology: a principal's use is spread over several profiles (one per IAM Identity Center
 * session, keyed on different partitions), and an unused role has no events at all, so no single task sees a
 * principal whole. The review reads every profile instead: from the local {@code principal-profiles} store while
 * this instance is the application's only one (it then holds every partition), else from the store's changelog
 * ({@link ChangelogProfiles}), which holds every partition's profiles wherever they are hosted.
 *
 * <p>Several instances: exactly one reviews, elected at each tick by {@link ReviewerElection} (the smallest
 * {@code application.server}); the others stand by, say once which instance reviews, and forget their review state
 * and result, so that an instance elected later (the reviewer left) reads the state topic back before its first
 * review as reviewer: it neither creates again the findings the previous reviewer created nor forgets open ones.
 * Instances without HTTP have no {@code application.server} and none can be elected: they stand down and say so.
 * The transactional id is shared by every instance: if two briefly both believe they review (while a rebalance
 * spreads the metadata), the newer producer fences the older, whose transaction is aborted; the fenced producer is
 * closed, and the next tick starts over with a new one and a fresh read of the state.
 */
public final class AccessReview implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessReview.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final String snapshotTopic;
    private final String findingsTopic;
    private final String stateTopic;
    private final String transactionalId;
    /** What to do at each scheduled tick: review from a source, or stand by. */
    private final Supplier<Turn> turn;
    /** The profiles {@link #reviewNow()} reads: this instance's ({@code run --once} runs one instance). */
    private final ProfileSource profiles;
    /** The other instance that reviews, when one does. */
    private final Supplier<Optional<HostInfo>> elsewhere;
    private final Map<String, CredentialReport> credentials;
    private final Duration lookback;
    private final Clock clock;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final AtomicReference<AccessReports> latest = new AtomicReference<>();
    /** Open findings by uid: the state topic as last written. Null until read back. */
    private Map<String, State> open;
    private KafkaProducer<String, byte[]> producer;
    private ScheduledExecutorService scheduler;
    private volatile Map<String, Long> openByAnalytic = Map.of();
    /** Set by {@link #bindTo}; null when no registry is bound. */
    private volatile AccessReviewMetrics metrics;
    private String lastProblem;

    /** Every behaviour profile, as an iterator the review closes. */
    @FunctionalInterface
    public interface ProfileSource {
        KeyValueIterator<String, PrincipalProfile> all();
    }

    /** What this instance does at a tick. */
    sealed interface Turn permits Review, StandBy {
    }

    /** Review now, reading every profile from {@code source}. */
    record Review(ProfileSource source) implements Turn {
    }

    /**
     * Do not review now.
     *
     * @param reason    said once (empty: nothing to say, e.g. while Streams rebalances)
     * @param elsewhere another instance reviews, or may: forget the review's state, read back if elected later
     */
    record StandBy(String reason, boolean elsewhere) implements Turn {
    }

    /** An open finding as last written: what it said and when it opened. */
    private record State(String fingerprint, long firstSeen, String accountId, String principal, JsonNode finding) {
    }

    /**
     * What one review changed.
     *
     * @param principals users and roles reviewed
     * @param created    findings opened
     * @param updated    findings whose content changed
     * @param closed     findings resolved
     * @param open       findings open after the review
     */
    public record Outcome(int principals, int created, int updated, int closed, int open) {
    }

    /**
     * @param applicationId names the transactional producer, so a restarted instance fences its predecessor
     * @param credentials   credential reports by account id (may be empty)
     * @param lookback      how far back "unused" looks, ending at the newest event
     */
    public AccessReview(String bootstrapServers, String snapshotTopic, String findingsTopic, String stateTopic,
                        String applicationId, KafkaStreams streams, Map<String, CredentialReport> credentials,
                        Duration lookback, Clock clock) {
        this(bootstrapServers, snapshotTopic, findingsTopic, stateTopic, applicationId, streams, Optional.empty(),
                credentials, lookback, clock);
    }

    /**
     * @param applicationServer this instance's {@code application.server} ({@code host:port} of its HTTP API), by
     *                          which it is elected among several instances; empty without HTTP
     */
    public AccessReview(String bootstrapServers, String snapshotTopic, String findingsTopic, String stateTopic,
                        String applicationId, KafkaStreams streams, Optional<String> applicationServer,
                        Map<String, CredentialReport> credentials, Duration lookback, Clock clock) {
        this(bootstrapServers, snapshotTopic, findingsTopic, stateTopic, applicationId,
                turns(streams, applicationServer.map(HostInfo::buildFromEndpoint), localProfiles(streams),
                        new ChangelogProfiles(bootstrapServers, ChangelogProfiles.topic(applicationId))),
                localProfiles(streams), () -> elsewhere(streams, applicationServer.map(HostInfo::buildFromEndpoint)),
                credentials, lookback, clock);
    }

    /**
     * @param profiles  every profile, read at each review
     * @param standDown why a scheduled review should not run now (empty: it may), checked before each
     */
    AccessReview(String bootstrapServers, String snapshotTopic, String findingsTopic, String stateTopic,
                 String applicationId, ProfileSource profiles, Supplier<Optional<String>> standDown,
                 Map<String, CredentialReport> credentials, Duration lookback, Clock clock) {
        this(bootstrapServers, snapshotTopic, findingsTopic, stateTopic, applicationId,
                () -> standDown.get().<Turn>map(reason -> new StandBy(reason, false))
                        .orElseGet(() -> new Review(profiles)),
                profiles, Optional::empty, credentials, lookback, clock);
    }

    /**
     * @param turn      what to do at each scheduled tick
     * @param profiles  every profile, for {@link #reviewNow()} outside the schedule
     * @param elsewhere the other instance that reviews, when one does
     */
    AccessReview(String bootstrapServers, String snapshotTopic, String findingsTopic, String stateTopic,
                 String applicationId, Supplier<Turn> turn, ProfileSource profiles,
                 Supplier<Optional<HostInfo>> elsewhere, Map<String, CredentialReport> credentials,
                 Duration lookback, Clock clock) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers);
        this.snapshotTopic = snapshotTopic;
        this.findingsTopic = findingsTopic;
        this.stateTopic = stateTopic;
        this.transactionalId = applicationId + "-access-review";
        this.turn = turn;
        this.profiles = profiles;
        this.elsewhere = elsewhere;
        this.credentials = Map.copyOf(credentials);
        this.lookback = lookback;
        this.clock = clock;
    }

    /** The latest review, for the HTTP API and the run's outputs; empty before the first. */
    public Optional<AccessReports> latest() {
        return Optional.ofNullable(latest.get());
    }

    /**
     * The other instance that runs the review, whose {@link #latest()} the HTTP API should answer with; empty when
     * this instance reviews, or none is elected.
     */
    public Optional<HostInfo> reviewer() {
        return elsewhere.get();
    }

    /** Reviews every {@code interval} from now on, in a daemon thread; a failed review is logged and retried. */
    public void start(Duration interval) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trailstream-access-review");
            t.setDaemon(true);
            return t;
        });
        long first = Math.min(interval.toMillis(), 15_000);
        scheduler.scheduleWithFixedDelay(this::tick, first, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Open findings by analytic id ({@code trailstream_access_findings_open{analytic}}) and, after each review, the
     * least-privilege gauges of {@link AccessReviewMetrics}.
     */
    public void bindTo(MeterRegistry registry) {
        for (String analytic : new String[] {AccessFindings.UNUSED_ROLE, AccessFindings.UNUSED_USER,
                AccessFindings.UNUSED_ACCESS_KEY, AccessFindings.UNUSED_PASSWORD, AccessFindings.UNUSED_PERMISSIONS,
                AccessFindings.RISKY_GRANT}) {
            Gauge.builder("trailstream.access.findings.open", this, r -> r.openByAnalytic.getOrDefault(analytic, 0L))
                    .description("Access-review findings open now (IAM Analysis Findings), by analytic")
                    .tag("analytic", analytic)
                    .register(registry);
        }
        metrics = new AccessReviewMetrics(registry);
    }

    private static ProfileSource localProfiles(KafkaStreams streams) {
        return () -> streams.store(StoreQueryParameters.fromNameAndType(Stores.PRINCIPAL_PROFILES,
                QueryableStoreTypes.<String, PrincipalProfile>keyValueStore())).all();
    }

    private static ReviewerElection.Outcome election(KafkaStreams streams, Optional<HostInfo> self) {
        return ReviewerElection.elect(self, streams.metadataForAllStreamsClients().stream()
                .map(StreamsMetadata::hostInfo).toList());
    }

    private static Optional<HostInfo> elsewhere(KafkaStreams streams, Optional<HostInfo> self) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        ReviewerElection.Outcome outcome = election(streams, self);
        return outcome.role() == ReviewerElection.Role.OTHER ? outcome.reviewer() : Optional.empty();
    }

    /**
     * What this instance does now: nothing while Streams is not running (its metadata is moving); alone, review from
     * the local store; elected among several, from the changelog; else stand by.
     */
    private static Supplier<Turn> turns(KafkaStreams streams, Optional<HostInfo> self, ProfileSource local,
                                        ChangelogProfiles changelog) {
        return () -> {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                return new StandBy("", false);
            }
            ReviewerElection.Outcome outcome = election(streams, self);
            if (outcome.role() == ReviewerElection.Role.ALONE && !hostsEveryProfilePartition(streams, changelog)) {
                // Streams' metadata lists only instances with an application.server: without one here it lists none,
                // and another instance without one is missing from it. Only the partitions hosted here tell.
                outcome = new ReviewerElection.Outcome(ReviewerElection.Role.NO_ADDRESS, Optional.empty());
            }
            return switch (outcome.role()) {
                case ALONE -> new Review(local);
                case REVIEWER -> new Review(changelog);
                case OTHER -> new StandBy("several instances share the application: "
                        + address(outcome.reviewer().orElseThrow()) + " runs the access review (the smallest "
                        + "HTTP address); this instance stands by and forwards /api/access there", true);
                case NO_ADDRESS -> new StandBy("several instances share the application, but not each has an HTTP "
                        + "address (application.server), so none can be elected to run the access review: it stands"
                        + " down; give each instance an --http-port", true);
            };
        };
    }

    /** This instance's profile store holds every partition (no standby replicas are configured: all active). */
    private static boolean hostsEveryProfilePartition(KafkaStreams streams, ChangelogProfiles changelog) {
        int hosted = streams.allLocalStorePartitionLags().getOrDefault(Stores.PRINCIPAL_PROFILES, Map.of()).size();
        return hosted >= changelog.partitions();
    }

    private static String address(HostInfo host) {
        return (host.host().contains(":") ? "[" + host.host() + "]" : host.host()) + ":" + host.port();
    }

    /** One scheduled review: reviews or stands by as the turn says; a failure is logged and retried next time. */
    void tick() {
        try {
            Turn now = turn.get();
            if (now instanceof StandBy standBy) {
                if (standBy.elsewhere()) {
                    forget();
                }
                if (!standBy.reason().isEmpty()) {
                    problem(standBy.reason());
                }
                return;
            }
            review(((Review) now).source());
            // Said again if it happens again, e.g. after leadership came back.
            lastProblem = null;
        } catch (InvalidStateStoreException e) {
            // A rebalance moved the stores: the next tick reads them again.
            LOG.debug("access review postponed: {}", e.getMessage());
        } catch (RuntimeException e) {
            problem("access review failed, retried at the next interval: " + e);
        }
    }

    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            LOG.warn(message);
            lastProblem = message;
        }
    }

    /**
     * Another instance reviews: its findings move on without this one, so the state this one read is stale. Dropped,
     * to be read back from the state topic if this instance is elected later; the review, the open-findings
     * gauges and the least-privilege gauges are dropped too, so that only the reviewer reports them.
     */
    private synchronized void forget() {
        open = null;
        latest.set(null);
        openByAnalytic = Map.of();
        AccessReviewMetrics m = metrics;
        if (m != null) {
            m.clear();
        }
    }

    /**
     * Reviews now, outside the schedule and whatever the turn ({@code run --once}, tests): reads the latest
     * snapshots and every profile of this instance, writes the findings that changed. Does nothing (empty) while
     * there is no snapshot, or no event to end the lookback.
     */
    public Optional<Outcome> reviewNow() {
        return review(profiles);
    }

    private synchronized Optional<Outcome> review(ProfileSource source) {
        long started = System.nanoTime();
        Map<String, IamSnapshot> snapshots = new TreeMap<>();
        Map<String, IamSnapshotRecord> records = IamSnapshots.latest(bootstrapServers, snapshotTopic);
        records.forEach((account, record) -> snapshots.put(account, record.snapshot()));
        if (open == null) {
            open = readState();
        }
        if (snapshots.isEmpty() && open.isEmpty()) {
            return Optional.empty();
        }
        Optional<AccessReports> review;
        try (KeyValueIterator<String, PrincipalProfile> all = source.all()) {
            Iterator<PrincipalProfile> profiles = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public PrincipalProfile next() {
                    return all.next().value;
                }
            };
            review = AccessReports.review(profiles, snapshots, credentials, lookback, evaluator, clock.instant());
        }
        if (review.isEmpty()) {
            return Optional.empty();
        }
        AccessReports reports = review.get();
        Outcome outcome = publish(reports, AccessFindings.of(reports), records);
        latest.set(reports);
        AccessReviewMetrics m = metrics;
        if (m != null) {
            m.update(reports, clock.instant(), (System.nanoTime() - started) / 1e9);
        }
        return Optional.of(outcome);
    }

    private Outcome publish(AccessReports reports, Map<String, AccessFindings.Open> current,
                            Map<String, IamSnapshotRecord> records) {
        Instant time = reports.newestEvent();
        Map<String, State> next = new LinkedHashMap<>(open);
        int created = 0;
        int updated = 0;
        int closed = 0;
        KafkaProducer<String, byte[]> p = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try {
            p.beginTransaction();
            for (AccessFindings.Open finding : current.values()) {
                State before = open.get(finding.uid());
                if (before != null && before.fingerprint().equals(finding.fingerprint())) {
                    continue;
                }
                Instant firstSeen = before == null ? time : Instant.ofEpochMilli(before.firstSeen());
                IamAnalysisFinding record = finding.finding(before == null ? FindingActivity.CREATE
                        : FindingActivity.UPDATE, firstSeen, time, null);
                byte[] bytes = record.toJsonBytes();
                sent.add(p.send(new ProducerRecord<>(findingsTopic, null, time.toEpochMilli(), finding.principal(),
                        bytes)));
                State state = new State(finding.fingerprint(), firstSeen.toEpochMilli(), finding.accountId(),
                        finding.principal(), tree(bytes));
                p.send(new ProducerRecord<>(stateTopic, finding.uid(), stateBytes(state)));
                next.put(finding.uid(), state);
                if (before == null) {
                    created++;
                } else {
                    updated++;
                }
            }
            for (Map.Entry<String, State> e : open.entrySet()) {
                if (current.containsKey(e.getKey())) {
                    continue;
                }
                State state = e.getValue();
                String why = closedBecause(state, reports, records);
                ObjectNode finding = closed(state.finding().deepCopy(), time, why);
                sent.add(p.send(new ProducerRecord<>(findingsTopic, null, time.toEpochMilli(), state.principal(),
                        bytes(finding))));
                p.send(new ProducerRecord<>(stateTopic, e.getKey(), null));
                next.remove(e.getKey());
                closed++;
            }
            p.commitTransaction();
        } catch (RuntimeException e) {
            // The transaction's records are never read (read-committed). The next review reads the state back: another
            // instance may have written it meanwhile (this producer fenced by a newer reviewer).
            abort(p);
            open = null;
            throw e;
        }
        open = next;
        awaitReadable(sent);
        Map<String, Long> byAnalytic = new TreeMap<>();
        next.values().forEach(s -> byAnalytic.merge(s.finding().path("finding_info").path("analytic").path("uid")
                .asText(), 1L, Long::sum));
        openByAnalytic = byAnalytic;
        if (created + updated + closed > 0) {
            LOG.info("access review: {} users and roles, {} findings created, {} updated, {} closed, {} open",
                    reports.entries().size(), created, updated, closed, next.size());
        }
        return new Outcome(reports.entries().size(), created, updated, closed, next.size());
    }

    /**
     * Waits (10 s at most) until read-committed consumers can read what was sent: the commit returns once the
     * transaction is decided, but its markers reach the partitions a moment later, and until then the last stable
     * offset stays before the records. {@code run --once} reads the findings topic right after the review.
     */
    private void awaitReadable(List<Future<RecordMetadata>> sent) {
        if (sent.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> last = new HashMap<>();
        try {
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get();
                last.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::max);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a committed record has no metadata", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (KafkaConsumer<String, byte[]> consumer = CommittedTopic.consumer(bootstrapServers)) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, Long> stable = consumer.endOffsets(last.keySet());
                if (last.entrySet().stream().allMatch(e -> stable.get(e.getKey()) > e.getValue())) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LOG.warn("access review: committed findings not yet readable after 10 s");
    }

    /** Why a finding the review no longer stands by is resolved: its access was used, or it is gone from IAM. */
    private static String closedBecause(State state, AccessReports reports, Map<String, IamSnapshotRecord> records) {
        IamSnapshotRecord record = records.get(state.accountId());
        if (record == null) {
            return "the IAM snapshot of account " + state.accountId() + " was removed";
        }
        if (!reports.entries().containsKey(state.principal())) {
            return "removed from IAM: not in the snapshot of " + state.accountId() + " taken " + record.takenAt();
        }
        String analytic = state.finding().path("finding_info").path("analytic").path("uid").asText();
        return switch (analytic) {
            case AccessFindings.UNUSED_ROLE, AccessFindings.UNUSED_USER -> "used within the lookback";
            case AccessFindings.UNUSED_ACCESS_KEY, AccessFindings.UNUSED_PASSWORD ->
                    "used within the lookback, or no longer active";
            case AccessFindings.UNUSED_PERMISSIONS -> "no granted permission is left unused";
            case AccessFindings.RISKY_GRANT -> "no longer granted";
            default -> "no longer found by the review";
        };
    }

    /** The last record of an open finding, turned into its Close. */
    static ObjectNode closed(ObjectNode finding, Instant time, String why) {
        finding.put("activity_id", FindingActivity.CLOSE.id());
        finding.put("activity_name", FindingActivity.CLOSE.caption());
        finding.put("type_uid", IamAnalysisFinding.CLASS_UID * 100L + FindingActivity.CLOSE.id());
        finding.put("type_name", "IAM Analysis Finding: " + FindingActivity.CLOSE.caption());
        finding.put("status_id", 4);
        finding.put("status", "Resolved");
        finding.put("time", time.toEpochMilli());
        finding.put("message", finding.path("finding_info").path("title").asText() + " — resolved: " + why);
        object(finding, "finding_info").put("last_seen_time", time.toEpochMilli());
        object(finding, "unmapped").put("closed_because", why);
        return finding;
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode child ? child : parent.putObject(field);
    }

    private Map<String, State> readState() {
        Map<String, State> state = new LinkedHashMap<>();
        CommittedTopic.forEach(bootstrapServers, stateTopic, r -> {
            if (r.key() == null) {
                return;
            }
            if (r.value() == null) {
                state.remove(r.key());
                return;
            }
            JsonNode node = tree(r.value());
            state.put(r.key(), new State(node.path("fingerprint").asText(), node.path("first_seen").asLong(),
                    node.path("account").asText(), node.path("principal").asText(), node.path("finding")));
        });
        return state;
    }

    private static byte[] stateBytes(State state) {
        ObjectNode node = JSON.createObjectNode();
        node.put("fingerprint", state.fingerprint());
        node.put("first_seen", state.firstSeen());
        node.put("account", state.accountId());
        node.put("principal", state.principal());
        node.set("finding", state.finding());
        return bytes(node);
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.putAll(KafkaClientSettings.client(bootstrapServers));
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
            KafkaProducer<String, byte[]> fresh = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer());
            try {
                // Fences any other producer of this id: a previous reviewer, or this instance's previous life.
                fresh.initTransactions();
            } catch (RuntimeException e) {
                // Not kept half-initialised: the next review makes a new one rather than failing forever.
                fresh.close(Duration.ZERO);
                throw e;
            }
            producer = fresh;
        }
        return producer;
    }

    private void abort(KafkaProducer<String, byte[]> p) {
        try {
            p.abortTransaction();
        } catch (RuntimeException e) {
            // Fenced or broken: start over with a new producer next time.
            p.close(Duration.ZERO);
            producer = null;
        }
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
            }
        }
    }
}
