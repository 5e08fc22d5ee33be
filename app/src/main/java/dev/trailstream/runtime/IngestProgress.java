package dev.trailstream.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.export.CommittedTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Follows the connector's object log ({@code cloudtrail.objects}: one record per object finished, in listing order
 * within each listing prefix) to learn when every object present at start has been read.
 */
public final class IngestProgress implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private long objects;
    private long events;

    public IngestProgress(String bootstrapServers, String objectsTopic) {
        this.consumer = CommittedTopic.consumer(bootstrapServers);
        List<TopicPartition> partitions = consumer.partitionsFor(objectsTopic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Reads what has arrived for up to {@code wait}, crossing off {@code pending} the keys of objects finished;
     * true once none is left.
     */
    public boolean poll(Set<String> pending, Duration wait) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
            objects++;
            try {
                JsonNode value = JSON.readTree(record.value());
                events += value.path("events").asLong(0);
            } catch (IOException ignored) {
                // Counting for progress only; the summary reads the log again properly.
            }
            pending.remove(record.key());
        }
        return pending.isEmpty();
    }

    public long objects() {
        return objects;
    }

    public long events() {
        return events;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
