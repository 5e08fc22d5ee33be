package dev.trailstream.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.cli.CloudTrailFolder;
import dev.trailstream.cli.RunOnceTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The connector as a platform team deploys it: the plugin folder {@code package} builds, loaded from
 * {@code plugin.path} by a stock Kafka Connect worker ({@code ConnectDistributed}, default plugin discovery) in its own
 * JVM, whose classpath holds Kafka and nothing of TrailStream, configured with the example config from
 * {@code connectors/config/} over the worker's REST API.
 */
class StockWorkerPluginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PLUGIN_PATH = Path.of("../connectors/target/trailstream-cloudtrail-source");
    private static final Path EXAMPLE = Path.of("../connectors/config/cloudtrail-source.json");
    @TempDir
    Path tmp;

    @Test
    void stockWorkerLoadsThePluginFromPluginPathAndItsTwoTasksReadEveryEventOnce() throws Exception {
        assumeTrue(Files.isDirectory(PLUGIN_PATH), "the plugin folder is built by the connectors module's package");
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 11);
        CloudTrailFolder expected = CloudTrailFolder.of(logs);

        try (EmbeddedBroker broker = startBrokerWithTopics()) {
            StockWorker worker = StockWorker.start(broker.bootstrapServers(), tmp);
            try {
                // Two tasks share the simulated organisation's account/region prefixes.
                worker.createConnector(logs, 2);

                Set<String> ids = readEventIds(broker.bootstrapServers(), expected.events(), worker);
                assertThat(ids).isEqualTo(expected.eventIds());
                assertThat(worker.get("/connectors/cloudtrail-source/status").path("tasks").findValuesAsText("state"))
                        .containsExactly("RUNNING", "RUNNING");
                assertThat(worker.get("/connector-plugins").findValuesAsText("class"))
                        .contains("dev.trailstream.ingest.CloudTrailSourceConnector");
            } finally {
                worker.stop();
            }
        }
    }

    @Test
    void aWorkerKilledMidObjectAndRestartedDeliversEveryEventExactlyOnce() throws Exception {
        assumeTrue(Files.isDirectory(PLUGIN_PATH), "the plugin folder is built by the connectors module's package");
        // Few large objects, so that the kill lands in the middle of one.
        List<JsonNode> events = new ArrayList<>();
        Path sim = RunOnceTest.simulate(tmp.resolve("sim"), 12);
        for (int copy = 0; copy < 8; copy++) {
            for (Path f : CloudTrailFolder.eventFiles(sim)) {
                for (JsonNode e : CloudTrailFolder.records(f)) {
                    events.add(((ObjectNode) e.deepCopy()).put("eventID", e.path("eventID").asText() + "-" + copy));
                }
            }
        }
        Path logs = tmp.resolve("big");
        Set<String> expectedIds = new HashSet<>();
        int perFile = events.size() / 4 + 1;
        for (int i = 0; i < 4; i++) {
            List<JsonNode> part = events.subList(i * perFile, Math.min(events.size(), (i + 1) * perFile));
            part.forEach(e -> expectedIds.add(e.path("eventID").asText()));
            writeRecordsFile(logs.resolve("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/0" + (i + 2)
                    + "/111122223333_CloudTrail_us-east-1_2026110" + (i + 2) + "T0000Z_big.json.gz"), part);
        }

        try (EmbeddedBroker broker = startBrokerWithTopics()) {
            StockWorker worker = StockWorker.start(broker.bootstrapServers(), tmp);
            try {
                worker.createConnector(logs, 1);
                // Kill -9 once a quarter of the events are committed: the task is inside an object.
                awaitCommitted(broker.bootstrapServers(), events.size() / 4, worker);
                worker.kill();
                worker = StockWorker.start(broker.bootstrapServers(), tmp);

                Set<String> ids = readEventIds(broker.bootstrapServers(), events.size(), worker);
                assertThat(ids).isEqualTo(expectedIds);
            } finally {
                worker.stop();
            }
        }
    }

    private EmbeddedBroker startBrokerWithTopics() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), Ports.free(), Ports.free());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("cloudtrail.events", 2, (short) 1),
                    new NewTopic("cloudtrail.ingest-errors", 1, (short) 1),
                    new NewTopic("cloudtrail.objects", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return broker;
    }

    private static void writeRecordsFile(Path file, List<JsonNode> records) throws IOException {
        Files.createDirectories(file.getParent());
        ObjectNode root = JSON.createObjectNode();
        root.putArray("Records").addAll(records);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            JSON.writeValue(out, root);
        }
    }

    /** Waits until at least {@code n} events are committed on the events topic. */
    private static void awaitCommitted(String bootstrap, int n, StockWorker worker) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, "await-committed")) {
            consumer.subscribe(List.of("cloudtrail.events"));
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (seen < n) {
                worker.assertAlive();
                assertThat(System.nanoTime()).as("%d events within 180 s", n).isLessThan(deadline);
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Every record of the events topic, read committed, until {@code expected} have come; none may come twice. */
    private static Set<String> readEventIds(String bootstrap, int expected, StockWorker worker) throws Exception {
        Set<String> ids = new HashSet<>();
        int records = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, "read-event-ids")) {
            consumer.subscribe(List.of("cloudtrail.events"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (records < expected && System.nanoTime() < deadline) {
                worker.assertAlive();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    ids.add(JSON.readTree(r.value()).path("eventID").asText());
                    assertThat(r.headers().lastHeader("trailstream.object")).isNotNull();
                }
            }
            // Anything more than expected would be a duplicate: give it a moment to show up.
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < settle) {
                records += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        assertThat(records).as("records on cloudtrail.events; worker log: %s", worker.tail()).isEqualTo(expected);
        return ids;
    }

    /** A stock Connect worker in its own JVM, with the plugin on its plugin.path and Kafka on its classpath. */
    private static final class StockWorker {
        private final Process process;
        private final Path log;
        private final String base;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        private StockWorker(Process process, Path log, String base) {
            this.process = process;
            this.log = log;
            this.base = base;
        }

        /** Starts a worker of group {@code stock-worker}; a second start in the same dir joins the same group. */
        static StockWorker start(String bootstrap, Path dir) throws Exception {
            int restPort = Ports.free();
            Path workerProps = dir.resolve("worker-" + restPort + ".properties");
            Files.writeString(workerProps, String.join("\n",
                    "bootstrap.servers=" + bootstrap,
                    "group.id=stock-worker",
                    "config.storage.topic=stock-configs", "offset.storage.topic=stock-offsets",
                    "status.storage.topic=stock-status",
                    "config.storage.replication.factor=1", "offset.storage.replication.factor=1",
                    "status.storage.replication.factor=1",
                    "key.converter=org.apache.kafka.connect.json.JsonConverter",
                    "value.converter=org.apache.kafka.connect.json.JsonConverter",
                    "exactly.once.source.support=enabled",
                    // As compose/connect-distributed.properties and connectors/config/README.md advise: the killed
                    // worker's open transaction is aborted after 20 s, not the default 60 s, before the restart goes on.
                    "producer.transaction.timeout.ms=20000",
                    "listeners=http://127.0.0.1:" + restPort,
                    "plugin.path=" + PLUGIN_PATH.toAbsolutePath().normalize(),
                    // A killed worker's tasks move to the next one after its session times out: keep that short.
                    "session.timeout.ms=6000", "heartbeat.interval.ms=2000", "scheduled.rebalance.max.delay.ms=0",
                    "offset.flush.interval.ms=1000", ""));
            Path log = dir.resolve("worker-" + restPort + ".log");
            String classpath = kafkaOnlyClasspath();
            assertThat(classpath).contains("connect-runtime").doesNotContain("trailstream-connectors")
                    .doesNotContain("connectors/target/classes");
            Process process = new ProcessBuilder(javaBin(), "-Xmx512m", "-Dlog4j2.level=INFO", "-cp", classpath,
                    "org.apache.kafka.connect.cli.ConnectDistributed", workerProps.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            StockWorker worker = new StockWorker(process, log, "http://127.0.0.1:" + restPort);
            worker.awaitRest(Duration.ofSeconds(120));
            return worker;
        }

        /** Creates the connector from the example config in {@code connectors/config/}, reading {@code logs}. */
        void createConnector(Path logs, int tasks) throws Exception {
            ObjectNode example = (ObjectNode) JSON.readTree(EXAMPLE.toFile());
            ObjectNode config = (ObjectNode) example.get("config");
            config.put("source", logs.toString());
            config.put("poll.interval.ms", "1000");
            config.put("tasks.max", String.valueOf(tasks));
            config.remove("s3.region");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/connectors"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(example))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }

        JsonNode get(String path) throws Exception {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }

        void assertAlive() {
            if (!process.isAlive()) {
                fail("the worker exited with " + process.exitValue() + ": " + tail());
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no task stop, no offset flush
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        private void awaitRest(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                assertAlive();
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base + "/connectors")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            fail("no REST answer from " + base + " in " + timeout + ": " + tail());
        }

        String tail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }

    /**
     * This JVM's classpath without TrailStream's own code or the libraries only the plugin brings (the AWS SDK), so the
     * connector can come from nowhere but {@code plugin.path}.
     */
    private static String kafkaOnlyClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("trailstream-")
                        && !entry.endsWith("classes") && !entry.contains("/software/amazon/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
