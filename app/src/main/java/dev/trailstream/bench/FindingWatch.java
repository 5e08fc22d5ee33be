package dev.trailstream.bench;

import dev.trailstream.event.ParseEvents;
import dev.trailstream.export.CommittedTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Watches the findings topic as a SIEM would (read-committed): when the first finding arrives, and for each
 * finding record how long after its triggering event's arrival on {@code cloudtrail.events} it became visible.
 */
final class FindingWatch implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final long startedAtMillis;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private volatile long firstFindingAtMillis = -1;
    private volatile long records;

    FindingWatch(String bootstrapServers, String topic, long startedAtMillis) {
        this.startedAtMillis = startedAtMillis;
        this.consumer = CommittedTopic.consumer(bootstrapServers);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::watch, "bench-finding-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    records++;
                    if (firstFindingAtMillis < 0) {
                        firstFindingAtMillis = now;
                    }
                    Header ingest = record.headers().lastHeader(ParseEvents.INGEST_TIME);
                    if (ingest != null) {
                        latencies.add(now - Long.parseLong(new String(ingest.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (WakeupException stop) {
            // close() asked us to stop
        } finally {
            consumer.close();
        }
    }

    /** Seconds from the start of the run to the first finding visible to a read-committed consumer; -1 if none. */
    double secondsToFirstFinding() {
        return firstFindingAtMillis < 0 ? -1 : (firstFindingAtMillis - startedAtMillis) / 1000.0;
    }

    long records() {
        return records;
    }

    /** Waits, at most {@code timeout}, until the watcher has seen {@code n} records. */
    void awaitRecords(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** The q-quantile (0..1) of arrival-to-finding latency in ms, or -1 without data. */
    long latencyQuantile(double q) {
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        if (sorted.isEmpty()) {
            return -1;
        }
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
