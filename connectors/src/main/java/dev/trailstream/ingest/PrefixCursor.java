package dev.trailstream.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One {@link ListingPrefix}'s cursor and look-back: which of its keys are settled, where its listing starts, and what
 * a listed key is to the task ({@link Verdict}).
 *
 * <p>Why a look-back: CloudTrail does not deliver a prefix's files in key order. Two files of the same five minutes
 * differ only by a random suffix and may arrive minutes apart, and delivery may lag by about fifteen minutes, so a file
 * can appear with a key before a cursor that has already passed it. A bare cursor never reads it. So the listing
 * starts a look-back (minutes of CloudTrail time) before the cursor, and the keys finished there are remembered, in
 * the prefix's own offset, to tell the late files from the ones read.
 *
 * <p><b>The invariant.</b> Let the cursor C be the greatest key finished in the prefix ({@code start} when none is
 * finished after it).
 * <ol>
 *   <li>Every key sorting at or before {@code start} is settled: finished, or given up as later than the look-back.
 *       It is never read (again).</li>
 *   <li>{@code recent} holds exactly the keys finished after {@code start}, so C is its last.</li>
 *   <li>{@code start} is the greater of its previous value and, when C's name has a CloudTrail time
 *       ({@link FileStamp}) and the look-back is on, the key just before the minute C's time minus the look-back
 *       ({@link FileStamp#keyAt}); otherwise C itself, which is the plain cursor of before. It never moves back. When
 *       {@code recent} would hold more than {@code maxRecent} keys, the oldest are let go and {@code start} moves up
 *       to the last of them (the caller counts and logs it): late files below it are then no longer read.</li>
 *   <li>A pass reads, in listing order, every listed key that is not settled, not in {@code recent} and not an
 *       object a committed offset left mid-way (that one is resumed at its own place). Listing order is key order,
 *       so a prefix's late keys (below C) are read before its new ones (above C): C is also the last key finished in
 *       listing order, as a cursor always was, and only grows; reading a late file never moves it. (Were a new key
 *       read first, C, and {@code start} with it, could move past a late key not read yet, which rule 1 would then
 *       settle unread.)</li>
 * </ol>
 * Each record's offset carries {@code start} and {@code recent} as they are while its object is read, a completion
 * record's with its object added ({@link LookbackWindow}). So whichever offset was committed last, a restarted task
 * lists from {@code start}, skips {@code recent}, resumes the object the offset was in the middle of, and reads every
 * other key once: a late file is an object like any other.
 *
 * <p><b>Missed files.</b> A file delivered after {@code start} has passed it is not read: the look-back decides what
 * is read, not whether the task happened to restart. To report such files all the same, the cursor watches, in
 * memory only, a band as deep again below {@code start} ({@code watchFrom}: C's time minus twice the look-back):
 * listings start there, the band's finished keys ({@code passed}) are skipped, and any other key there is a file that
 * came too late, {@link Verdict#MISSED}. The band starts empty after a restart, is cut short when it would hold more
 * than {@code maxRecent} keys, and a file later than two look-backs is never seen, so reporting is best effort (a
 * floor); what is read does not depend on it.
 *
 * <p>Without a look-back ({@code lookback} zero, or keys without a CloudTrail time, such as the prefix {@code ""}),
 * {@code start} is the cursor and {@code recent} stays empty: the behaviour of a plain cursor.
 */
final class PrefixCursor {
    /** What a listed key is to the task. */
    enum Verdict {
        /** After the cursor: read it. */
        NEW,
        /** Before the cursor but within the look-back, and not finished: a late file, read now. */
        LATE,
        /** Finished, or settled, or waiting to be resumed: skip it. */
        DONE,
        /** A late file found below the look-back: report it, never read it. */
        MISSED
    }

    private final String prefix;
    private final Comparator<String> order;
    private final Duration lookback;
    private final int maxRecent;
    /** Keys at or before it are settled; null when none is. */
    private String start;
    /** The keys finished after {@code start}, at most {@code maxRecent}. */
    private final NavigableSet<String> recent;
    /** Where listings start, at or below {@code start}: the bottom of the band watched for missed files. */
    private String watchFrom;
    /** The keys settled in the band ({@code watchFrom}, {@code start}]: finished, or reported as missed. */
    private final NavigableSet<String> passed;
    /** {@link #window()} until the next change, so that an object's records share one. */
    private LookbackWindow window;

    /**
     * @param start  from the prefix's committed offset: its window's start, or (an offset without a window) its
     *               object, the plain cursor; null when there is none. A key of another prefix (an offset committed
     *               for the whole folder) counts only if it sorts after this prefix
     * @param recent its window's keys, or none
     */
    PrefixCursor(String prefix, Comparator<String> order, Duration lookback, int maxRecent, String start,
                 Collection<String> recent) {
        if (maxRecent < 1) {
            throw new IllegalArgumentException("maxRecent must be at least 1, not " + maxRecent);
        }
        this.prefix = prefix;
        this.order = order;
        this.lookback = lookback;
        this.maxRecent = maxRecent;
        this.start = start != null && !start.startsWith(prefix) && order.compare(start, prefix) < 0 ? null : start;
        this.recent = new TreeSet<>(order);
        this.passed = new TreeSet<>(order);
        for (String key : recent) {
            if (key.startsWith(prefix) && !atOrBefore(key, this.start)) {
                this.recent.add(key);
            }
        }
        this.watchFrom = this.start;
        advance();
    }

    /** Where the next listing of the prefix starts: the key it lists after, or empty for the whole prefix. */
    Optional<String> listFrom() {
        return Optional.ofNullable(watchFrom);
    }

    /** The greatest key finished, or the settled point when none is finished after it; null when nothing is. */
    String cursor() {
        return recent.isEmpty() ? start : recent.last();
    }

    /** The look-back's start: every key at or before it is settled. */
    Optional<String> start() {
        return Optional.ofNullable(start);
    }

    /**
     * What the listed {@code key}, of this prefix, is. A key found {@link Verdict#MISSED} is settled by being found:
     * a later listing does not report it again.
     */
    Verdict verdict(String key) {
        if (recent.contains(key) || passed.contains(key) || atOrBefore(key, watchFrom)) {
            return Verdict.DONE;
        }
        if (atOrBefore(key, start)) {
            passed.add(key);
            boundPassed();
            return Verdict.MISSED;
        }
        String cursor = cursor();
        return cursor != null && order.compare(key, cursor) < 0 ? Verdict.LATE : Verdict.NEW;
    }

    /**
     * Records that {@code key} is finished, its completion record produced, and moves the look-back along.
     *
     * @return how many keys were let go because {@code recent} was full (0 but rarely)
     */
    int finish(String key) {
        if (atOrBefore(key, start)) {
            // Settled already: a file reported as missed, or the object an offset without a window was left in.
            return 0;
        }
        recent.add(key);
        return advance();
    }

    /** The offset fields as they are now: {@code start} and {@code recent}. */
    LookbackWindow window() {
        if (window == null) {
            window = new LookbackWindow(start, List.copyOf(recent));
        }
        return window;
    }

    /** Restores the invariant after the cursor or the recent keys changed; returns how many keys were let go. */
    private int advance() {
        window = null;
        String cursor = cursor();
        Optional<FileStamp> stamp = lookback.isZero() || cursor == null || !cursor.startsWith(prefix)
                ? Optional.empty() : FileStamp.of(cursor);
        String newStart;
        String newWatch;
        if (stamp.isPresent()) {
            Instant time = stamp.get().time();
            newStart = max(start, stamp.get().keyAt(time.minus(lookback)));
            newWatch = min(newStart, max(watchFrom, stamp.get().keyAt(time.minus(lookback.multipliedBy(2)))));
        } else {
            newStart = max(start, cursor);
            newWatch = newStart;
        }
        while (!recent.isEmpty() && atOrBefore(recent.first(), newStart)) {
            passed.add(recent.pollFirst());
        }
        int dropped = 0;
        while (recent.size() > maxRecent) {
            newStart = recent.pollFirst();
            passed.add(newStart);
            dropped++;
        }
        start = newStart;
        watchFrom = max(watchFrom, newWatch);
        if (watchFrom != null) {
            passed.headSet(watchFrom, true).clear();
        }
        boundPassed();
        return dropped;
    }

    /** Cuts the watched band short rather than let it grow past {@code maxRecent} keys. */
    private void boundPassed() {
        while (passed.size() > maxRecent) {
            watchFrom = passed.pollFirst();
        }
    }

    /** Whether {@code key} sorts at or before {@code bound} (null: before everything). */
    private boolean atOrBefore(String key, String bound) {
        return bound != null && order.compare(key, bound) <= 0;
    }

    private String max(String a, String b) {
        return a == null ? b : b == null || order.compare(a, b) >= 0 ? a : b;
    }

    private String min(String a, String b) {
        return a == null || b == null ? null : order.compare(a, b) <= 0 ? a : b;
    }
}
