package dev.trailstream.iam;

import dev.trailstream.export.CommittedTopic;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.profile.ProfileCodec;
import dev.trailstream.topology.Stores;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Every behaviour profile, wherever its partition is hosted: read from the {@code principal-profiles} store's
 * changelog topic ({@code <applicationId>-principal-profiles-changelog}, key the principal id as a string, value the
 * store's {@link ProfileCodec#profileSerde()} bytes, a tombstone once the principal is evicted), for the access
 * review when several instances share the application and no local store holds every partition.
 *
 * <p>Each call reads every partition from the beginning up to the end offsets taken when it starts, with a
 * read-committed consumer ({@link CommittedTopic}: the {@code --kafka-config} settings apply), so a profile written by
 * a transaction still open or aborted is never seen. Only the latest value of each key is kept, as the bytes Kafka
 * returned (never a second copy), and a key whose latest record is a tombstone is dropped. The profiles are decoded
 * one at a time as the review iterates, and each entry is released once decoded: at most every profile's latest bytes
 * are held at once, which the review needs anyway since it reads them all.
 */
public final class ChangelogProfiles implements AccessReview.ProfileSource {
    private final String bootstrapServers;
    private final String topic;
    /** The changelog's partitions, one per task of the profile store: fixed once the topic exists; 0 until read. */
    private volatile int partitions;

    /** @param topic the changelog topic, see {@link #topic(String)} */
    public ChangelogProfiles(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** The profile store's changelog topic as Kafka Streams names it for {@code applicationId}. */
    public static String topic(String applicationId) {
        return applicationId + "-" + Stores.PRINCIPAL_PROFILES + "-changelog";
    }

    /** How many partitions the profile store has (its changelog's), read once. */
    public int partitions() {
        if (partitions == 0) {
            try (KafkaConsumer<String, byte[]> consumer = CommittedTopic.consumer(bootstrapServers)) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).size();
            }
        }
        return partitions;
    }

    @Override
    public KeyValueIterator<String, PrincipalProfile> all() {
        Map<String, byte[]> latest = CommittedTopic.latestByKey(bootstrapServers, topic, ConsumerRecord::value,
                new LinkedHashMap<>());
        return new Decoding(topic, latest.entrySet().iterator());
    }

    /** Decodes as it goes, dropping each entry's bytes once decoded. */
    private static final class Decoding implements KeyValueIterator<String, PrincipalProfile> {
        private final Deserializer<PrincipalProfile> profiles = ProfileCodec.profileSerde().deserializer();
        private final String topic;
        private final Iterator<Map.Entry<String, byte[]>> entries;

        Decoding(String topic, Iterator<Map.Entry<String, byte[]>> entries) {
            this.topic = topic;
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            return entries.hasNext();
        }

        @Override
        public KeyValue<String, PrincipalProfile> next() {
            if (!entries.hasNext()) {
                throw new NoSuchElementException();
            }
            Map.Entry<String, byte[]> entry = entries.next();
            PrincipalProfile profile = profiles.deserialize(topic, entry.getValue());
            entries.remove();
            return KeyValue.pair(entry.getKey(), profile);
        }

        @Override
        public String peekNextKey() {
            throw new UnsupportedOperationException("not needed by the review");
        }

        @Override
        public void close() {
            while (entries.hasNext()) {
                entries.next();
                entries.remove();
            }
        }
    }
}
