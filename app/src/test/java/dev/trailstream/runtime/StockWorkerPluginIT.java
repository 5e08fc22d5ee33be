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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void stockWorkerLoadsThePluginFromPluginPathAndReadsEveryEventOnce() throws Exception {
        assumeTrue(Files.isDirectory(PLUGIN_PATH), "the plugin folder is built by the connectors module's package");
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 11);
        CloudTrailFolder expected = CloudTrailFolder.of(logs);

        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), Ports.free(), Ports.free())) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("cloudtrail.events", 2, (short) 1),
                        new NewTopic("cloudtrail.ingest-errors", 1, (short) 1),
                        new NewTopic("cloudtrail.objects", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            int restPort = Ports.free();
            Path workerProps = tmp.resolve("worker.properties");
            Files.writeString(workerProps, String.join("\n",
                    "bootstrap.servers=" + broker.bootstrapServers(),
                    "group.id=stock-worker",
                    "config.storage.topic=stock-configs", "offset.storage.topic=stock-offsets",
                    "status.storage.topic=stock-status",
                    "config.storage.replication.factor=1", "offset.storage.replication.factor=1",
                    "status.storage.replication.factor=1",
                    "key.converter=org.apache.kafka.connect.json.JsonConverter",
                    "value.converter=org.apache.kafka.connect.json.JsonConverter",
                    "exactly.once.source.support=enabled",
                    "listeners=http://127.0.0.1:" + restPort,
                    "plugin.path=" + PLUGIN_PATH.toAbsolutePath().normalize(),
                    "offset.flush.interval.ms=1000", ""));
            Path log = tmp.resolve("worker.log");
            String classpath = kafkaOnlyClasspath();
            assertThat(classpath).contains("connect-runtime").doesNotContain("trailstream-connectors")
                    .doesNotContain("connectors/target/classes");
            Process worker = new ProcessBuilder(javaBin(), "-Xmx512m", "-Dlog4j2.level=INFO", "-cp", classpath,
                    "org.apache.kafka.connect.cli.ConnectDistributed", workerProps.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                String base = "http://127.0.0.1:" + restPort;
                ObjectNode example = (ObjectNode) JSON.readTree(EXAMPLE.toFile());
                ObjectNode config = (ObjectNode) example.get("config");
                config.put("source", logs.toString());
                config.put("poll.interval.ms", "1000");
                config.remove("s3.region");
                awaitStatus(base + "/connectors", 200, Duration.ofSeconds(120), worker, log);
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/connectors"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(example))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

                Set<String> ids = readEventIds(broker.bootstrapServers(), expected.events(), worker, log);
                assertThat(ids).isEqualTo(expected.eventIds());
                JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(
                        URI.create(base + "/connectors/cloudtrail-source/status")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(status.path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
                JsonNode plugins = JSON.readTree(http.send(HttpRequest.newBuilder(
                        URI.create(base + "/connector-plugins")).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(plugins.findValuesAsText("class")).contains("dev.trailstream.ingest.CloudTrailSourceConnector");
            } finally {
                worker.destroy();
                if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
            }
        }
    }

    /** Every record of the events topic, read committed, until {@code expected} have come; none may come twice. */
    private static Set<String> readEventIds(String bootstrap, int expected, Process worker, Path log) throws Exception {
        Set<String> ids = new HashSet<>();
        int records = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "stock-worker-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("cloudtrail.events"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (records < expected && System.nanoTime() < deadline) {
                if (!worker.isAlive()) {
                    fail("the worker died: " + tail(log));
                }
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
        assertThat(records).as("records on cloudtrail.events; worker log: %s", tail(log)).isEqualTo(expected);
        return ids;
    }

    private void awaitStatus(String url, int status, Duration timeout, Process worker, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!worker.isAlive()) {
                fail("the worker exited with " + worker.exitValue() + ": " + tail(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        fail("no " + status + " from " + url + " in " + timeout + ": " + tail(log));
    }

    /**
     * This JVM's classpath without TrailStream's own code or the libraries only the plugin brings (the AWS SDK), so the
     * connector can come from nowhere but {@code plugin.path}.
     */
    private static String kafkaOnlyClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("/dev/trailstream/") && !entry.endsWith("classes")
                        && !entry.contains("/software/amazon/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
