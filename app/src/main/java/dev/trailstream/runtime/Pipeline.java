package dev.trailstream.runtime;

import dev.trailstream.access.IamSnapshotRecord;
import dev.trailstream.ingest.CloudTrailSourceConnector;
import dev.trailstream.topology.Topics;
import dev.trailstream.topology.TopologyConfig;
import dev.trailstream.topology.TrailStreamTopology;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole pipeline on one machine: Kafka (embedded or external), the Connect worker running the CloudTrail source
 * connector, and the Streams application. Closing it stops them in reverse order.
 */
public final class Pipeline implements AutoCloseable {
    private final RunOptions options;
    /** {@code host:port} of this instance's HTTP server, for interactive queries from the other instances. */
    private final Optional<String> applicationServer;
    private final Topics topics;
    private final TopicsReady topicsReady;
    private final List<AutoCloseable> started = new ArrayList<>();
    /** Told of each event the topology profiles; measures once {@link Metrics} binds it to the registry. */
    private final ProcessingLatency latency = new ProcessingLatency();
    private final AtomicReference<Throwable> streamsFailure = new AtomicReference<>();
    private EmbeddedBroker broker;
    private AdminClient admin;
    private KafkaStreams streams;
    private Topology topology;
    private ConnectWorker worker;
    private String bootstrapServers;

    /** Work to do once the topics exist, before Streams and the connector start: publishing IAM snapshots. */
    @FunctionalInterface
    public interface TopicsReady {
        TopicsReady NOTHING = (bootstrapServers, topics) -> { };

        void accept(String bootstrapServers, Topics topics) throws Exception;
    }

    private Pipeline(RunOptions options, Optional<String> applicationServer, TopicsReady topicsReady) {
        this.options = options;
        this.applicationServer = applicationServer;
        this.topicsReady = topicsReady;
        this.topics = Topics.defaults();
    }

    /** Starts everything, without serving queries to other instances; on failure stops what had started. */
    public static Pipeline start(RunOptions options) throws Exception {
        return start(options, Optional.empty());
    }

    /**
     * Starts everything; on failure stops what had started and rethrows.
     *
     * @param applicationServer the {@code host:port} where this instance's HTTP server already listens, announced to
     *                          the other instances of the application so that they can forward queries of the keys
     *                          this one hosts; empty when it serves no HTTP
     */
    public static Pipeline start(RunOptions options, Optional<String> applicationServer) throws Exception {
        return start(options, applicationServer, TopicsReady.NOTHING);
    }

    /**
     * As {@link #start(RunOptions, Optional)}, running {@code topicsReady} as soon as the topics exist, before the
     * Streams application and the connector start (what it publishes is there before the first event is read).
     */
    public static Pipeline start(RunOptions options, Optional<String> applicationServer, TopicsReady topicsReady)
            throws Exception {
        Pipeline pipeline = new Pipeline(options, applicationServer, topicsReady);
        try {
            pipeline.startAll();
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(options.stateDir());
        if (options.embedded()) {
            broker = EmbeddedBroker.start(options.stateDir().resolve("kafka"), options.brokerPort(),
                    options.controllerPort());
            started.add(broker);
            bootstrapServers = broker.bootstrapServers();
        } else {
            bootstrapServers = options.bootstrapServers().orElseThrow();
        }
        admin = AdminClient.create(KafkaClientSettings.admin(bootstrapServers));
        started.add(admin);
        checkReachable();
        try {
            TopicSetup.ensure(admin, topicSpecs(), replicas());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidReplicationFactorException tooMany) {
                // More replicas than brokers: the user's to fix, so one line rather than a stack trace.
                throw new UsageException("cannot create TrailStream's topics on " + bootstrapServers + ": "
                        + tooMany.getMessage() + " (--replication-factor must not exceed the number of brokers)");
            }
            throw e;
        }
        topicsReady.accept(bootstrapServers, topics);

        topology = TrailStreamTopology.build(TopologyConfig.defaults().withRules(options.rules())
                .withAllowList(options.allowList())
                .withFindingWindows(options.findings().windows())
                .withAnomalies(options.findings().anomalies())
                .withPrincipalRetention(options.principalRetention())
                .withProcessingObserver(latency));
        streams = new KafkaStreams(topology, streamsProps());
        streams.setUncaughtExceptionHandler(e -> {
            streamsFailure.set(e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        // Leave the group on close: otherwise the next start waits a whole session timeout for this member to expire.
        started.add(() -> streams.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30))));
        streams.start();

        if (options.connect()) {
            worker = ConnectWorker.start(bootstrapServers, options.connectGroupId(), options.connectPort(), replicas());
            started.add(worker);
            // Generous: a worker taking over from a killed one first waits out its open transaction (20 s), then its
            // group's session timeout; on a loaded machine both take longer.
            worker.putConnector(options.connectorName(), connectorConfig(), Duration.ofSeconds(120));
        }
    }

    /** Replicas of the topics made here: 1 on the single embedded broker, else --replication-factor or the broker's. */
    private Optional<Short> replicas() {
        return options.embedded() ? Optional.of((short) 1) : options.replicationFactor();
    }

    private void checkReachable() throws InterruptedException {
        try {
            admin.describeCluster().clusterId().get(12, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new UsageException("cannot reach Kafka at " + bootstrapServers
                    + ": check --bootstrap-servers, or leave it out to use the embedded broker");
        }
    }

    private List<TopicSetup.TopicSpec> topicSpecs() {
        return topicSpecs(topics, options.partitions());
    }

    /** TrailStream's topics with the partitions and retention each needs. */
    public static List<TopicSetup.TopicSpec> topicSpecs(Topics topics, int p) {
        return List.of(
                new TopicSetup.TopicSpec(topics.events().name(), p, TopicSetup.Retention.STREAM),
                new TopicSetup.TopicSpec(topics.eventsDlq().name(), 1, TopicSetup.Retention.FOREVER),
                new TopicSetup.TopicSpec(topics.ingestErrors().name(), 1, TopicSetup.Retention.FOREVER),
                new TopicSetup.TopicSpec(topics.objects().name(), 1, TopicSetup.Retention.COMPACTED),
                new TopicSetup.TopicSpec(topics.findings().name(), p, TopicSetup.Retention.FOREVER),
                iamSnapshotsSpec(topics),
                new TopicSetup.TopicSpec(topics.accessReview().name(), 1, TopicSetup.Retention.COMPACTED));
    }

    /**
     * The IAM snapshot topic: compacted, one partition (a handful of accounts, read whole), and records up to
     * {@link IamSnapshotRecord#MAX_RECORD_BYTES} since a compressed export can exceed Kafka's default 1 MiB.
     */
    public static TopicSetup.TopicSpec iamSnapshotsSpec(Topics topics) {
        return new TopicSetup.TopicSpec(topics.iamSnapshots().name(), 1, TopicSetup.Retention.COMPACTED,
                Map.of("max.message.bytes", String.valueOf(IamSnapshotRecord.MAX_RECORD_BYTES)));
    }

    private Properties streamsProps() throws IOException {
        Properties p = streamsProps(options.applicationId(), bootstrapServers, options.stateDir().resolve("streams"),
                options.embedded());
        applicationServer.ifPresent(server -> p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
        // Changelogs and repartition topics as safe as the topics TrailStream creates (default: the broker's).
        if (!options.embedded()) {
            options.replicationFactor().ifPresent(rf -> p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) rf));
        }
        return p;
    }

    /** The Streams configuration of the pipeline (exactly-once, state under {@code stateDir}). */
    /** How often the Streams application commits (and its findings become visible to read-committed readers). */
    public static final int COMMIT_INTERVAL_MS = 1_000;
    /**
     * The record cache in front of the caching stores. A busy principal's profile is tens of kilobytes and is written
     * on every one of its events; the cache turns that into one changelog record per principal and commit, but only
     * while everything written between two commits fits. With the anomaly stores beside the profiles, Kafka's 10 MB
     * default evicted dirty profiles mid-commit, and the profile changelog of a million events grew to 3.9 GB.
     */
    public static final long STATESTORE_CACHE_BYTES = 64L * 1024 * 1024;

    public static Properties streamsProps(String applicationId, String bootstrapServers, Path stateDir,
                                          boolean embedded) throws IOException {
        Files.createDirectories(stateDir);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Streams hands these to every client it makes (consumers, producers, admin, restore consumer).
        p.putAll(KafkaClientSettings.current());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STATESTORE_CACHE_BYTES);
        // Exactly-once commits a transaction per interval, and each commit writes every profile touched since the
        // last one to its changelog: a busy principal's profile is tens of KB. At the EOS default of 100 ms that
        // changelog traffic cost a third of the throughput (300k events: 78 s at 100 ms, 51 s at 1 s, run --once);
        // a second keeps findings within about a second of their event.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        if (embedded) {
            p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        }
        // After a crash (no clean leave) the next start waits for the dead member's session to expire.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        // A backstop only: ParseEvents routes bad events to the DLQ itself; anything that still fails to
        // deserialise is skipped, logged and counted in Streams' dropped-records metric.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        return p;
    }

    private Map<String, String> connectorConfig() {
        return connectorConfig(options.connectorName(), options.source(), topics);
    }

    /**
     * The CloudTrail source connector's configuration, exactly-once required.
     *
     * @param source {@code source}, any {@code s3.*} and filter settings, and {@code tasks.max} (default 1)
     */
    public static Map<String, String> connectorConfig(String name, Map<String, String> source, Topics topics) {
        Map<String, String> c = new HashMap<>(source);
        c.put("name", name);
        c.put("connector.class", CloudTrailSourceConnector.class.getName());
        c.putIfAbsent("tasks.max", "1");
        c.put("topic", topics.events().name());
        c.put("errors.topic", topics.ingestErrors().name());
        c.put("objects.topic", topics.objects().name());
        c.put("exactly.once.support", "required");
        return c;
    }

    /** The topics the Streams application reads: the events topic and its own repartition topics. */
    public Set<String> streamsSourceTopics() {
        return sourceTopics(topology, options.applicationId());
    }

    /** The topics a topology reads, with repartition topics under their real (application-prefixed) names. */
    public static Set<String> sourceTopics(Topology topology, String applicationId) {
        Set<String> names = new LinkedHashSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    for (String t : source.topicSet()) {
                        names.add(t.endsWith("-repartition") && !t.startsWith(applicationId + "-")
                                ? applicationId + "-" + t : t);
                    }
                }
            }
        }
        return names;
    }

    /** Fails with the first error of the Streams app or the connector, if there was one. */
    public void checkHealthy() {
        Throwable failure = streamsFailure.get();
        if (failure != null) {
            throw new IllegalStateException("the Streams application failed: " + failure, failure);
        }
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("the Streams application stopped (" + streams.state() + ")");
        }
        if (worker != null) {
            String trace = worker.failure(options.connectorName());
            if (trace != null) {
                throw new IllegalStateException("the CloudTrail source connector failed: " + firstLine(trace));
            }
        }
    }

    private static String firstLine(String trace) {
        int nl = trace.indexOf('\n');
        return nl < 0 ? trace : trace.substring(0, nl);
    }

    public boolean streamsRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public RunOptions options() {
        return options;
    }

    public Topics topics() {
        return topics;
    }

    public AdminClient admin() {
        return admin;
    }

    ProcessingLatency latency() {
        return latency;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Stops {@code part} with the pipeline, before what had started earlier (a reader of a topic before the broker).
     */
    public void closeWithIt(AutoCloseable part) {
        started.add(part);
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception ignored) {
                // Keep stopping the rest: a broker left running would keep the JVM alive.
            }
        }
        started.clear();
    }
}
