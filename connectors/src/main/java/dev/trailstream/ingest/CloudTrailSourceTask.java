package dev.trailstream.ingest;

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

/**
 * Reads every CloudTrail file of one source, in the lister's order, into the events, errors and objects topics.
 *
 * <p>Work goes in passes: a pass lists the objects after the last one finished and reads them in order; when the
 * listing is exhausted the task waits {@code poll.interval.ms} and lists again, so files that appear later with keys
 * sorting after the last one read are picked up. The committed offset (see {@link SourceOffset}) is the only state:
 * a restarted task re-opens the object it was in and skips the records already delivered.
 *
 * <p>{@link #poll()} and {@link #stop()} synchronise on the task: {@code stop()} comes from another thread, and
 * waiting with {@link Object#wait(long)} lets it in at once and wakes the poll.
 */
public final class CloudTrailSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(CloudTrailSourceTask.class);
    /** Longest a poll waits for the next listing before returning nothing, so the worker loop stays responsive. */
    private static final long MAX_IDLE_MS = 1_000;

    private final IngestCounters counters = new IngestCounters();
    private CloudTrailSourceConfig config;
    private ObjectLister lister;
    private IngestRecords records;
    private boolean stopping;
    /** The pass under way, null between passes. */
    private Iterator<SourceObject> listing;
    private IngestCounts passStartCounts;
    private long passStartedAt;
    private long nextListingAt;
    /** The last object finished; the next listing starts after it. */
    private String lastKey;
    /** A committed offset inside an object, taken up before the first listing. */
    private SourceOffset resume;
    private ObjectReading current;

    @Override
    public String version() {
        return ConnectorVersion.VERSION;
    }

    @Override
    public synchronized void start(Map<String, String> props) {
        config = new CloudTrailSourceConfig(props);
        lister = new LocalFolderLister(config.sourceFolder());
        records = new IngestRecords(lister.location().toString(), config);
        stopping = false;
        Optional<SourceOffset> committed = SourceOffset.fromMap(context.offsetStorageReader().offset(records.partition()));
        committed.ifPresent(offset -> {
            if (offset.done()) {
                lastKey = offset.object();
            } else {
                resume = offset;
            }
        });
        log.info("Reading CloudTrail files from {} {}", records.source(), committed
                .map(offset -> offset.done() ? "after " + offset.object()
                        : "from record " + offset.index() + " of " + offset.object())
                .orElse("from the start"));
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
                lastKey = current.key();
                current = null;
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
    }

    /** What this task has produced since it started, for metrics. */
    public IngestCounts counts() {
        return counters.snapshot();
    }

    /** The next object to read, or null when the pass is over (or the next one is not due yet). */
    private ObjectReading nextObject() {
        if (resume != null) {
            SourceOffset offset = resume;
            resume = null;
            return resumed(offset);
        }
        try {
            if (listing == null) {
                if (System.currentTimeMillis() < nextListingAt) {
                    return null;
                }
                passStartedAt = System.currentTimeMillis();
                passStartCounts = counters.snapshot();
                listing = lister.listAfter(Optional.ofNullable(lastKey));
            }
            if (listing.hasNext()) {
                return ObjectReading.of(listing.next(), 0, lister, config.maxRecordBytes(), records, counters,
                        config.errorsTolerance());
            }
        } catch (UncheckedIOException e) {
            log.warn("Listing {} failed; trying again in {} ms: {}", records.source(), config.pollIntervalMs(),
                    e.getCause().toString());
        }
        endPass();
        return null;
    }

    private ObjectReading resumed(SourceOffset offset) {
        Optional<SourceObject> object;
        try {
            object = lister.describe(offset.object());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Cannot look up {} to resume it: {}", offset.object(), e.toString());
            object = Optional.empty();
        }
        return object
                .map(found -> ObjectReading.of(found, offset.index(), lister, config.maxRecordBytes(), records,
                        counters, config.errorsTolerance()))
                .orElseGet(() -> ObjectReading.missing(offset.object(), offset.index(), records, counters,
                        config.errorsTolerance()));
    }

    private void endPass() {
        if (listing != null) {
            IngestCounts pass = counters.snapshot().minus(passStartCounts);
            long millis = System.currentTimeMillis() - passStartedAt;
            if (pass.objects() > 0) {
                log.info("Listing pass over {} done in {} ms: {} objects ({} read, {} failed, {} skipped), "
                                + "{} events, {} errors", records.source(), millis, pass.objects(), pass.objectsRead(),
                        pass.objectsFailed(), pass.objectsSkipped(), pass.events(), pass.errors());
            } else {
                log.debug("Listing pass over {} found nothing new", records.source());
            }
        }
        listing = null;
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
