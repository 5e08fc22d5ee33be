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
 * <p>With a look-back ({@code lookback.minutes} above 0), the offsets of CloudTrail prefixes also carry the prefix's
 * {@link LookbackWindow}: which keys around the cursor are finished, so that late files can be told from read ones.
 * The object is then not necessarily the prefix's cursor: it may be a late file, read after the cursor's. Offsets
 * without one (written before the look-back, with it off, and those of the prefix {@code ""}) still load: their object
 * is the cursor, as it always was.
 *
 * @param object the key of the object being read, always inside the partition's prefix
 * @param index  the index of the next record to read from it (records before it are delivered)
 * @param done   true only on an object's completion record: the object is finished, objects-topic record included.
 *               Event records never carry true, so a restart between an object's last event and its completion
 *               record re-opens the object, skips every record and still emits the completion record
 * @param window the prefix's look-back window as of this record (on a completion record, with the object in it), or
 *               empty when the prefix keeps none
 */
public record SourceOffset(String object, long index, boolean done, Optional<LookbackWindow> window) {
    public static final String OBJECT = "object";
    public static final String INDEX = "index";
    public static final String DONE = "done";

    public SourceOffset {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(window, "window");
    }

    /** An offset without a look-back window, as written before there was one. */
    public SourceOffset(String object, long index, boolean done) {
        this(object, index, done, Optional.empty());
    }

    public Map<String, Object> toMap() {
        return toMap(window.map(w -> w.fields(ListingPrefix.of(object))).orElse(Map.of()));
    }

    /** The map with the window's fields already encoded ({@link LookbackWindow#fields}), shared by many records. */
    Map<String, Object> toMap(Map<String, String> windowFields) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(OBJECT, object);
        map.put(INDEX, index);
        map.put(DONE, done);
        map.putAll(windowFields);
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
        Optional<LookbackWindow> window = LookbackWindow.presentIn(map)
                ? Optional.of(LookbackWindow.from(ListingPrefix.of(key), map)) : Optional.empty();
        return Optional.of(new SourceOffset(key, number.longValue(), flag, window));
    }
}
