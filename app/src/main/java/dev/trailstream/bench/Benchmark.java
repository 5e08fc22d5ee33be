package dev.trailstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trailstream.export.CommittedTopic;
import dev.trailstream.export.RunOutputs;
import dev.trailstream.export.Summary;
import dev.trailstream.ingest.LocalFolderLister;
import dev.trailstream.runtime.Completion;
import dev.trailstream.runtime.ConnectWorker;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.runtime.IngestProgress;
import dev.trailstream.runtime.Pipeline;
import dev.trailstream.runtime.RunOptions;
import dev.trailstream.runtime.StreamsProgress;
import dev.trailstream.runtime.TopicSetup;
import dev.trailstream.topology.Topics;
import dev.trailstream.topology.TrailStreamTopology;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark: the same data set through each stage alone and through the whole pipeline, each
 * figure beside its ratio to the decompress-and-parse floor. End to end runs first, so that the peak RSS read
 * after it is the pipeline's own.
 */
public final class Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One measured stage. */
    public record Stage(String name, long events, double seconds, long decompressedBytes) {
        public double eventsPerSecond() {
            return seconds > 0 ? events / seconds : 0;
        }
    }

    /** Everything one benchmark run measured. */
    public record Report(String source, List<Stage> stages, double secondsToFirstFinding, long findingRecords,
                         long latencyP50Ms, long latencyP99Ms, long peakRssBytes, long stateStoreBytes,
                         long principals, double stateBytesPerPrincipal, Live live, Map<String, String> environment) {
    }

    /**
     * Latency outside a replay ({@link LiveLatency}), in ms; all -1 when not measured.
     *
     * @param files    files written, one per interval, each opening one finding
     * @param findings of those findings, how many were seen within a minute of the last file
     */
    public record Live(int files, int findings, long arrivalP50Ms, long arrivalP99Ms, long arrivalMaxMs,
                       long fileP50Ms, long fileP99Ms) {
    }

    private Benchmark() {
    }

    public static Report run(Path source, Path work, int partitions, int liveFiles) throws Exception {
        Files.createDirectories(work);
        List<Stage> stages = new ArrayList<>();
        Topics topics = Topics.defaults();

        // 1. End to end, as `run --once` does it.
        long t0 = System.nanoTime();
        long startedAt = System.currentTimeMillis();
        Collection<String> lastKeys = new LocalFolderLister(source).lastKeyPerPrefix().values();
        Path e2eState = work.resolve("e2e");
        Map<String, String> sourceSettings = Map.of("source", source.toAbsolutePath().toString());
        RunOptions options = new RunOptions(sourceSettings, Optional.empty(), e2eState, true, Optional.empty(), true,
                "trailstream", partitions, "127.0.0.1", -1, 0, 0, 0);
        Summary summary;
        FindingWatch watch;
        try (Pipeline pipeline = Pipeline.start(options)) {
            watch = new FindingWatch(pipeline.bootstrapServers(), topics.findings().name(), startedAt);
            Completion.await(pipeline, lastKeys, line -> { });
            summary = RunOutputs.write(pipeline, null);
            // The watcher polls on its own: let it see every committed finding record before it stops counting.
            long[] committed = {0};
            CommittedTopic.forEach(pipeline.bootstrapServers(), topics.findings().name(), r -> committed[0]++);
            watch.awaitRecords(committed[0], Duration.ofSeconds(30));
            watch.close();
        }
        double e2eSeconds = ParseFloor.seconds(t0);
        long peakRss = peakRss();
        long stateBytes = du(e2eState.resolve("streams"));

        // 2. The floor and the connector's reader, no Kafka.
        ParseFloor.Result floor = ParseFloor.tokenize(source);
        ParseFloor.Result reader = ParseFloor.connectorReader(source);
        stages.add(new Stage(floor.name(), floor.events(), floor.seconds(), floor.bytes()));
        stages.add(new Stage(reader.name(), reader.events(), reader.seconds(), reader.bytes()));

        // 3. The connector alone into a fresh broker, then 4. the topology alone over what it wrote.
        try (EmbeddedBroker broker = EmbeddedBroker.start(work.resolve("stages/kafka"), 0, 0);
             AdminClient admin = AdminClient.create(Map.of(
                     AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicSetup.ensure(admin, Pipeline.topicSpecs(topics, partitions), Optional.of((short) 1));
            long connectorEvents;
            try (ConnectWorker worker = ConnectWorker.start(broker.bootstrapServers(), "bench-connect", 0, true);
                 IngestProgress progress = new IngestProgress(broker.bootstrapServers(), topics.objects().name())) {
                long c0 = System.nanoTime();
                worker.putConnector("bench-source", Pipeline.connectorConfig("bench-source", sourceSettings, topics),
                        Duration.ofSeconds(60));
                Set<String> pending = new HashSet<>(lastKeys);
                while (!progress.poll(pending, Duration.ofMillis(200))) {
                    String failure = worker.failure("bench-source");
                    if (failure != null) {
                        throw new IllegalStateException("the connector failed: " + failure);
                    }
                }
                connectorEvents = progress.events();
                stages.add(new Stage("connector alone → broker (exactly-once)", connectorEvents,
                        ParseFloor.seconds(c0), reader.bytes()));
            }
            Topology topology = TrailStreamTopology.build(dev.trailstream.topology.TopologyConfig.defaults());
            String appId = "bench-topology";
            try (KafkaStreams streams = new KafkaStreams(topology, Pipeline.streamsProps(appId,
                    broker.bootstrapServers(), work.resolve("stages/streams"), true))) {
                long s0 = System.nanoTime();
                streams.start();
                StreamsProgress drained = new StreamsProgress(admin, broker.bootstrapServers(), appId,
                        Pipeline.sourceTopics(topology, appId));
                while (streams.state() != KafkaStreams.State.RUNNING || drained.backlog() > 0) {
                    if (streams.state() == KafkaStreams.State.ERROR) {
                        throw new IllegalStateException("the Streams application failed");
                    }
                    Thread.sleep(100);
                }
                stages.add(new Stage("topology alone (input pre-filled, until drained)", connectorEvents,
                        ParseFloor.seconds(s0), reader.bytes()));
                streams.close(CloseOptions.groupMembershipOperation(
                        CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
            }
        }
        stages.add(new Stage("end to end, embedded, run --once (incl. start and stop)", summary.eventsIngested(),
                e2eSeconds, reader.bytes()));

        // 5. Latency outside a replay: files trickling into a watched folder.
        Live live = new Live(0, 0, -1, -1, -1, -1, -1);
        if (liveFiles > 0) {
            LiveLatency.Result r = LiveLatency.measure(work.resolve("live"), partitions, liveFiles,
                    Duration.ofSeconds(1));
            live = new Live(r.files(), r.findings(), r.arrival(0.5), r.arrival(0.99), r.arrival(1.0), r.file(0.5),
                    r.file(0.99));
        }

        Map<String, String> env = new LinkedHashMap<>();
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put("kafka", org.apache.kafka.common.utils.internals.AppInfoParser.getVersion());
        env.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        env.put("max_heap_mb", String.valueOf(Runtime.getRuntime().maxMemory() >> 20));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return new Report(source.toString(), stages, watch.secondsToFirstFinding(), watch.records(),
                watch.latencyQuantile(0.50), watch.latencyQuantile(0.99), peakRss, stateBytes,
                summary.principals(), summary.principals() == 0 ? 0 : (double) stateBytes / summary.principals(),
                live, env);
    }

    public static void print(Report report, PrintWriter out) {
        Stage floor = report.stages().get(0);
        out.printf("| stage | events | seconds | events/s | MB/s | vs floor |%n|---|---|---|---|---|---|%n");
        for (Stage s : report.stages()) {
            out.printf("| %s | %,d | %.2f | %,.0f | %.1f | %.3f |%n", s.name(), s.events(), s.seconds(),
                    s.eventsPerSecond(), s.seconds() > 0 ? s.decompressedBytes() / 1e6 / s.seconds() : 0,
                    floor.eventsPerSecond() > 0 ? s.eventsPerSecond() / floor.eventsPerSecond() : 0);
        }
        out.printf("%nfirst finding after %.1f s; %,d finding records; arrival → finding latency p50 %d ms, p99 %d ms%n",
                report.secondsToFirstFinding(), report.findingRecords(), report.latencyP50Ms(),
                report.latencyP99Ms());
        Live live = report.live();
        if (live.files() > 0) {
            out.printf("live (watch mode, %d files one a second, %d findings seen): arrival → finding p50 %d ms, "
                            + "p99 %d ms, max %d ms; file written → finding p50 %d ms, p99 %d ms (listing every %d ms)%n",
                    live.files(), live.findings(), live.arrivalP50Ms(), live.arrivalP99Ms(), live.arrivalMaxMs(),
                    live.fileP50Ms(), live.fileP99Ms(), LiveLatency.LISTING_INTERVAL_MS);
        }
        out.printf("peak RSS %,d MB; Streams state %,d bytes for %,d principals (%,.0f bytes per principal)%n",
                report.peakRssBytes() >> 20, report.stateStoreBytes(), report.principals(),
                report.stateBytesPerPrincipal());
        out.printf("%s%n", report.environment());
        out.flush();
    }

    public static void write(Report report, Path file) throws IOException {
        JSON.writeValue(file.toFile(), report);
    }

    /** The process's peak resident set (VmHWM), or -1 where /proc is not there. */
    static long peakRss() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long du(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
