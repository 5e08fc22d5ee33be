package dev.trailstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * A place CloudTrail files are read from: a local folder ({@link LocalFolderLister}) or an S3 bucket and prefix
 * ({@link S3Lister}).
 *
 * <p>The task keeps one cursor (the last key it finished) per {@link ListingPrefix listing prefix}, so a lister must
 * list in one total, deterministic order ({@link #keyOrder()}) and, within each prefix, be able to start right after
 * any key, one that names no object included (with a look-back the task asks to start at a time before the cursor,
 * {@link FileStamp#keyAt}). A listing still walks every prefix in that one global order, so a pass yields its objects
 * in key order; which of them are read is the task's business ({@link PrefixCursor}).
 */
public interface ObjectLister extends AutoCloseable {

    /**
     * Which prefixes a listing lists, and where it resumes in each; the task implements it ({@link PrefixCursors}),
     * loading each prefix's offset on first use.
     */
    @FunctionalInterface
    interface Cursors {
        /**
         * The key to list {@code prefix} (a {@link ListingPrefix} value, {@code ""} included) after, or empty to list
         * all of it: the last key finished there, or a look-back before it, so the listing may yield keys finished
         * already. A listing asks once per prefix it {@link #owns owns}, when it first meets the prefix: the prefix
         * folder for a CloudTrail prefix, the start of the listing for {@code ""}.
         */
        Optional<String> after(String prefix);

        /**
         * Whether the listing lists {@code prefix} at all: when the connector has several tasks, each lists only its
         * own share of the prefixes ({@link TaskShare}). A prefix folder that is not owned is never entered (in S3,
         * never listed) and its cursor never asked for; when {@code ""} is not owned, files outside the CloudTrail
         * layout are passed over, though the folders around them are still walked, since any of them may hold
         * CloudTrail prefixes. Everything by default, as for {@link #listAfter} and the summaries built on it.
         */
        default boolean owns(String prefix) {
            return true;
        }
    }

    /** Identifies the source; its string form is the Connect source partition and the {@code trailstream.source} header. */
    URI location();

    /**
     * The order {@link #listAfter} lists in, and the one the task compares keys with (to take up an object left
     * mid-way at its place in the listing): the two must agree, or a resumed object is read out of turn.
     */
    Comparator<String> keyOrder();

    /**
     * Lists, in {@link #keyOrder()}, the objects of the prefixes {@code cursors} {@link Cursors#owns owns} whose key
     * sorts strictly after the key {@link Cursors#after} gives for its own prefix, lazily: implementations fetch one
     * directory (or one page) at a time and skip what a cursor rules out without fetching it where they can. Failures
     * surface as {@link UncheckedIOException} from the iterator.
     */
    Iterator<SourceObject> list(Cursors cursors);

    /**
     * Lists objects whose key sorts strictly after {@code afterKey} (everything when empty), whatever their prefix and
     * whichever task owns it.
     */
    default Iterator<SourceObject> listAfter(Optional<String> afterKey) {
        return list(prefix -> afterKey);
    }

    /** The object under {@code key} as a listing would show it now, or empty when it is gone. */
    Optional<SourceObject> describe(String key) throws IOException;

    /** Opens the object's bytes as stored (possibly gzipped). */
    InputStream open(String key) throws IOException;

    /** Releases what the lister holds (an S3 client's connections); nothing for a folder. */
    @Override
    default void close() {
    }

    /** Counts by walking the whole listing once, one directory or page at a time. */
    default ListingSummary summarize() {
        long objects = 0;
        long events = 0;
        String last = null;
        Iterator<SourceObject> listing = listAfter(Optional.empty());
        while (listing.hasNext()) {
            SourceObject object = listing.next();
            objects++;
            if (object.kind().isRead()) {
                events++;
                last = object.key();
            }
        }
        return new ListingSummary(objects, events, Optional.ofNullable(last));
    }

    /** The greatest key that will be read (a non-empty event file), if any: see {@link ListingSummary#lastEventKey()}. */
    default Optional<String> lastKey() {
        return summarize().lastEventKey();
    }

    /** How many non-empty event files are listed now. */
    default long eventObjectCount() {
        return summarize().eventObjects();
    }

    /**
     * The greatest key of each listing prefix, as listed now. The task finishes a prefix's objects in listing order,
     * each with one completion record, so once the record of every key returned here has been written, every object
     * listed now has been finished — however far the prefixes' cursors were before. One entry per prefix
     * (accounts × regions), never one per object.
     */
    default Map<String, String> lastKeyPerPrefix() {
        Map<String, String> last = new TreeMap<>();
        listAfter(Optional.empty()).forEachRemaining(object -> last.put(ListingPrefix.of(object.key()), object.key()));
        return last;
    }
}
