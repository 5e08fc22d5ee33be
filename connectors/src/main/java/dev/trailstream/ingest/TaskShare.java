package dev.trailstream.ingest;

/**
 * Which {@link ListingPrefix listing prefixes} one of the connector's tasks reads: those whose
 * {@link String#hashCode()} falls to it, {@code Math.floorMod(prefix.hashCode(), count) == index}.
 *
 * <p>Why a hash of the prefix, and why that hash: the prefixes are only known by listing, and a new account or region
 * may appear at any time, so tasks cannot be handed a fixed list of them; each task decides alone, while listing,
 * whether a prefix is its own, and all tasks must agree without talking to each other. {@code String.hashCode} is
 * specified by the JDK, so it is the same in every JVM and every run (unlike anything salted per run, such as the
 * iteration order of {@code Set.of}). A prefix is also the unit of offsets (one source partition each), so a prefix
 * read by exactly one task keeps exactly one writer of its offset, and changing {@code tasks.max} later merely moves
 * whole partitions, with their offsets, to other tasks.
 *
 * <p>The prefix {@code ""} (files outside the CloudTrail layout, one cursor for all of them) belongs to task 0 alone;
 * its hash is 0 anyway, but the rule is explicit so that it does not rest on that.
 *
 * @param index this task's number, from 0
 * @param count how many tasks share the source
 */
public record TaskShare(int index, int count) {
    /** A single task reading everything. */
    public static final TaskShare ALL = new TaskShare(0, 1);

    public TaskShare {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("task index " + index + " is not in [0, " + count + ")");
        }
    }

    /** Whether this task lists and reads {@code prefix} (a {@link ListingPrefix} value). */
    public boolean owns(String prefix) {
        if (prefix.equals(ListingPrefix.NONE)) {
            return index == 0;
        }
        return Math.floorMod(prefix.hashCode(), count) == index;
    }
}
