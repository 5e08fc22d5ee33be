package dev.trailstream.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Watches the pipeline's transactional topics for a partition whose last stable offset stays put below its end: a
 * transaction that nothing commits or aborts (a "hanging transaction"). Read-committed readers, TrailStream itself
 * first, stop at that offset, so the pipeline would look up and idle while its lag grows.
 *
 * <p>Every producer writing these topics times out its transactions within 20 s (the connector's tasks) or 10 s
 * (Streams), after which the transaction coordinator aborts them; a last stable offset held for minutes means the
 * coordinator has lost track of the transaction, which no timeout repairs. Seen once in a broker-restart test. The
 * watch does not abort it (the transaction may be another producer's on a shared cluster): it counts the partitions in
 * {@code trailstream_partitions_stalled{topic}} and logs, once per stall, the {@code kafka-transactions.sh} command
 * that aborts it.
 *
 * <p>A busy partition is never stalled: its transactions commit one after another, so its last stable offset moves
 * between checks even if a transaction is open at each of them.
 */
public final class TransactionStalls implements AutoCloseable {
    /** Nine times the longest transaction timeout of TrailStream's producers. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofMinutes(3);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(TransactionStalls.class);
    private static final long CALL_TIMEOUT_S = 15;

    private final Admin admin;
    private final String bootstrapServers;
    private final List<String> topics;
    private final long thresholdNanos;
    private final LongSupplier nanoTime;
    private final Map<TopicPartition, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Integer> stalled = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trailstream-transaction-stalls");
        t.setDaemon(true);
        return t;
    });

    /** A partition's last stable offset below its end, and since when (nanoTime) it has been there. */
    private record Held(long offset, long since, boolean reported) {
    }

    TransactionStalls(Admin admin, String bootstrapServers, List<String> topics, Duration threshold,
                      LongSupplier nanoTime) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
        this.thresholdNanos = threshold.toNanos();
        this.nanoTime = nanoTime;
        topics.forEach(topic -> stalled.put(topic, 0));
    }

    /**
     * Registers {@code trailstream.partitions.stalled} per topic (0 until a stall) and checks every {@code interval}.
     */
    public static TransactionStalls start(Admin admin, String bootstrapServers, List<String> topics,
                                          MeterRegistry registry, Duration threshold, Duration interval) {
        TransactionStalls watch = new TransactionStalls(admin, bootstrapServers, topics, threshold, System::nanoTime);
        for (String topic : watch.topics) {
            Gauge.builder("trailstream.partitions.stalled", watch, w -> w.stalled(topic))
                    .description("Partitions whose last stable offset an open transaction has held below the end for"
                            + " longer than " + threshold.toMinutes() + " min (a hanging transaction)")
                    .tag("topic", topic).register(registry);
        }
        watch.timer.scheduleWithFixedDelay(watch::checkQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Partitions of {@code topic} stalled at the last check. */
    public int stalled(String topic) {
        return stalled.getOrDefault(topic, 0);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // A broker restarting or a topic not there yet: the next check sees it again; stall ages are kept.
            LOG.debug("transaction stall check skipped: {}", e.toString());
        }
    }

    /** One check: compares each partition's last stable offset with its end and with the previous check. */
    void check() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(t -> t.partitions().forEach(p ->
                latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        long now = nanoTime.getAsLong();
        Map<String, Integer> counts = new HashMap<>();
        topics.forEach(topic -> counts.put(topic, 0));
        for (TopicPartition tp : latest.keySet()) {
            long end = ends.get(tp).offset();
            long lso = stable.get(tp).offset();
            Held before = held.get(tp);
            if (lso >= end) {
                held.remove(tp);
                continue;
            }
            Held current = before == null || before.offset() != lso ? new Held(lso, now, false) : before;
            if (now - current.since() >= thresholdNanos) {
                counts.merge(tp.topic(), 1, Integer::sum);
                if (!current.reported()) {
                    LOG.warn("{}: an open transaction has held the last stable offset at {} for {} s while the log"
                                    + " goes on to {}; read-committed readers, TrailStream among them, stop there. If no"
                                    + " producer finishes it, abort it: kafka-transactions.sh --bootstrap-server {} abort"
                                    + " --topic {} --partition {} --start-offset {}", tp, lso,
                            TimeUnit.NANOSECONDS.toSeconds(now - current.since()), end, bootstrapServers, tp.topic(),
                            tp.partition(), lso);
                    current = new Held(lso, current.since(), true);
                }
            }
            held.put(tp, current);
        }
        stalled.putAll(counts);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
