package dev.trailstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Optional;

/**
 * A place CloudTrail files are read from: a local folder now, an S3 bucket and prefix later.
 *
 * <p>The task keeps a single cursor (the last key it finished) per source, so a lister must list in one total,
 * deterministic order and be able to start right after any key; {@link #keyOrder()} is that order.
 */
public interface ObjectLister {

    /** Identifies the source; its string form is the Connect source partition and the {@code trailstream.source} header. */
    URI location();

    /** The order {@link #listAfter} lists in. */
    Comparator<String> keyOrder();

    /**
     * Lists objects whose key sorts strictly after {@code afterKey} (everything when empty), lazily: implementations
     * fetch one directory (or one page) at a time. Failures surface as {@link UncheckedIOException} from the iterator.
     */
    Iterator<SourceObject> listAfter(Optional<String> afterKey);

    /** The object under {@code key} as a listing would show it now, or empty when it is gone. */
    Optional<SourceObject> describe(String key) throws IOException;

    /** Opens the object's bytes as stored (possibly gzipped). */
    InputStream open(String key) throws IOException;

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
}
