package dev.trailstream.ingest;

import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The task's cursors, one {@link PrefixCursor} per {@link ListingPrefix}, each loaded from that prefix's committed
 * offset the first time a listing meets the prefix. Memory per prefix met (accounts times regions) is its cursor and
 * the keys of its look-back window (a handful: CloudTrail writes a file per prefix every five minutes or so; never
 * more than {@link #MAX_RECENT}), plus, until it is taken up, the offset of an object it was left in the middle of.
 *
 * <p>Offsets committed under the partition used before prefixes, {@code {"source": <uri>}}, still count: that cursor
 * covered the whole folder, so it is every prefix's cursor until the prefix commits an offset of its own, and an
 * object left unfinished under it is resumed in its own prefix (by the task that owns that prefix). Offsets of a
 * prefix without a look-back window (written before there was one) load as a plain cursor: nothing before it is read
 * again, and the look-back grows back as the cursor moves on.
 *
 * <p>They also say which prefixes the task lists at all, its {@link TaskShare}: the listers ask {@link #owns} before
 * entering a prefix, so another task's prefixes are never listed and their offsets never loaded here.
 */
final class PrefixCursors implements ObjectLister.Cursors {
    /**
     * Most keys a prefix's offset remembers behind its cursor. CloudTrail writes a file per account and region about
     * every five minutes, so a 30-minute look-back holds a dozen or so; a thousand keys (some 90 kB of offset) means
     * something else writes there, and bounds what every record of the prefix carries.
     */
    static final int MAX_RECENT = 1_000;
    private static final Logger log = LoggerFactory.getLogger(PrefixCursors.class);

    private final OffsetStorageReader offsets;
    private final IngestRecords records;
    private final Optional<SourceOffset> legacy;
    private final Comparator<String> keyOrder;
    private final TaskShare share;
    private final Duration lookback;
    private final int maxRecent;
    private final IngestCounters counters;
    private final Map<String, PrefixCursor> cursors = new HashMap<>();
    /** Objects left mid-way, by key, waiting for the listing to reach their place in the order. */
    private final NavigableMap<String, SourceOffset> resumes;

    PrefixCursors(OffsetStorageReader offsets, IngestRecords records, Comparator<String> keyOrder, TaskShare share,
                  Duration lookback, IngestCounters counters) {
        this(offsets, records, keyOrder, share, lookback, counters, MAX_RECENT);
    }

    /** With another bound on the keys remembered per prefix, for tests of that bound. */
    PrefixCursors(OffsetStorageReader offsets, IngestRecords records, Comparator<String> keyOrder, TaskShare share,
                  Duration lookback, IngestCounters counters, int maxRecent) {
        this.offsets = offsets;
        this.records = records;
        this.legacy = SourceOffset.fromMap(offsets.offset(records.legacyPartition()));
        this.keyOrder = keyOrder;
        this.share = share;
        this.lookback = lookback;
        this.counters = counters;
        this.maxRecent = maxRecent;
        this.resumes = new TreeMap<>(keyOrder);
    }

    /** The offset committed under the partition used before prefixes, if any. */
    Optional<SourceOffset> legacy() {
        return legacy;
    }

    @Override
    public boolean owns(String prefix) {
        return share.owns(prefix);
    }

    /** Where the listing of {@code prefix} starts: its look-back's watched band, or its plain cursor. */
    @Override
    public Optional<String> after(String prefix) {
        return cursor(prefix).listFrom();
    }

    /** What the listed {@code key} is to the task: see {@link PrefixCursor.Verdict}. */
    PrefixCursor.Verdict verdict(String key) {
        if (resumes.containsKey(key)) {
            return PrefixCursor.Verdict.DONE; // it is taken up at its place, from where it was left
        }
        return cursor(ListingPrefix.of(key)).verdict(key);
    }

    /** The cursor of {@code key}'s prefix, for messages: the greatest key finished there. */
    Optional<String> cursorOf(String key) {
        return Optional.ofNullable(cursor(ListingPrefix.of(key)).cursor());
    }

    /**
     * The look-back window the records of {@code key} carry in their offsets now; empty for prefixes that keep none
     * (the prefix {@code ""}, and all of them when the look-back is off), whose offsets stay as they always were.
     */
    Optional<LookbackWindow> window(String key) {
        String prefix = ListingPrefix.of(key);
        return keepsWindow(prefix) ? Optional.of(cursor(prefix).window()) : Optional.empty();
    }

    /**
     * Records that {@code key} is finished, its completion record being produced, and returns the window that record
     * carries (with the key in it).
     */
    Optional<LookbackWindow> finish(String key) {
        String prefix = ListingPrefix.of(key);
        PrefixCursor cursor = cursor(prefix);
        if (cursor.finish(key) > 0) {
            counters.lookbackTruncated();
            log.warn("Prefix '{}' of {} has more than {} files finished within its {}-minute look-back; the oldest "
                            + "are let go, so a file delivered late before {} will not be read", prefix,
                    records.source(), maxRecent, lookback.toMinutes(), cursor.start().orElse("?"));
        }
        return window(key);
    }

    /**
     * The first object left mid-way that sorts before {@code upcoming}, the next key the listing yields (null when
     * the listing is over), removed from the waiting ones; empty when none is due yet. The listing passes over it
     * ({@link #verdict} is {@code DONE} while it waits), so taking it up here keeps the pass in key order.
     */
    Optional<SourceOffset> resumeBefore(String upcoming) {
        if (resumes.isEmpty() || upcoming != null && keyOrder.compare(resumes.firstKey(), upcoming) >= 0) {
            return Optional.empty();
        }
        return Optional.of(resumes.pollFirstEntry().getValue());
    }

    private boolean keepsWindow(String prefix) {
        return !prefix.equals(ListingPrefix.NONE) && !lookback.isZero();
    }

    private PrefixCursor cursor(String prefix) {
        PrefixCursor cursor = cursors.get(prefix);
        if (cursor == null) {
            cursor = load(prefix);
            cursors.put(prefix, cursor);
        }
        return cursor;
    }

    private PrefixCursor load(String prefix) {
        Optional<SourceOffset> own = SourceOffset.fromMap(offsets.offset(records.partition(prefix)));
        Optional<SourceOffset> committed = own.isPresent() ? own : legacy;
        Optional<LookbackWindow> window = own.flatMap(SourceOffset::window);
        // An offset without a window is a plain cursor: its object, finished or left mid-way, is where listing starts.
        String start = window.isPresent() ? window.get().start() : committed.map(SourceOffset::object).orElse(null);
        List<String> recent = window.map(LookbackWindow::recent).orElse(List.of());
        committed.filter(offset -> !offset.done() && ListingPrefix.of(offset.object()).equals(prefix))
                .ifPresent(offset -> resumes.put(offset.object(), offset));
        if (own.isPresent()) {
            log.debug("Prefix '{}' of {} resumes {} {}{}", prefix, records.source(), own.get().done() ? "after"
                    : "at record " + own.get().index() + " of", own.get().object(), window.map(w -> ", with "
                    + w.recent().size() + " files finished since " + w.start()).orElse(""));
        }
        return new PrefixCursor(prefix, keyOrder, lookback, maxRecent, start, recent);
    }
}
