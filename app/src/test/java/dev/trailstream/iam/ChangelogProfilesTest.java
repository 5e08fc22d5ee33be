package dev.trailstream.iam;

import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.profile.ProfileCodec;
import dev.trailstream.profile.SeenSet;
import dev.trailstream.runtime.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The changelog source on a real broker: transactional writes as Kafka Streams makes them under exactly-once. */
class ChangelogProfilesTest {
    private static final String ACCOUNT = "111122223333";
    private static final String ALICE = "arn:aws:iam::" + ACCOUNT + ":user/alice";
    private static final String BOB = "arn:aws:iam::" + ACCOUNT + ":user/bob";
    private static final String CAROL = "arn:aws:iam::" + ACCOUNT + ":user/carol";
    private static final String DAVE = "arn:aws:iam::" + ACCOUNT + ":user/dave";
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void readsTheLatestProfileOfEveryPrincipalAndDropsEvictedOnes() throws Exception {
        String topic = ChangelogProfiles.topic("cl-test");
        assertThat(topic).isEqualTo("cl-test-principal-profiles-changelog");
        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0, 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            }
            Serializer<PrincipalProfile> serde = ProfileCodec.profileSerde().serializer();
            try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, ALICE, serde.serialize(topic, profile(ALICE, 1))));
                producer.send(new ProducerRecord<>(topic, BOB, serde.serialize(topic, profile(BOB, 1))));
                producer.send(new ProducerRecord<>(topic, CAROL, serde.serialize(topic, profile(CAROL, 1))));
                producer.commitTransaction();

                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, ALICE, serde.serialize(topic, profile(ALICE, 5))));
                // Bob idle past --principal-retention: evicted.
                producer.send(new ProducerRecord<>(topic, BOB, null));
                producer.commitTransaction();

                // A task that crashed mid-commit: never part of any profile.
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, CAROL, serde.serialize(topic, profile(CAROL, 99))));
                producer.send(new ProducerRecord<>(topic, DAVE, serde.serialize(topic, profile(DAVE, 1))));
                producer.flush();
                producer.abortTransaction();
            }

            Map<String, Long> events = new TreeMap<>();
            try (KeyValueIterator<String, PrincipalProfile> all =
                         new ChangelogProfiles(broker.bootstrapServers(), topic).all()) {
                while (all.hasNext()) {
                    KeyValue<String, PrincipalProfile> next = all.next();
                    assertThat(next.value.principalId()).isEqualTo(next.key);
                    assertThat(events.put(next.key, next.value.events())).as("each principal once").isNull();
                }
            }
            assertThat(events).containsExactlyInAnyOrderEntriesOf(Map.of(ALICE, 5L, CAROL, 1L));
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "changelog-profiles-test",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    }

    private static PrincipalProfile profile(String arn, long events) {
        SeenSet used = SeenSet.EMPTY.with("s3:GetObject", T, 100);
        return new PrincipalProfile(arn, PrincipalKind.HUMAN, "IAMUser", ACCOUNT, arn, events, 0, 0, 0,
                T.minusSeconds(3600), T, "e", null, 0, used, used, null, null, null, null, null, null);
    }
}
