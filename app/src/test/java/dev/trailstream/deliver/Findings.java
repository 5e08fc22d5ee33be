package dev.trailstream.deliver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.runtime.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Properties;

/** OCSF-shaped findings for the sink tests, and a way to put them on a findings topic. */
final class Findings {
    static final long T0 = 1_764_892_800_000L; // 2025-12-05T00:00:00Z
    private static final ObjectMapper JSON = new ObjectMapper();

    private Findings() {
    }

    /** Finding number {@code i}: uid {@code uid-<i>}, one second after the previous one, severities in turn. */
    static byte[] finding(int i) {
        ObjectNode node = JSON.createObjectNode();
        node.put("activity_id", 1).put("class_uid", 2004).put("severity_id", 1 + i % 5).put("time", T0 + i * 1000L)
                .put("message", "finding " + i);
        node.putObject("finding_info").put("uid", "uid-" + i).put("title", "Test finding");
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void createTopic(EmbeddedBroker broker, String topic, int partitions) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** Findings {@code from} (inclusive) to {@code to} (exclusive), keyed by a principal of five. */
    static void produce(EmbeddedBroker broker, String topic, int from, int to) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, "arn:aws:iam::123456789012:user/u" + i % 5, finding(i)));
            }
            producer.flush();
        }
    }
}
