package dev.trailstream.profile;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * First and last sighting per name (action, source IP, region, ...), for at most a given number of names. When a new
 * name would exceed the cap, the <em>stalest</em> name (oldest last sighting) goes and the eviction is counted, so a
 * reader knows the set is no longer complete. Stalest rather than rarest: for least privilege and for "new IP" style
 * detections what matters is what is still in use, and a name used a thousand times last year is not.
 *
 * @param names   name → sighting
 * @param evicted names dropped to stay under the cap
 */
public record SeenSet(Map<String, Seen> names, long evicted) {
    public static final SeenSet EMPTY = new SeenSet(Map.of(), 0);

    public SeenSet {
        Objects.requireNonNull(names, "names");
        // A map built here (or by the codec) is handed over, not copied again: a profile is rebuilt for every event.
        names = Collections.unmodifiableMap(names instanceof Owned<String, Seen> owned ? owned
                : new LinkedHashMap<>(names));
        if (evicted < 0) {
            throw new IllegalArgumentException("evicted must not be negative");
        }
    }

    /** One more sighting of {@code name} at {@code time}; a null name (a field the event lacked) changes nothing. */
    public SeenSet with(String name, Instant time, int cap) {
        if (name == null) {
            return this;
        }
        Owned<String, Seen> next = new Owned<>(names);
        Seen before = next.get(name);
        next.put(name, before == null ? Seen.once(time) : before.and(time));
        long dropped = evicted;
        while (next.size() > cap) {
            next.remove(stalestExcept(next, name));
            dropped++;
        }
        return new SeenSet(next, dropped);
    }

    public int size() {
        return names.size();
    }

    public Seen get(String name) {
        return names.get(name);
    }

    /** A map that no one else holds, which the constructor may keep without copying. */
    static final class Owned<K, V> extends LinkedHashMap<K, V> {
        Owned(int capacity) {
            super(capacity);
        }

        Owned(Map<K, V> copyOf) {
            super(copyOf);
        }
    }

    /** The newest name is spared, or a set full of recent names could never take a new one. */
    private static String stalestExcept(Map<String, Seen> names, String spared) {
        String victim = null;
        Instant oldest = null;
        for (Map.Entry<String, Seen> e : names.entrySet()) {
            if (!e.getKey().equals(spared) && (oldest == null || e.getValue().last().isBefore(oldest))) {
                oldest = e.getValue().last();
                victim = e.getKey();
            }
        }
        return victim;
    }
}
