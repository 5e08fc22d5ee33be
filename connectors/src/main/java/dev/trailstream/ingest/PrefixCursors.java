package dev.trailstream.ingest;

import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The task's cursors, one per {@link ListingPrefix}, each loaded from that prefix's committed offset the first time a
 * listing meets the prefix. Memory is one key per prefix met (accounts times regions), plus, until it is taken up, the
 * offset of an object a prefix was left in the middle of.
 *
 * <p>Offsets committed under the partition used before prefixes, {@code {"source": <uri>}}, still count: that cursor
 * covered the whole folder, so it is every prefix's cursor until the prefix commits an offset of its own, and an
 * object left unfinished under it is resumed in its own prefix (by the task that owns that prefix).
 *
 * <p>They also say which prefixes the task lists at all, its {@link TaskShare}: the listers ask {@link #owns} before
 * entering a prefix, so another task's prefixes are never listed and their offsets never loaded here.
 */
final class PrefixCursors implements ObjectLister.Cursors {
    private static final Logger log = LoggerFactory.getLogger(PrefixCursors.class);

    private final OffsetStorageReader offsets;
    private final IngestRecords records;
    private final Optional<SourceOffset> legacy;
    private final Comparator<String> keyOrder;
    private final TaskShare share;
    /** The last key finished per prefix met so far; a null value means the prefix has nothing finished yet. */
    private final Map<String, String> finished = new HashMap<>();
    /** Objects left mid-way, by key, waiting for the listing to reach their place in the order. */
    private final NavigableMap<String, SourceOffset> resumes;

    PrefixCursors(OffsetStorageReader offsets, IngestRecords records, Comparator<String> keyOrder, TaskShare share) {
        this.offsets = offsets;
        this.records = records;
        this.legacy = SourceOffset.fromMap(offsets.offset(records.legacyPartition()));
        this.keyOrder = keyOrder;
        this.share = share;
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

    @Override
    public Optional<String> after(String prefix) {
        if (!finished.containsKey(prefix)) {
            load(prefix);
        }
        return Optional.ofNullable(finished.get(prefix));
    }

    /** Records that {@code key} is finished, its completion record returned to Connect. */
    void finished(String key) {
        finished.put(ListingPrefix.of(key), key);
    }

    /**
     * The first object left mid-way that sorts before {@code upcoming}, the next key the listing yields (null when
     * the listing is over), removed from the waiting ones; empty when none is due yet. Listed objects skip it, since
     * it is its prefix's cursor, so taking it up here keeps the pass in key order.
     */
    Optional<SourceOffset> resumeBefore(String upcoming) {
        if (resumes.isEmpty() || upcoming != null && keyOrder.compare(resumes.firstKey(), upcoming) >= 0) {
            return Optional.empty();
        }
        return Optional.of(resumes.pollFirstEntry().getValue());
    }

    private void load(String prefix) {
        Optional<SourceOffset> own = SourceOffset.fromMap(offsets.offset(records.partition(prefix)));
        Optional<SourceOffset> committed = own.isPresent() ? own : legacy;
        finished.put(prefix, committed.map(SourceOffset::object).orElse(null));
        committed.filter(offset -> !offset.done() && ListingPrefix.of(offset.object()).equals(prefix))
                .ifPresent(offset -> resumes.put(offset.object(), offset));
        if (own.isPresent()) {
            log.debug("Prefix '{}' of {} resumes {} {}", prefix, records.source(), own.get().done() ? "after"
                    : "at record " + own.get().index() + " of", own.get().object());
        }
    }
}
