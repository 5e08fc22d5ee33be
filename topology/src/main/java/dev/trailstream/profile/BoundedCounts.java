package dev.trailstream.profile;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts per name, at most a given number of names. The map is ordered from least to most recently seen; when a new
 * name would exceed the cap, the name with the smallest count goes, the stalest of those first, and the eviction is
 * counted so that a reader knows the map is no longer complete.
 *
 * @param counts  name → times seen, least recently seen first
 * @param evicted how many names have been dropped to stay under the cap
 */
public record BoundedCounts(Map<String, Long> counts, long evicted) {
    public static final BoundedCounts EMPTY = new BoundedCounts(Map.of(), 0);

    public BoundedCounts {
        // LinkedHashMap, not Map.copyOf: the order is the recency that eviction relies on.
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(counts, "counts")));
        if (evicted < 0) {
            throw new IllegalArgumentException("evicted must not be negative");
        }
    }

    /** One more sighting of {@code name}; null names (a field the event lacked) change nothing. */
    public BoundedCounts with(String name, int cap) {
        if (name == null) {
            return this;
        }
        LinkedHashMap<String, Long> next = new LinkedHashMap<>(counts);
        return new BoundedCounts(next, evicted + add(next, name, 1, cap));
    }

    /** Both counts added up, e.g. the hours of a day; the other's evictions count as evictions here too. */
    public BoundedCounts merge(BoundedCounts other, int cap) {
        LinkedHashMap<String, Long> next = new LinkedHashMap<>(counts);
        long dropped = evicted + other.evicted;
        for (Map.Entry<String, Long> e : other.counts.entrySet()) {
            dropped += add(next, e.getKey(), e.getValue(), cap);
        }
        return new BoundedCounts(next, dropped);
    }

    /** Adds {@code n} sightings of {@code name} to {@code counts}, returns how many names it evicted. */
    private static long add(LinkedHashMap<String, Long> counts, String name, long n, int cap) {
        Long before = counts.remove(name);
        counts.put(name, before == null ? n : before + n);
        long dropped = 0;
        while (counts.size() > cap) {
            counts.remove(leastUsedExceptNewest(counts));
            dropped++;
        }
        return dropped;
    }

    /** The newest name is spared: otherwise, once the map is full of frequent names, no new name could ever enter. */
    private static String leastUsedExceptNewest(LinkedHashMap<String, Long> counts) {
        String victim = null;
        long smallest = Long.MAX_VALUE;
        Iterator<Map.Entry<String, Long>> entries = counts.entrySet().iterator();
        for (int i = 0; i < counts.size() - 1; i++) {
            Map.Entry<String, Long> entry = entries.next();
            if (entry.getValue() < smallest) {
                smallest = entry.getValue();
                victim = entry.getKey();
            }
        }
        return victim;
    }
}
