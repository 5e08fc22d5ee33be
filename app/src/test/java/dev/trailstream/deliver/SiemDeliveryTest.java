package dev.trailstream.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.topology.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The network sinks against a SIEM on 127.0.0.1 that goes down and comes back, on an embedded broker. */
class SiemDeliveryTest {
    /** Short retries, so that an outage spools within the test; the defaults are in {@link SinkSettings}. */
    private static final String FAST = "?attempts=2&backoff-ms=20&max-backoff-ms=200&linger-ms=50&max-records=7";
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path shared;
    static EmbeddedBroker broker;

    @TempDir
    Path state;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start(shared.resolve("kafka"), 0, 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static String topic(String test, int partitions) throws Exception {
        String name = Topics.withPrefix(test + ".").findings().name();
        Findings.createTopic(broker, name, partitions);
        return name;
    }

    private SinkRunner start(String spec, String topic, SimpleMeterRegistry registry, Optional<String> token)
            throws Exception {
        SinkSpec parsed = SinkSpec.parse(spec);
        return SinkRunner.start(parsed, broker.bootstrapServers(), topic, "test-" + topic, state, token, registry);
    }

    private static double meter(SimpleMeterRegistry registry, String name) {
        var counter = registry.find(name).tag("sink", "elastic").counter();
        if (counter != null) {
            return counter.count();
        }
        var gauge = registry.find(name).tag("sink", "elastic").gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    @Test
    void deliversEveryFindingOnceTheSiemIsBackAndElasticsearchHoldsEachExactlyOnceById() throws Exception {
        String topic = topic("outage", 3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FakeSiem siem = new FakeSiem();
             SinkRunner sink = start("elastic:" + siem.url() + "/findings" + FAST, topic, registry, Optional.empty())) {
            siem.mode(FakeSiem.Mode.DOWN);
            Findings.produce(broker, topic, 0, 60);
            // Down: attempts fail, batches go to the spool, and the failures are counted.
            await().atMost(DEADLINE).until(() -> sink.spooled() > 0 && meter(registry, "trailstream.sink.failures") >= 2);
            assertThat(meter(registry, "trailstream.sink.spooled")).isPositive();
            assertThat(meter(registry, "trailstream.sink.delivered")).isZero();

            // Back, but first one dropped connection and a few items refused with 429 in their first _bulk.
            IntStream.of(3, 17, 42).forEach(i -> siem.refuseOnce(FindingFields.documentId(Findings.finding(i))));
            siem.mode(FakeSiem.Mode.DROP_ONCE);
            Findings.produce(broker, topic, 60, 100);
            await().atMost(DEADLINE).until(() -> siem.index.size() == 100 && sink.spooled() == 0);

            for (int i = 0; i < 100; i++) {
                String id = FindingFields.documentId(Findings.finding(i));
                assertThat(siem.index.get(id)).as("finding %d", i).isNotNull();
                assertThat(siem.index.get(id).path("finding_info").path("uid").asText()).isEqualTo("uid-" + i);
            }
            // Exactly once in the index: one id per finding (a redelivery would overwrite, never add).
            assertThat(siem.index).hasSize(100);
            assertThat(siem.failedRequests.get()).isGreaterThanOrEqualTo(3);
            await().atMost(DEADLINE).until(() -> meter(registry, "trailstream.sink.delivered") >= 100);
            assertThat(meter(registry, "trailstream.sink.failures")).isGreaterThanOrEqualTo(3);
            assertThat(meter(registry, "trailstream.sink.spooled")).isZero();
            assertThat(meter(registry, "trailstream.sink.last.delivery.timestamp")).isPositive();
        }
    }

    @Test
    void theSpoolSurvivesARestartWhileTheSiemIsDownAndIsSentOldestFirst() throws Exception {
        String topic = topic("restart", 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FakeSiem siem = new FakeSiem()) {
            siem.mode(FakeSiem.Mode.DOWN);
            try (SinkRunner first = start("elastic:" + siem.url() + "/findings" + FAST, topic, registry,
                    Optional.empty())) {
                Findings.produce(broker, topic, 0, 30);
                await().atMost(DEADLINE).until(() -> first.spooled() == 30);
            }
            Path spool = state.resolve("sinks/elastic/spool");
            try (var files = Files.list(spool)) {
                assertThat(files.filter(f -> f.toString().endsWith(".batch")).count()).isPositive();
            }
            Findings.produce(broker, topic, 30, 45);
            try (SinkRunner second = start("elastic:" + siem.url() + "/findings" + FAST, topic, registry,
                    Optional.empty())) {
                // The new sink finds the spool on disk, and spools the new findings behind it.
                await().atMost(DEADLINE).until(() -> second.spooled() == 45);
                siem.mode(FakeSiem.Mode.UP);
                await().atMost(DEADLINE).until(() -> siem.index.size() == 45 && second.spooled() == 0);
            }
            // One partition, so one order: the spool went out oldest first, each finding once.
            List<String> uids = siem.accepted.stream().map(d -> d.path("finding_info").path("uid").asText()).toList();
            assertThat(uids).containsExactlyElementsOf(IntStream.range(0, 45).mapToObj(i -> "uid-" + i).toList());
            try (var files = Files.list(spool)) {
                assertThat(files.count()).isZero();
            }
        }
    }

    @Test
    void splunkGetsOneEnvelopePerFindingWithItsTokenAndTheTokenIsNeverLogged() throws Exception {
        String topic = topic("splunk", 2);
        String token = "0b6b7f6e-secret-hec-token";
        StringWriter log = new StringWriter();
        WriterAppender capture = WriterAppender.newBuilder().setName("sink-test-capture").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n").build()).build();
        capture.start();
        Logger root = (Logger) LogManager.getRootLogger();
        root.addAppender(capture);
        try (FakeSiem siem = new FakeSiem()) {
            siem.mode(FakeSiem.Mode.DOWN);
            try (SinkRunner sink = start("splunk:" + siem.url() + FAST, topic, new SimpleMeterRegistry(),
                    Optional.of(token))) {
                Findings.produce(broker, topic, 0, 20);
                await().atMost(DEADLINE).until(() -> siem.failedRequests.get() >= 2);
                siem.mode(FakeSiem.Mode.UP);
                await().atMost(DEADLINE).until(() -> siem.envelopes.size() >= 20 && sink.spooled() == 0);
            }
            assertThat(siem.authorizations).isNotEmpty().allMatch(("Splunk " + token)::equals);
            assertThat(siem.envelopes).hasSize(20);
            for (JsonNode envelope : siem.envelopes) {
                int i = Integer.parseInt(envelope.path("event").path("finding_info").path("uid").asText()
                        .substring("uid-".length()));
                assertThat(envelope.path("source").asText()).isEqualTo("trailstream");
                assertThat(envelope.path("sourcetype").asText()).isEqualTo("ocsf:finding");
                assertThat(envelope.path("time").decimalValue().movePointRight(3).longValueExact())
                        .isEqualTo(Findings.T0 + i * 1000L);
                assertThat(envelope.path("event").path("message").asText()).isEqualTo("finding " + i);
            }
        } finally {
            root.removeAppender(capture);
            capture.stop();
        }
        assertThat(log.toString()).contains("HTTP 503").doesNotContain(token).doesNotContain("secret-hec");
    }

    @Test
    void syslogSendsEachFindingAsAnOctetCountedRfc5424Message() throws Exception {
        String topic = topic("syslog", 2);
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket server = new ServerSocket(0, 50,
                InetAddress.getLoopbackAddress())) {
            Thread reader = new Thread(() -> {
                try (Socket socket = server.accept();
                     var in = new DataInputStream(new BufferedInputStream(socket.getInputStream()))) {
                    while (true) {
                        StringBuilder length = new StringBuilder();
                        for (int b = in.read(); b != ' '; b = in.read()) {
                            if (b < 0) {
                                return;
                            }
                            length.append((char) b);
                        }
                        byte[] message = new byte[Integer.parseInt(length.toString())];
                        in.readFully(message);
                        messages.add(new String(message, StandardCharsets.UTF_8));
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            reader.setDaemon(true);
            reader.start();
            try (SinkRunner sink = start("syslog:tcp://127.0.0.1:" + server.getLocalPort() + FAST, topic,
                    new SimpleMeterRegistry(), Optional.empty())) {
                Findings.produce(broker, topic, 0, 12);
                await().atMost(DEADLINE).until(() -> messages.size() >= 12 && sink.delivered() >= 12);
            }
        }
        assertThat(messages).hasSize(12).allSatisfy(m -> assertThat(m)
                .matches("<(10[6-9]|110)>1 \\d{4}-\\d{2}-\\d{2}T\\S+Z \\S+ trailstream - finding - \\{.*\\}"));
        assertThat(messages.stream().map(m -> m.substring(m.indexOf('{')))
                .map(j -> j.replaceAll(".*\"uid\":\"(uid-\\d+)\".*", "$1")))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 12).mapToObj(i -> "uid-" + i).toList());
    }
}
