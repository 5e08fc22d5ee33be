package dev.trailstream.iam;

import dev.trailstream.runtime.KafkaClientSettings;
import dev.trailstream.access.IamSnapshotRecord;
import dev.trailstream.runtime.UsageException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes checked snapshots to the IAM snapshot topic, one record per account. A snapshot taken before the one
 * already on the topic for its account is skipped unless forced: re-importing last month's export by mistake must
 * not make the least-privilege advice forget this month's roles.
 */
public final class SnapshotPublisher {
    private SnapshotPublisher() {
    }

    /** What happened to one account's snapshot. */
    public enum Status {
        /** the account had no snapshot on the topic */
        NEW,
        /** it replaces the account's previous snapshot */
        REPLACED,
        /** older than the snapshot on the topic: not published */
        SKIPPED_OLDER
    }

    /**
     * @param previous when the snapshot it replaces (or was skipped for) was taken, or null when there was none
     */
    public record Outcome(PreparedSnapshot snapshot, Status status, Instant previous) {
        /** One line for the user: account, principals, policies, compressed bytes, new or replaced (or skipped). */
        public String line() {
            String account = "account " + snapshot.record().accountId() + " (" + snapshot.file().getFileName() + ")";
            if (status == Status.SKIPPED_OLDER) {
                return account + ": skipped, taken at " + snapshot.record().takenAt()
                        + ", before the snapshot already published (taken at " + previous
                        + "); --force publishes it anyway";
            }
            return String.format("%s: %,d principals, %,d policies, %,d bytes compressed, %s", account,
                    snapshot.principals(), snapshot.policies(), snapshot.value().length,
                    status == Status.NEW ? "new" : "replaced");
        }
    }

    /**
     * Publishes the snapshots (idempotent producer, acks=all) and waits until the broker has them all.
     *
     * @param force publish snapshots older than those on the topic too
     * @throws UsageException when the topic takes smaller records than a snapshot (an existing topic made elsewhere)
     */
    public static List<Outcome> publish(String bootstrapServers, String topic, List<PreparedSnapshot> snapshots,
                                        boolean force) throws InterruptedException {
        Map<String, Instant> onTopic = IamSnapshots.latestTakenAt(bootstrapServers, topic);
        List<Outcome> outcomes = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
            for (PreparedSnapshot s : snapshots) {
                IamSnapshotRecord record = s.record();
                Instant previous = onTopic.get(record.accountId());
                if (previous != null && record.takenAt().isBefore(previous) && !force) {
                    outcomes.add(new Outcome(s, Status.SKIPPED_OLDER, previous));
                    continue;
                }
                sent.add(producer.send(new ProducerRecord<>(topic, null, record.accountId(), s.value(),
                        record.headers())));
                outcomes.add(new Outcome(s, previous == null ? Status.NEW : Status.REPLACED, previous));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new UsageException("topic " + topic + " refuses records this large: raise its max.message.bytes"
                        + " to " + IamSnapshotRecord.MAX_RECORD_BYTES + " (TrailStream sets it when it creates the topic)");
            }
            throw new IllegalStateException("publishing IAM snapshots to " + topic + " failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("publishing IAM snapshots to " + topic + " timed out", e);
        }
        return outcomes;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Properties p = new Properties();
        p.putAll(KafkaClientSettings.client(bootstrapServers));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, IamSnapshotRecord.MAX_RECORD_BYTES);
        // The value is gzip already: compressing the batch again would only cost time.
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "trailstream-iam-import");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
