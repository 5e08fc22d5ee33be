package dev.trailstream.export;

import dev.trailstream.runtime.KafkaClientSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;

/** Reads every committed record of a topic, from the beginning to the end as it stands now, one at a time. */
public final class CommittedTopic {
    private CommittedTopic() {
    }

    public static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        Properties props = new Properties();
        props.putAll(KafkaClientSettings.client(bootstrapServers));
        // Aborted records (a crashed transaction's) must never be counted or exported.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A compacted topic as it stands: the latest value of every key, decoded by {@code decode}, into {@code into};
     * a tombstone removes its key, a record without a key is skipped.
     */
    public static <V, M extends Map<String, V>> M latestByKey(String bootstrapServers, String topic,
                                                              Function<ConsumerRecord<String, byte[]>, V> decode,
                                                              M into) {
        forEach(bootstrapServers, topic, record -> {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                into.remove(record.key());
            } else {
                into.put(record.key(), decode.apply(record));
            }
        });
        return into;
    }

    public static void forEach(String bootstrapServers, String topic, Consumer<ConsumerRecord<String, byte[]>> action) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For a read-committed consumer the end offsets are the last stable offsets.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        action.accept(record);
                    }
                }
            }
        }
    }
}
