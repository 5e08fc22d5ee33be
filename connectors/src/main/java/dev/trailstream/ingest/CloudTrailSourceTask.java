package dev.trailstream.ingest;

import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads every CloudTrail file of one source, in the lister's order, into the events, errors and objects topics.
 *
 * <p>Work goes in passes: a pass walks the whole source in key order and reads, in that order, the objects after the
 * last one finished <em>in their own {@link ListingPrefix}</em>; when the listing is exhausted the task waits
 * {@code poll.interval.ms} and lists again. The cursor is per prefix because CloudTrail writes every account and
 * region ({@code AWSLogs/<account>/CloudTrail/<region>/...}) at the same time: with one cursor for the folder, new
 * files in every subtree but the last sorted before it and were never read.
 *
 * <p>Within a prefix CloudTrail does not deliver in key order either, so each pass lists a prefix from a look-back
 * ({@code lookback.minutes} of CloudTrail time) before its cursor and reads, in the same listing order, the late files
 * there that were not read yet, then the new ones; see {@link PrefixCursor} for the invariant that keeps this
 * exactly-once. Files that arrive later than the look-back are reported, not read.
 *
 * <p>The lister comes from the {@code source} scheme ({@link ObjectListers}): {@link LocalFolderLister} for a folder,
 * {@link S3Lister} for {@code s3://bucket/prefix}. Both honour the per-prefix cursors the same way; S3 lists each
 * CloudTrail prefix on its own with {@code StartAfter} = its cursor less the look-back, so a pass fetches only what is
 * recent in every account and region instead of the bucket's history.
 *
 * <p>The committed offsets (see {@link SourceOffset}), one per prefix partition, are the only state; each is read
 * when a listing first meets its prefix ({@link PrefixCursors}). A restarted task re-opens the object a prefix was
 * in, at its place in the order, and skips the records already delivered.
 *
 * <p>With {@code tasks.max} above 1 each task lists and reads only its {@link TaskShare} of the prefixes (the
 * connector sets {@code task.index} and {@code task.count}); the prefixes, their cursors and their offsets are the
 * same whoever reads them, so a prefix changing hands when {@code tasks.max} changes goes on from its offset.
 *
 * <p>It reports what it does as Micrometer meters on the global registry ({@link ConnectorMetrics}), removed again on
 * {@link #stop()}.
 *
 * <p>{@link #poll()} and {@link #stop()} synchronise on the task: {@code stop()} comes from another thread, and
 * waiting with {@link Object#wait(long)} lets it in at once and wakes the poll.
 */
public final class CloudTrailSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(CloudTrailSourceTask.class);
    /** Longest a poll waits for the next listing before returning nothing, so the worker loop stays responsive. */
    private static final long MAX_IDLE_MS = 1_000;

    private final IngestCounters counters = new IngestCounters();
    private final Function<CloudTrailSourceConfig, ObjectLister> listers;
    private CloudTrailSourceConfig config;
    private ObjectLister lister;
    private IngestRecords records;
    private boolean stopping;
    /** The pass under way, null between passes. */
    private Iterator<SourceObject> listing;
    private IngestCounts passStartCounts;
    private long passStartedAt;
    /** Time the pass under way has spent in the lister (listing, not reading), for the listing timer. */
    private long passListingNanos;
    private ConnectorMetrics metrics;
    private long nextListingAt;
    /** Each prefix's cursor and look-back, and objects left mid-way before the restart. */
    private PrefixCursors cursors;
    /** The next object of the pass, taken from the listing but not started yet. */
    private SourceObject upcoming;
    private ObjectReading current;

    public CloudTrailSourceTask() {
        this(ObjectListers::open);
    }

    /** With the lister a test chooses (an S3 lister with small pages, say). */
    CloudTrailSourceTask(Function<CloudTrailSourceConfig, ObjectLister> listers) {
        this.listers = listers;
    }

    @Override
    public String version() {
        return ConnectorVersion.VERSION;
    }

    @Override
    public synchronized void start(Map<String, String> props) {
        config = new CloudTrailSourceConfig(props);
        lister = listers.apply(config);
        records = new IngestRecords(lister.location().toString(), config);
        stopping = false;
        listing = null;
        upcoming = null;
        TaskShare share = config.taskShare();
        cursors = new PrefixCursors(context.offsetStorageReader(), records, lister.keyOrder(), share,
                config.lookback(), counters);
        metrics = new ConnectorMetrics(Metrics.globalRegistry, config.connectorName(), share.index(), counters);
        log.info("Reading CloudTrail files from {}, with one cursor per account/region prefix{}{}", records.source(),
                share.count() == 1 ? "" : "; task " + share.index() + " of " + share.count() + ", reading the "
                        + "prefixes whose hash falls to it" + (share.owns(ListingPrefix.NONE) ? " and the files "
                        + "outside the CloudTrail layout" : ""),
                cursors.legacy().map(offset -> "; prefixes without an offset of their own start "
                        + (offset.done() ? "after " : "at record " + offset.index() + " of ") + offset.object()
                        + ", the offset committed for the whole folder").orElse(""));
    }

    @Override
    public synchronized List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> batch = new ArrayList<>();
        int batchSize = config.batchSize();
        while (!stopping && batch.size() < batchSize) {
            if (current == null) {
                current = nextObject();
                if (current == null) {
                    break;
                }
            }
            if (current.readInto(batch, batchSize - batch.size())) {
                current = null; // finished for its prefix by its completion record
            }
        }
        if (!batch.isEmpty()) {
            return batch;
        }
        awaitNextListing();
        return null;
    }

    @Override
    public synchronized void stop() {
        stopping = true;
        notifyAll();
        if (current != null) {
            current.close();
            current = null;
        }
        if (lister != null) {
            lister.close();
            lister = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }

    /** What this task has produced since it started, for metrics. */
    public IngestCounts counts() {
        return counters.snapshot();
    }

    /** The next object to read, or null when the pass is over (or the next one is not due yet). */
    private ObjectReading nextObject() {
        boolean failed = false;
        try {
            if (listing == null) {
                if (System.currentTimeMillis() < nextListingAt) {
                    return null;
                }
                passStartedAt = System.currentTimeMillis();
                passStartCounts = counters.snapshot();
                passListingNanos = 0;
                listing = timed(() -> lister.list(cursors));
            }
            while (true) {
                if (upcoming == null) {
                    upcoming = timed(() -> listing.hasNext() ? listing.next() : null);
                }
                // Listing a prefix loads its offset: an object left mid-way there is due before the next listed one.
                Optional<SourceOffset> resume = cursors.resumeBefore(upcoming == null ? null : upcoming.key());
                if (resume.isPresent()) {
                    return resumed(resume.get());
                }
                if (upcoming == null) {
                    break;
                }
                SourceObject object = upcoming;
                upcoming = null;
                ObjectReading reading = readingOf(object);
                if (reading != null) {
                    return reading;
                }
            }
        } catch (UncheckedIOException e) {
            failed = true;
            log.warn("Listing {} failed; trying again in {} ms: {}", records.source(), config.pollIntervalMs(),
                    e.getCause().toString());
        }
        endPass(failed);
        return null;
    }

    /**
     * The reading of a listed object, or null when there is nothing to do with it: the listing of a prefix starts
     * below its cursor, so it yields files finished already, which are passed over here.
     */
    private ObjectReading readingOf(SourceObject object) {
        PrefixCursor.Verdict verdict = cursors.verdict(object.key());
        if (verdict == PrefixCursor.Verdict.DONE) {
            return null;
        }
        if (verdict == PrefixCursor.Verdict.MISSED) {
            return tooLate(object);
        }
        if (verdict == PrefixCursor.Verdict.LATE) {
            counters.lateFileRead();
            log.debug("Reading {} in {}, which arrived after its prefix's cursor had passed it", object.key(),
                    records.source());
        }
        metrics.reading(object);
        return ObjectReading.of(object, 0, lister, config.readLimits(), records, counters,
                config.errorsTolerance(), cursors);
    }

    /** Reports a file that arrived after its prefix's look-back had passed it, without reading it. */
    private ObjectReading tooLate(SourceObject object) {
        counters.lateFileSkipped();
        String cursor = cursors.cursorOf(object.key()).orElse("?");
        long minutes = config.lookback().toMinutes();
        log.warn("Not reading {} in {}: it arrived after the {}-minute look-back had passed it (its prefix's cursor "
                + "is {}); raise {} if this recurs", object.key(), records.source(), minutes, cursor,
                CloudTrailSourceConfig.LOOKBACK_MINUTES);
        return ObjectReading.tooLate(object, "arrived after the look-back had passed it: more than " + minutes
                + " minutes (" + CloudTrailSourceConfig.LOOKBACK_MINUTES + ") before its prefix's cursor, " + cursor,
                records, counters, cursors);
    }

    /** Runs a step of the lister's (lazy) listing, adding its time to the pass's listing time. */
    private <T> T timed(Supplier<T> step) {
        long started = System.nanoTime();
        try {
            return step.get();
        } finally {
            passListingNanos += System.nanoTime() - started;
        }
    }

    private ObjectReading resumed(SourceOffset offset) {
        Optional<SourceObject> object;
        try {
            object = lister.describe(offset.object());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Cannot look up {} to resume it: {}", offset.object(), e.toString());
            object = Optional.empty();
        }
        object.ifPresent(metrics::reading);
        return object
                .map(found -> ObjectReading.of(found, offset.index(), lister, config.readLimits(), records,
                        counters, config.errorsTolerance(), cursors))
                .orElseGet(() -> ObjectReading.missing(offset.object(), offset.index(), records, counters,
                        config.errorsTolerance(), cursors));
    }

    /** Ends the pass under way; {@code failed} when the listing broke off, so it cannot tell there was nothing new. */
    private void endPass(boolean failed) {
        if (passStartCounts != null) {
            IngestCounts pass = counters.snapshot().minus(passStartCounts);
            long millis = System.currentTimeMillis() - passStartedAt;
            metrics.listed(passListingNanos);
            if (pass.objects() > 0) {
                log.info("Listing pass over {} done in {} ms: {} objects ({} read, {} failed, {} skipped), "
                                + "{} events, {} errors", records.source(), millis, pass.objects(), pass.objectsRead(),
                        pass.objectsFailed(), pass.objectsSkipped(), pass.events(), pass.errors());
            } else if (!failed) {
                metrics.caughtUp();
                log.debug("Listing pass over {} found nothing new", records.source());
            }
        }
        passStartCounts = null;
        listing = null;
        upcoming = null;
        nextListingAt = System.currentTimeMillis() + config.pollIntervalMs();
    }

    private void awaitNextListing() throws InterruptedException {
        long deadline = Math.min(nextListingAt, System.currentTimeMillis() + MAX_IDLE_MS);
        long wait;
        while (!stopping && (wait = deadline - System.currentTimeMillis()) > 0) {
            wait(wait);
        }
    }
}
