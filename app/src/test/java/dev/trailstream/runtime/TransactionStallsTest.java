package dev.trailstream.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real transactions on the embedded broker; the watch's clock is the test's, so three minutes pass without waiting.
 */
class TransactionStallsTest {
    private static final Duration THRESHOLD = Duration.ofMinutes(3);

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    static Admin admin;

    private final AtomicLong clock = new AtomicLong();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start(tmp.resolve("kafka"), Ports.free(), Ports.free());
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("held", 2, (short) 1), new NewTopic("busy", 1, (short) 1),
                new NewTopic("quiet", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void flagsAPartitionAnOpenTransactionHoldsLongerThanTheThresholdUntilItEnds() throws Exception {
        TransactionStalls watch = watch("held", "quiet");
        try (KafkaProducer<String, String> producer = transactional("holder")) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("held", 0, "k", "v")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("held", 1, "k", "v")).get(30, TimeUnit.SECONDS);

            watch.check();
            assertThat(watch.stalled("held")).isZero();
            clock.addAndGet(THRESHOLD.toNanos() - 1);
            watch.check();
            assertThat(watch.stalled("held")).as("open, but not for the threshold yet").isZero();
            clock.addAndGet(1);
            watch.check();
            assertThat(watch.stalled("held")).as("both partitions held").isEqualTo(2);
            assertThat(watch.stalled("quiet")).as("a topic without transactions").isZero();

            producer.commitTransaction();
            assertThat(stalledOnceMarkersLand(watch, "held")).as("after the commit").isZero();
        }
    }

    @Test
    void neverFlagsAPartitionWhoseTransactionsKeepCommitting() throws Exception {
        TransactionStalls watch = watch("busy");
        try (KafkaProducer<String, String> producer = transactional("busy-writer")) {
            for (int i = 0; i < 3; i++) {
                // A transaction is open at every check, but each check finds a later one than the last.
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("busy", 0, "k", "v" + i)).get(30, TimeUnit.SECONDS);
                watch.check();
                assertThat(watch.stalled("busy")).as("check %d", i).isZero();
                producer.commitTransaction();
                clock.addAndGet(THRESHOLD.toNanos() * 2);
            }
            // The same transaction open at two checks the threshold apart is a stall.
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("busy", 0, "k", "last")).get(30, TimeUnit.SECONDS);
            watch.check();
            clock.addAndGet(THRESHOLD.toNanos());
            watch.check();
            assertThat(watch.stalled("busy")).isEqualTo(1);
            producer.abortTransaction();
            assertThat(stalledOnceMarkersLand(watch, "busy")).as("after the abort").isZero();
        }
    }

    @Test
    void servesAGaugePerWatchedTopicFromTheStart() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TransactionStalls ignored = TransactionStalls.start(admin, broker.bootstrapServers(),
                List.of("held", "quiet"), registry, THRESHOLD, Duration.ofHours(1))) {
            for (String topic : List.of("held", "quiet")) {
                assertThat(registry.find("trailstream.partitions.stalled").tag("topic", topic).gauge())
                        .as(topic).isNotNull().extracting(g -> g.value()).isEqualTo(0.0);
            }
        }
    }

    /**
     * The coordinator writes a transaction's end markers after it has answered the producer: checks again until the
     * count drops or ten seconds pass, then gives the count.
     */
    private static int stalledOnceMarkersLand(TransactionStalls watch, String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            watch.check();
            if (watch.stalled(topic) == 0) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return watch.stalled(topic);
    }

    private TransactionStalls watch(String... topics) {
        return new TransactionStalls(admin, broker.bootstrapServers(), List.of(topics), THRESHOLD, clock::get);
    }

    private static KafkaProducer<String, String> transactional(String id) {
        // A long timeout: the coordinator must not abort the open transaction while the test looks at it.
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers(), "transactional.id", id, "transaction.timeout.ms", "600000"),
                new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        return producer;
    }
}
