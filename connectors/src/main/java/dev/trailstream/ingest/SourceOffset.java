package dev.trailstream.ingest;

import org.apache.kafka.connect.errors.ConnectException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The task's position in one {@link ListingPrefix} of its source, committed by Connect with each record under the
 * partition {@code {"source": <root uri>, "prefix": <prefix>}}: one offset per account/region prefix, never one per
 * object. Offsets committed before prefixes, under {@code {"source": <root uri>}} alone, are still read: that one
 * covered the whole folder, so it stands for every prefix that has no offset of its own yet.
 *
 * @param object the key of the object being read, always inside the partition's prefix
 * @param index  the index of the next record to read from it (records before it are delivered)
 * @param done   true only on an object's completion record: the object is finished, objects-topic record included.
 *               Event records never carry true, so a restart between an object's last event and its completion
 *               record re-opens the object, skips every record and still emits the completion record
 */
public record SourceOffset(String object, long index, boolean done) {
    public static final String OBJECT = "object";
    public static final String INDEX = "index";
    public static final String DONE = "done";

    public SourceOffset {
        Objects.requireNonNull(object, "object");
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(OBJECT, object);
        map.put(INDEX, index);
        map.put(DONE, done);
        return map;
    }

    /**
     * Reads a committed offset; empty when there is none. A malformed one fails: guessing would re-read or skip data.
     */
    public static Optional<SourceOffset> fromMap(Map<String, ?> map) {
        if (map == null) {
            return Optional.empty();
        }
        Object object = map.get(OBJECT);
        Object index = map.get(INDEX);
        Object done = map.get(DONE);
        // The offset store's JSON round trip turns the index into a Long or an Integer, depending on its size.
        if (!(object instanceof String key) || !(index instanceof Number number) || !(done instanceof Boolean flag)
                || number.longValue() < 0) {
            throw new ConnectException("Malformed CloudTrail source offset " + map
                    + ": expected {\"object\": <key>, \"index\": <record index>, \"done\": <boolean>}");
        }
        return Optional.of(new SourceOffset(key, number.longValue(), flag));
    }
}
