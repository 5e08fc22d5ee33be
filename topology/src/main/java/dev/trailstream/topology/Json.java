package dev.trailstream.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON dialect of TrailStream's own data (profiles, finding state, findings): instants as ISO-8601 strings,
 * and unknown properties ignored so that state written by a newer version can still be read by an older one.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    // Trailing garbage after a CloudTrail event means the record is damaged, not that the first value is the event.
    private static final ObjectReader TREE_READER = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** One line of JSON (no line break), e.g. a profile for a JSON-lines export. */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A reader of JSON trees that rejects trailing content; immutable, so safe to share. */
    public static ObjectReader treeReader() {
        return TREE_READER;
    }

    /** A serde for a record type, for state stores; null stays null (tombstones). */
    public static <T> Serde<T> serde(Class<T> type) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : bytes(value),
                (topic, data) -> {
                    if (data == null) {
                        return null;
                    }
                    try {
                        return MAPPER.readValue(data, type);
                    } catch (IOException e) {
                        throw new SerializationException("cannot read a " + type.getSimpleName() + " from " + topic, e);
                    }
                });
    }
}
