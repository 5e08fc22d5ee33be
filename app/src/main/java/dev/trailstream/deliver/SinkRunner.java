package dev.trailstream.deliver;

import dev.trailstream.runtime.KafkaClientSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one sink: a consumer of the findings topic in a group of its own ({@code <application-id>-sink-<name>},
 * read-committed, so aborted records never go out), batching by count, bytes and linger, delivering with retries
 * (exponential backoff, full jitter), and committing offsets only once a batch is delivered or spooled: delivery is
 * at-least-once, and a restart resumes where the group stopped.
 *
 * <p>Network sinks spool: a batch still undelivered after its attempts goes to {@link Spool}, and while the spool
 * holds anything, new batches go behind it, so order is kept. A background thread re-sends the spool oldest first.
 * When the spool is full, or the file sink cannot write, the consumer pauses and holds its batch: Kafka keeps the
 * backlog, nothing is dropped.
 */
public final class SinkRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);

    private final SinkSpec spec;
    private final Sink sink;
    private final Spool spool;
    private final SinkMetrics metrics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String groupId;
    /** Held while sending directly or from the spool: a direct send happens only while the spool is empty. */
    private final Object sendLock = new Object();
    private final Thread loop;
    private final Thread drain;
    private volatile boolean running = true;
    /** Failed attempts since the last delivery, to log an outage once and its end once. */
    private volatile int failedInARow;

    private SinkRunner(SinkSpec spec, Sink sink, Spool spool, MeterRegistry registry, String bootstrapServers,
                       String topic, String groupId) {
        this.spec = spec;
        this.sink = sink;
        this.spool = spool;
        this.topic = topic;
        this.groupId = groupId;
        this.metrics = new SinkMetrics(registry, spec.name(), () -> spool == null ? 0 : spool.findings());
        Properties props = new Properties();
        props.putAll(KafkaClientSettings.client(bootstrapServers));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A new sink delivers what the topic still holds: findings written before it was added are not skipped.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(spec.settings().maxRecords()));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.loop = new Thread(this::consume, "trailstream-sink-" + spec.name());
        this.drain = new Thread(this::drainSpool, "trailstream-sink-" + spec.name() + "-spool");
    }

    /**
     * Starts delivering the findings topic to one sink.
     *
     * @param stateDir the sink's spool goes to {@code <stateDir>/sinks/<name>/spool}
     * @param token    the Splunk token or Elasticsearch API key, if the endpoint needs one
     */
    public static SinkRunner start(SinkSpec spec, String bootstrapServers, String topic, String applicationId,
                                   Path stateDir, Optional<String> token, MeterRegistry registry)
            throws IOException {
        Sink sink = switch (spec.kind()) {
            case FILE -> new JsonLinesSink(Path.of(spec.endpoint()), spec.settings(), Clock.systemUTC());
            case SPLUNK, ELASTIC -> new HttpSink(spec, token);
            case SYSLOG -> new SyslogSink(spec);
        };
        return start(spec, sink, bootstrapServers, topic, applicationId + "-sink-" + spec.name(), stateDir, registry);
    }

    static SinkRunner start(SinkSpec spec, Sink sink, String bootstrapServers, String topic, String groupId,
                            Path stateDir, MeterRegistry registry) throws IOException {
        Spool spool = sink.spools()
                ? new Spool(stateDir.resolve("sinks").resolve(spec.name()).resolve("spool"),
                spec.settings().spoolBytes())
                : null;
        SinkRunner runner = new SinkRunner(spec, sink, spool, registry, bootstrapServers, topic, groupId);
        runner.loop.start();
        if (spool != null) {
            runner.drain.setDaemon(true);
            runner.drain.start();
        }
        return runner;
    }

    public String name() {
        return spec.name();
    }

    /** The consumer group whose committed offsets say how far this sink has delivered or spooled. */
    public String groupId() {
        return groupId;
    }

    /** A batch sealed for delivery, and the offsets to commit once it is delivered or spooled. */
    private record Pending(List<byte[]> findings, Map<TopicPartition, OffsetAndMetadata> upTo) {
    }

    private void consume() {
        Deque<Pending> pending = new ArrayDeque<>();
        // The next offset of every partition read so far; a sealed batch takes a copy.
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        boolean uncommitted = false;
        Map<TopicPartition, OffsetAndMetadata> lastCommitted = Map.of();
        List<byte[]> batch = new ArrayList<>();
        long batchBytes = 0;
        long batchStarted = 0;
        long backoff = spec.settings().backoffMs();
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                if (pending.isEmpty()) {
                    consumer.resume(consumer.paused());
                } else {
                    // Holding a batch nobody took: keep the group membership, read nothing more.
                    consumer.pause(consumer.assignment());
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    uncommitted = true;
                    if (record.value() == null) {
                        continue;
                    }
                    if (batch.isEmpty()) {
                        batchStarted = System.nanoTime();
                    }
                    batch.add(record.value());
                    batchBytes += record.value().length;
                    if (batch.size() >= spec.settings().maxRecords() || batchBytes >= spec.settings().maxBytes()) {
                        pending.add(new Pending(batch, Map.copyOf(offsets)));
                        batch = new ArrayList<>();
                        batchBytes = 0;
                    }
                }
                if (!batch.isEmpty() && pending.isEmpty()
                        && System.nanoTime() - batchStarted >= spec.settings().lingerMs() * 1_000_000) {
                    pending.add(new Pending(batch, Map.copyOf(offsets)));
                    batch = new ArrayList<>();
                    batchBytes = 0;
                }
                while (!pending.isEmpty() && running && deliverOrSpool(pending.peek().findings())) {
                    commit(pending.poll().upTo());
                    backoff = spec.settings().backoffMs();
                }
                if (pending.isEmpty() && batch.isEmpty()) {
                    // Everything read is delivered (or was a tombstone). The consumer's positions, not the last
                    // records' offsets + 1: they step over transaction markers, so a caught-up group's committed
                    // offsets reach the end offsets a read-committed reader sees.
                    Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                    try {
                        for (TopicPartition tp : consumer.assignment()) {
                            positions.put(tp, new OffsetAndMetadata(consumer.position(tp, Duration.ofSeconds(5))));
                        }
                    } catch (org.apache.kafka.common.errors.TimeoutException brokerSlow) {
                        continue; // the next round commits
                    }
                    if (uncommitted || !positions.equals(lastCommitted)) {
                        commit(positions);
                        lastCommitted = positions;
                        uncommitted = false;
                    }
                } else if (!pending.isEmpty() && running) {
                    sleep(jitter(backoff));
                    backoff = Math.min(backoff * 2, spec.settings().maxBackoffMs());
                }
            }
            // Stopping: what was read but not delivered goes to the spool, so it is not read twice after a restart.
            if (spool != null) {
                if (!batch.isEmpty()) {
                    pending.add(new Pending(batch, Map.copyOf(offsets)));
                }
                while (!pending.isEmpty() && spool.offer(pending.peek().findings())) {
                    commit(pending.poll().upTo());
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll up
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: sink stopped: {}", spec.name(), e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Delivers a batch or spools it; false when neither is possible now (spool full, file not writable). */
    private boolean deliverOrSpool(List<byte[]> batch) throws IOException {
        synchronized (sendLock) {
            List<byte[]> left = batch;
            if (spool == null || spool.isEmpty()) {
                left = attempt(batch, spec.settings().attempts());
                if (left.isEmpty()) {
                    return true;
                }
            }
            if (spool == null) {
                return false;
            }
            boolean spooled = spool.offer(left);
            if (!spooled) {
                LOG.warn("{}: spool full ({} findings): consumption paused until the endpoint takes them",
                        spec.name(), spool.findings());
            }
            return spooled;
        }
    }

    /** Up to {@code attempts} tries with backoff; returns what is still undelivered. */
    private List<byte[]> attempt(List<byte[]> batch, int attempts) {
        List<byte[]> left = batch;
        long backoff = spec.settings().backoffMs();
        for (int i = 0; i < attempts && !left.isEmpty(); i++) {
            if (i > 0) {
                if (!running) {
                    break;
                }
                sleep(jitter(backoff));
                backoff = Math.min(backoff * 2, spec.settings().maxBackoffMs());
            }
            left = once(left);
        }
        return left;
    }

    private List<byte[]> once(List<byte[]> batch) {
        try {
            Sink.Sent sent = sink.send(batch);
            if (failedInARow > 0 && sent.delivered() > 0) {
                LOG.warn("{}: delivering again after {} failed attempts", spec.name(), failedInARow);
                failedInARow = 0;
            }
            metrics.delivered(sent.delivered());
            metrics.rejected(sent.rejected());
            if (!sent.retry().isEmpty()) {
                metrics.failed();
            }
            return sent.retry();
        } catch (IOException e) {
            metrics.failed();
            // The exception's message names the endpoint and status, never the token. One line per outage, not
            // one per retry: the metrics count the attempts.
            if (failedInARow++ == 0) {
                LOG.warn("{}: delivery failed, retrying with backoff ({}): {}", spec.name(),
                        spool != null ? "spooling meanwhile" : "Kafka holds the findings meanwhile", message(e));
            } else {
                LOG.debug("{}: delivery of {} findings failed again: {}", spec.name(), batch.size(), message(e));
            }
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return batch;
        }
    }

    /** Re-sends the spool oldest first, one attempt per batch, backing off while the endpoint stays down. */
    private void drainSpool() {
        long backoff = spec.settings().backoffMs();
        while (running) {
            boolean progressed = false;
            try {
                synchronized (sendLock) {
                    var oldest = spool.oldest();
                    if (oldest.isPresent()) {
                        List<byte[]> left = once(oldest.get().findings());
                        progressed = left.size() < oldest.get().findings().size();
                        if (progressed) {
                            spool.replaceOldest(left);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: spool: {}", spec.name(), e.toString());
            }
            if (progressed) {
                backoff = spec.settings().backoffMs();
            } else {
                sleep(spool.isEmpty() ? Math.min(spec.settings().backoffMs(), 200) : jitter(backoff));
                if (!spool.isEmpty()) {
                    backoff = Math.min(backoff * 2, spec.settings().maxBackoffMs());
                }
            }
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException rebalanced) {
            // Partitions moved to another member: it re-reads from the last commit (at-least-once).
            LOG.info("{}: commit after a rebalance failed; the records will be delivered again", spec.name());
        }
    }

    /** Jitter: a random wait between half the backoff and all of it, so that many sinks do not retry in step. */
    private static long jitter(long backoff) {
        return ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Findings waiting in the spool (0 for the file sink). */
    public long spooled() {
        return spool == null ? 0 : spool.findings();
    }

    double delivered() {
        return metrics.deliveredCount();
    }

    double failures() {
        return metrics.failureCount();
    }

    /** Stops consuming; a batch read but not delivered is spooled (network sinks) or read again next time. */
    @Override
    public void close() throws IOException {
        running = false;
        try {
            loop.join(30_000);
            drain.interrupt();
            drain.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            metrics.close();
            sink.close();
        }
    }
}
