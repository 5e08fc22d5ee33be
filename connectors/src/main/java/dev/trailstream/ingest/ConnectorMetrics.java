package dev.trailstream.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One task's Micrometer meters, tagged {@code connector} (the connector's name) and {@code task} (its index):
 *
 * <ul>
 *   <li>{@code trailstream.connector.objects} (counter, tag {@code status}: read, failed, skipped) objects finished;
 *   <li>{@code trailstream.connector.events} (counter) event records produced;
 *   <li>{@code trailstream.connector.bytes} (counter) bytes of those records;
 *   <li>{@code trailstream.connector.errors} (counter, tag {@code code}: an {@link IngestErrorCode}) error records;
 *   <li>{@code trailstream.connector.lag} (time gauge, seconds) now minus the last-modified time of the object being
 *       read; 0 once a listing pass finds nothing new; NaN until the first object or empty pass;
 *   <li>{@code trailstream.connector.listing} (timer) time each pass spent listing, offset look-ups included (a pass
 *       lists lazily, between the objects it reads; their reading is not included);
 *   <li>{@code trailstream.connector.late} (counter, tag {@code outcome}: read, skipped) files found in a prefix after
 *       its cursor had passed them: read, within the look-back; or skipped (reported on the objects topic, never
 *       read), below it. Skipped ones are seen only while the task runs (see {@link PrefixCursor}), so the count is a
 *       floor: any at all means {@code lookback.minutes} is too short for the trail's delivery delays;
 *   <li>{@code trailstream.connector.lookback.truncated} (counter) times a prefix had more files within its look-back
 *       than its offset remembers ({@link PrefixCursors#MAX_RECENT}) and let the oldest go.
 * </ul>
 *
 * <p>The counters are function counters over {@link IngestCounters}, which the task counts into anyway: counting
 * happens once, and the meters cost nothing while no registry is attached. Every tag has a fixed, small set of values
 * (statuses, error codes, outcomes, task numbers); nothing is tagged per object or per prefix, which would grow
 * without bound.
 *
 * <p>Meters go to the registry given, {@code Metrics.globalRegistry} in the task: the embedded application adds its
 * Prometheus registry there, while on a stock Connect worker that registry is empty (the plugin's own copy of
 * Micrometer, behind Connect's plugin isolation) and the meters are no-ops unless something adds a registry to it.
 * {@link #close()} removes them, so that a stopped task leaves no stale series behind.
 */
final class ConnectorMetrics implements AutoCloseable {
    static final String PREFIX = "trailstream.connector.";
    /** {@link #modifiedAt} once a pass found nothing new: no lag. */
    private static final long CAUGHT_UP = Long.MAX_VALUE;
    /** {@link #modifiedAt} before the task has read anything or finished a pass: the lag is not known. */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer listing;
    /** Epoch millis of the last-modified time of the object being read, or {@link #CAUGHT_UP} or {@link #UNKNOWN}. */
    private final AtomicLong modifiedAt = new AtomicLong(UNKNOWN);

    ConnectorMetrics(MeterRegistry registry, String connector, int task, IngestCounters counters) {
        this.registry = registry;
        Tags tags = Tags.of("connector", connector, "task", Integer.toString(task));
        removeLeftovers(tags);
        for (ObjectStatus status : ObjectStatus.values()) {
            meters.add(FunctionCounter.builder(PREFIX + "objects", counters, c -> c.objects(status))
                    .description("CloudTrail objects finished (one objects-topic record each), by how they ended")
                    .baseUnit("objects").tags(tags).tag("status", status.label()).register(registry));
        }
        meters.add(FunctionCounter.builder(PREFIX + "events", counters, IngestCounters::events)
                .description("CloudTrail event records produced").baseUnit("events").tags(tags).register(registry));
        meters.add(FunctionCounter.builder(PREFIX + "bytes", counters, IngestCounters::bytes)
                .description("Bytes of the CloudTrail event records produced").baseUnit("bytes").tags(tags)
                .register(registry));
        for (IngestErrorCode code : IngestErrorCode.values()) {
            meters.add(FunctionCounter.builder(PREFIX + "errors", counters, c -> c.errors(code))
                    .description("Records and objects that could not be read, reported on the errors topic")
                    .baseUnit("errors").tags(tags).tag("code", code.code()).register(registry));
        }
        meters.add(FunctionCounter.builder(PREFIX + "late", counters, IngestCounters::lateFilesRead)
                .description("Files found before their prefix's cursor, by what became of them: read within the "
                        + "look-back, or skipped below it").baseUnit("objects").tags(tags).tag("outcome", "read")
                .register(registry));
        meters.add(FunctionCounter.builder(PREFIX + "late", counters, IngestCounters::lateFilesSkipped)
                .description("Files found before their prefix's cursor, by what became of them: read within the "
                        + "look-back, or skipped below it").baseUnit("objects").tags(tags).tag("outcome", "skipped")
                .register(registry));
        meters.add(FunctionCounter.builder(PREFIX + "lookback.truncated", counters,
                        IngestCounters::lookbackTruncations)
                .description("Times a prefix had more files within its look-back than its offset remembers, and "
                        + "let the oldest go").tags(tags).register(registry));
        meters.add(TimeGauge.builder(PREFIX + "lag", modifiedAt, TimeUnit.MILLISECONDS, this::lagMillis)
                .description("Now minus the last-modified time of the object being read; 0 once a listing pass "
                        + "finds nothing new").tags(tags).register(registry));
        listing = Timer.builder(PREFIX + "listing")
                .description("Time a listing pass spent listing (and loading offsets), reading excluded")
                .tags(tags).register(registry);
        meters.add(listing);
    }

    /** The task is reading {@code object} now: the lag is its age, until the next object or an empty pass. */
    void reading(SourceObject object) {
        Instant modified = object.lastModified();
        if (modified != null) {
            modifiedAt.set(modified.toEpochMilli());
        }
    }

    /** A listing pass found nothing new: the task has read all there is, no lag. */
    void caughtUp() {
        modifiedAt.set(CAUGHT_UP);
    }

    /** A listing pass spent {@code nanos} listing. */
    void listed(long nanos) {
        listing.record(nanos, TimeUnit.NANOSECONDS);
    }

    private double lagMillis(AtomicLong state) {
        long modified = state.get();
        if (modified == UNKNOWN) {
            return Double.NaN;
        }
        if (modified == CAUGHT_UP) {
            return 0;
        }
        return Math.max(0, registry.config().clock().wallTime() - modified);
    }

    /**
     * Removes this task's meters, only those this instance registered: a task restarted before its predecessor
     * stopped has already replaced them, and the predecessor's late {@code stop()} must not remove the successor's.
     */
    @Override
    public void close() {
        List<Meter> registered = registry.getMeters();
        for (Meter meter : meters) {
            if (registered.stream().anyMatch(m -> m == meter)) {
                registry.remove(meter);
            }
        }
        meters.clear();
    }

    /**
     * Removes meters of the same connector and task still registered by a predecessor that has not stopped (Connect
     * gives up waiting for a stuck task and starts a new one). Micrometer would otherwise hand back the predecessor's
     * meters, which read the predecessor's counters.
     */
    private void removeLeftovers(Tags tags) {
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            boolean same = tags.stream().allMatch(tag -> tag.getValue().equals(id.getTag(tag.getKey())));
            if (id.getName().startsWith(PREFIX) && same) {
                registry.remove(meter);
            }
        }
    }
}
