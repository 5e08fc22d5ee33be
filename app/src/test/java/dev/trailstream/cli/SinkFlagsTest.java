package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.topology.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.trailstream.cli.UsageErrorsTest.assertOneLineUsageError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --sink} on {@code run} and {@code deliver}: wrong values exit 2, right ones deliver every finding. */
class SinkFlagsTest {
    @TempDir
    Path tmp;

    private static List<String> lines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    @Test
    void refusesABadSinkWithOneLineThatListsTheForms() {
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--sink", "splunk:siem:8088"),
                "--sink splunk:siem:8088: expected an http:// or https:// URL with a host; the forms are file:DIR");
        assertOneLineUsageError(RunOnceTest.run("deliver", "--bootstrap-servers", "localhost:9092", "--sink",
                "kafka:x"), "unknown kind 'kafka'; the forms are");
        assertOneLineUsageError(RunOnceTest.run("deliver", "--bootstrap-servers", "localhost:9092"),
                "--sink is required");
        assertOneLineUsageError(RunOnceTest.run("deliver", "--bootstrap-servers", "localhost:9092", "--sink",
                "splunk:https://siem:8088", "--sink-token-file", tmp.resolve("missing").toString()),
                "--sink-token-file " + tmp.resolve("missing") + ": cannot read it");
    }

    @Test
    void deliverOnceSendsWhatTheTopicHoldsAndASecondRunSendsNothingAgain() throws Exception {
        Path out = tmp.resolve("findings");
        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0, 0)) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(props)) {
                admin.createTopics(List.of(new NewTopic(Topics.defaults().findings().name(), 2, (short) 1))).all().get();
            }
            produce(broker, 0, 12);
            String[] args = {"deliver", "--bootstrap-servers", broker.bootstrapServers(), "--sink", "file:" + out,
                    "--state-dir", tmp.resolve("state").toString(), "--once"};
            RunOnceTest.Result first = RunOnceTest.run(args);
            assertThat(first.rc()).as(first.err()).isZero();
            assertThat(first.err()).contains("Sinks: every finding delivered");
            assertThat(lines(out)).hasSize(12);

            produce(broker, 12, 15);
            RunOnceTest.Result second = RunOnceTest.run(args);
            assertThat(second.rc()).as(second.err()).isZero();
            assertThat(lines(out)).hasSize(15).doesNotHaveDuplicates();
        }
    }

    @Test
    void runOnceDeliversEveryFindingItWroteToTheFileSink() throws Exception {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 7);
        Path sink = tmp.resolve("siem");
        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--once",
                "--state-dir", tmp.resolve("state").toString(), "--out", tmp.resolve("out").toString(),
                "--sink", "file:" + sink);
        assertThat(result.rc()).as(result.err()).isZero();
        assertThat(result.err()).contains("Delivering findings to file (file)").contains("Sinks: every finding");
        Set<String> reported = Files.readAllLines(tmp.resolve("out/findings.jsonl")).stream()
                .map(RunOnceTest::json).map(f -> f.path("finding_info").path("uid").asText())
                .collect(Collectors.toSet());
        List<JsonNode> delivered = lines(sink).stream().map(RunOnceTest::json).toList();
        assertThat(reported).isNotEmpty();
        // Every record of the topic (a finding's creation and its updates), so every finding at least once.
        assertThat(delivered.stream().map(f -> f.path("finding_info").path("uid").asText()).collect(Collectors.toSet()))
                .isEqualTo(reported);
        assertThat(delivered).allMatch(f -> f.path("class_uid").asInt() == 2004);
    }

    private static void produce(EmbeddedBroker broker, int from, int to) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                String finding = "{\"class_uid\":2004,\"activity_id\":1,\"time\":" + (1_764_892_800_000L + i)
                        + ",\"finding_info\":{\"uid\":\"u" + i + "\"}}";
                producer.send(new ProducerRecord<>(Topics.defaults().findings().name(), "p" + i,
                        finding.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
