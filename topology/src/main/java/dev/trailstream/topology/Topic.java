package dev.trailstream.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.util.Objects;

/**
 * A Kafka topic with the serdes of its keys and values, so that a topic name never travels without its format.
 *
 * <p>The source and sink processors are named after the topic ({@code read-<name>}, {@code write-<name>}): those
 * names appear in {@code topology.describe()} and so in the golden test.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a topic name must not be blank");
        }
    }

    /** A topic keyed by a string (a principal id, an object key) whose values are opaque bytes. */
    public static Topic<String, byte[]> ofBytes(String name) {
        return new Topic<>(name, Serdes.String(), Serdes.ByteArray());
    }

    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde).withName("read-" + name);
    }

    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde).withName("write-" + name);
    }
}
