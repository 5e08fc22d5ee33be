package dev.trailstream.deliver;

import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.topology.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The JSON Lines file sink: rotation, retention, and resuming from its consumer group without repeating lines. */
class JsonLinesSinkTest {
    @TempDir
    Path tmp;

    /** A clock the test moves: rotation at the UTC day must not wait for midnight. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static List<byte[]> findings(int from, int to) {
        return IntStream.range(from, to).mapToObj(Findings::finding).toList();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    private static List<String> lines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : files(dir)) {
            lines.addAll(Files.readAllLines(file));
        }
        return lines;
    }

    @Test
    void rotatesBySizeKeepsEveryFileByDefaultAndLosesNoLine() throws Exception {
        Path dir = tmp.resolve("out");
        long lineBytes = Findings.finding(10).length + 1;
        SinkSettings settings = SinkSettings.defaults().withRotateBytes(lineBytes * 3);
        MovableClock clock = new MovableClock(Instant.parse("2025-12-05T10:00:00Z"));
        try (JsonLinesSink sink = new JsonLinesSink(dir, settings, clock)) {
            sink.send(findings(10, 20));
            sink.send(findings(20, 30));
        }
        List<Path> files = files(dir);
        assertThat(files).hasSizeGreaterThanOrEqualTo(7);
        for (Path file : files) {
            assertThat(file.getFileName().toString()).startsWith("findings-2025-12-05-");
            assertThat(Files.size(file)).isLessThanOrEqualTo(lineBytes * 3);
        }
        assertThat(lines(dir)).containsExactlyElementsOf(findings(10, 30).stream().map(String::new).toList());
    }

    @Test
    void startsANewFileAtTheUtcDayAndKeepsOnlyTheNewestWhenAsked() throws Exception {
        Path dir = tmp.resolve("out");
        SinkSpec spec = SinkSpec.parse("file:" + dir + "?keep=2");
        MovableClock clock = new MovableClock(Instant.parse("2025-12-05T23:59:59Z"));
        try (JsonLinesSink sink = new JsonLinesSink(dir, spec.settings(), clock)) {
            sink.send(findings(0, 2));
            for (String day : List.of("2025-12-06", "2025-12-07", "2025-12-08")) {
                clock.now = Instant.parse(day + "T00:00:01Z");
                sink.send(findings(2, 3));
            }
        }
        // Four days written; the current file and the two newest before it are kept.
        assertThat(files(dir)).extracting(p -> p.getFileName().toString()).containsExactly(
                "findings-2025-12-06-0001.jsonl", "findings-2025-12-07-0001.jsonl", "findings-2025-12-08-0001.jsonl");
    }

    @Test
    void resumesFromItsOwnConsumerGroupWithoutRepeatingALine() throws Exception {
        Path dir = tmp.resolve("findings");
        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0, 0)) {
            String topic = Topics.defaults().findings().name();
            Findings.createTopic(broker, topic, 2);
            SinkSpec spec = SinkSpec.parse("file:" + dir + "?linger-ms=50");
            Findings.produce(broker, topic, 0, 20);
            try (SinkRunner sink = SinkRunner.start(spec, broker.bootstrapServers(), topic, "app", tmp,
                    Optional.empty(), new SimpleMeterRegistry())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> lines(dir).size() == 20 && sink.delivered() == 20);
            }
            Findings.produce(broker, topic, 20, 30);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (SinkRunner again = SinkRunner.start(spec, broker.bootstrapServers(), topic, "app", tmp,
                    Optional.empty(), registry)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> lines(dir).size() >= 30 && again.delivered() >= 10);
                // The second run delivered only what came after the first: nothing twice.
                assertThat(again.delivered()).isEqualTo(10);
                assertThat(registry.find("trailstream.sink.delivered").tag("sink", "file").counter().count())
                        .isEqualTo(10);
            }
            List<String> lines = lines(dir);
            assertThat(lines).hasSize(30).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(findings(0, 30).stream().map(String::new).toList());
            // The spool is for network sinks: the file sink has none.
            assertThat(tmp.resolve("sinks")).doesNotExist();
        }
    }

    @Test
    void neverDeliversARecordOfAnAbortedTransaction() throws Exception {
        Path dir = tmp.resolve("findings");
        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0, 0)) {
            String topic = Topics.defaults().findings().name();
            Findings.createTopic(broker, topic, 1);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sink-test");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "p", Findings.finding(1)));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "p", Findings.finding(2)));
                producer.commitTransaction();
            }
            try (SinkRunner sink = SinkRunner.start(SinkSpec.parse("file:" + dir + "?linger-ms=50"),
                    broker.bootstrapServers(), topic, "app", tmp, Optional.empty(), new SimpleMeterRegistry())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> sink.delivered() >= 1);
            }
            assertThat(lines(dir)).containsExactly(new String(Findings.finding(2)));
        }
    }
}
