package dev.trailstream.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a CloudTrail prefix's offset that says which of its keys are settled, so that a listing can start a
 * look-back before the cursor and read only the late files there (see {@link PrefixCursor} for the invariant).
 *
 * <p>In the offset map it is two string fields, with keys relative to the partition's prefix (every key in them is
 * inside it) so that offsets stay small: {@code "start"} (absent when null) and {@code "recent"}, the keys as a JSON
 * array in a string. A string, because Connect accepts only primitive values in offsets
 * ({@code OffsetUtils.validateFormat}); JSON, because a key may hold any character. Offsets without {@code "recent"}
 * were written before the look-back (or with it off): they have no window.
 *
 * @param start  every key of the prefix sorting at or before it is settled: finished, or given up as later than the
 *               look-back; null when nothing is
 * @param recent the keys finished after {@code start}, in key order; the last one is the prefix's cursor
 */
public record LookbackWindow(String start, List<String> recent) {
    static final String START = "start";
    static final String RECENT = "recent";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    public LookbackWindow {
        recent = List.copyOf(recent);
    }

    /** The offset fields of this window, relative to {@code prefix}. */
    Map<String, String> fields(String prefix) {
        List<String> names = new ArrayList<>(recent.size());
        for (String key : recent) {
            names.add(relative(prefix, key));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (start != null) {
            fields.put(START, relative(prefix, start));
        }
        try {
            fields.put(RECENT, JSON.writeValueAsString(names));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a list of strings as JSON", e);
        }
        return fields;
    }

    /** Whether the offset {@code map} has a window (new format) at all. */
    static boolean presentIn(Map<String, ?> map) {
        return map.containsKey(RECENT);
    }

    /** Reads the window of an offset {@code map} whose partition is {@code prefix}; fails when it is malformed. */
    static LookbackWindow from(String prefix, Map<String, ?> map) {
        Object start = map.get(START);
        Object recent = map.get(RECENT);
        if (start != null && !(start instanceof String) || !(recent instanceof String text)) {
            throw malformed(map, null);
        }
        List<String> names;
        try {
            names = JSON.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw malformed(map, e);
        }
        List<String> keys = new ArrayList<>(names.size());
        for (String name : names) {
            if (name == null) {
                throw malformed(map, null);
            }
            keys.add(prefix + name);
        }
        return new LookbackWindow(start == null ? null : prefix + start, keys);
    }

    private static String relative(String prefix, String key) {
        if (!key.startsWith(prefix)) {
            throw new IllegalStateException("Key " + key + " is not in the prefix '" + prefix + "'");
        }
        return key.substring(prefix.length());
    }

    private static ConnectException malformed(Map<String, ?> map, Exception cause) {
        return new ConnectException("Malformed CloudTrail source offset " + map + ": expected \"" + RECENT
                + "\" to be a JSON array of keys in a string, and \"" + START + "\" a key, if present", cause);
    }
}
