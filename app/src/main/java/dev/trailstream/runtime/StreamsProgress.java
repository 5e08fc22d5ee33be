package dev.trailstream.runtime;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells whether a Streams application has processed and committed every committed record of its source topics.
 *
 * <p>Under exactly-once the application's offsets commit in the same transaction as its output and state, so once
 * they reach the end of the input, every finding derived from it is committed too. A committed offset may stop
 * one short of the end because the last "record" is a transaction marker, not data: where the offsets differ, a
 * read-committed probe looks at what lies between, and only data counts as work left.
 */
public final class StreamsProgress {
    private final Admin admin;
    private final String bootstrapServers;
    private final String applicationId;
    private final Collection<String> sourceTopics;

    public StreamsProgress(Admin admin, String bootstrapServers, String applicationId, Collection<String> sourceTopics) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.applicationId = applicationId;
        this.sourceTopics = List.copyOf(sourceTopics);
    }

    /** The number of committed input records not yet processed and committed; 0 when drained. */
    public long backlog() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<String, TopicDescription> topics = admin.describeTopics(sourceTopics).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        topics.values().forEach(t -> t.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(t.name(), p.partition());
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        }));
        ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest, committedOnly).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                admin.listOffsets(earliest, committedOnly).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long backlog = 0;
        Map<TopicPartition, long[]> toProbe = new HashMap<>();
        for (TopicPartition tp : latest.keySet()) {
            long end = ends.get(tp).offset();
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? c.offset() : starts.get(tp).offset();
            if (from < end) {
                toProbe.put(tp, new long[]{from, end});
            }
        }
        if (!toProbe.isEmpty()) {
            backlog = probe(toProbe);
        }
        return backlog;
    }

    /** Counts the data records (not transaction markers) between each [from, end). */
    private long probe(Map<TopicPartition, long[]> ranges) {
        Properties props = new Properties();
        props.putAll(KafkaClientSettings.client(bootstrapServers));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ranges.keySet());
            ranges.forEach((tp, r) -> consumer.seek(tp, r[0]));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (var record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ranges.get(tp)[1]) {
                        count++;
                    }
                }
                if (count > 0) {
                    return count; // work is left; the exact amount does not matter
                }
                boolean allReached = ranges.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue()[1]);
                if (allReached) {
                    return 0;
                }
            }
            // Could not read up to the end in time: do not claim to be drained.
            return Math.max(1, count);
        }
    }
}
