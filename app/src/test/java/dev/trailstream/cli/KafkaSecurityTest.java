package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.runtime.Ports;
import org.apache.kafka.clients.admin.AdminClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --kafka-config}: against a broker that accepts only SASL (PLAIN) clients, as a secured cluster does, a run
 * given the client settings file works end to end (the Connect worker and its connector, Streams, the admin client,
 * the result readers), and the secret never reaches the terminal.
 */
class KafkaSecurityTest {
    private static final String SECRET = "ts-secret-7f3a9c2e";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void runsAgainstABrokerThatDemandsSaslWithTheSettingsFile() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(BadInputTest.event("s-" + i, "IAMUser", "2026-11-02T10:00:00Z"));
        }
        Files.writeString(logs.resolve("trail.json"), "{\"Records\":[" + String.join(",", events) + "]}");
        Path settings = Files.writeString(tmp.resolve("client.properties"), """
                security.protocol=SASL_PLAINTEXT
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\
                  username="trailstream" password="%s";
                """.formatted(SECRET));
        int port = Ports.free();
        int controller = Ports.free();
        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), port, controller,
                saslOnly(port, controller))) {
            Path out = tmp.resolve("out");
            // The broker really refuses a client without the settings.
            try (AdminClient plain = AdminClient.create(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "default.api.timeout.ms", "3000", "request.timeout.ms", "2000"))) {
                assertThatThrownBy(() -> plain.describeCluster().nodes().get(5, TimeUnit.SECONDS))
                        .isInstanceOfAny(ExecutionException.class, TimeoutException.class);
            }

            RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--bootstrap-servers",
                    broker.bootstrapServers(), "--kafka-config", settings.toString(), "--state-dir",
                    tmp.resolve("state").toString(), "--once", "--out", out.toString(), "--partitions", "2");

            assertThat(result.rc()).as(result.err()).isZero();
            JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
            assertThat(summary.path("events_ingested").asLong()).isEqualTo(50);
            assertThat(summary.path("events_unique").asLong()).isEqualTo(50);
            assertThat(result.out() + result.err()).doesNotContain(SECRET);
        }
    }

    @Test
    void refusesSettingsThatAreNotAboutConnectingOrSecurity() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path settings = Files.writeString(tmp.resolve("client.properties"),
                "security.protocol=SSL\nenable.idempotence=false\n");

        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("run", "--source", logs.toString(),
                "--bootstrap-servers", "127.0.0.1:9", "--kafka-config", settings.toString(), "--once"),
                "enable.idempotence is not a connection or security setting");
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("run", "--source", logs.toString(),
                "--kafka-config", settings.toString(), "--once"), "--kafka-config goes with --bootstrap-servers");
    }

    /** A single-node broker whose client listener accepts SASL/PLAIN only; the controller stays plaintext. */
    private static Map<String, String> saslOnly(int port, int controller) {
        return Map.of(
                "listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port,
                "inter.broker.listener.name", "SASL_PLAINTEXT",
                "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" "
                        + "password=\"broker-secret\" user_broker=\"broker-secret\" user_trailstream=\"" + SECRET
                        + "\";");
    }
}
