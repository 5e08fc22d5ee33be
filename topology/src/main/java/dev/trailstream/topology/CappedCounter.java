package dev.trailstream.topology;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashSet;
import java.util.Set;

/**
 * Counts into {@value Stores#PIPELINE_STATS} by a label taken from the data (a region, an error code), keeping at most
 * {@code cap} distinct labels in this task's partition of the store; events of any further label are counted under
 * {@value #OTHER}. The cap is decided here, where the events are, so that the store and every metric read from it
 * stay bounded whatever the input holds.
 *
 * <p>One instance per processor (so per task). It learns the labels the task has already counted with a prefix scan
 * of the store at first use, so a restarted task keeps counting the same labels by name.
 */
public final class CappedCounter {
    /** The label of everything beyond the cap. */
    public static final String OTHER = "other";
    /** The label of events without a value. */
    public static final String UNKNOWN = "unknown";

    private final String prefix;
    private final int cap;
    private final Set<String> known = new HashSet<>();
    private boolean loaded;

    /**
     * @param prefix the counter name's prefix, e.g. {@link PipelineStats#BY_REGION}
     * @param cap    the most distinct labels counted by name, besides {@value #OTHER}
     */
    public CappedCounter(String prefix, int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1, was " + cap);
        }
        this.prefix = prefix;
        this.cap = cap;
    }

    /** Adds one to {@code label}'s counter, or to {@value #OTHER}'s once {@code cap} labels are counted. */
    public void increment(KeyValueStore<String, Long> stats, String label) {
        if (!loaded) {
            load(stats);
        }
        String counted = label == null || label.isEmpty() ? UNKNOWN : label;
        if (!counted.equals(OTHER) && !known.contains(counted)) {
            if (known.size() >= cap) {
                counted = OTHER;
            } else {
                known.add(counted);
            }
        }
        PipelineStats.increment(stats, prefix + counted);
    }

    /** Forgets the labels learnt; the next increment reads them from the store again (a task re-initialised). */
    public void reset() {
        known.clear();
        loaded = false;
    }

    private void load(KeyValueStore<String, Long> stats) {
        try (KeyValueIterator<String, Long> counted = stats.prefixScan(prefix, new StringSerializer())) {
            while (counted.hasNext()) {
                known.add(counted.next().key.substring(prefix.length()));
            }
        }
        known.remove(OTHER);
        loaded = true;
    }
}
