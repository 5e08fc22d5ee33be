package dev.trailstream.detect;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.event.ParseEvents;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What every processor that turns matches into findings shares: the store of open groups by finding uid, their expiry
 * by event time, the allow-list check and the record that carries a finding downstream. One instance per processor
 * (per task).
 *
 * <p>Groups whose newest event is more than the retention behind the newest event time seen are dropped, checked once
 * per hour of event time; a straggler for a dropped group creates it again under the same uid (activity 1 again).
 * Why not a {@code STREAM_TIME} punctuator: a task's stream time comes from the source records' timestamps, which on
 * {@code cloudtrail.events} are ingest time; re-stamping downstream does not move it. So the processor keeps its own
 * event-time clock (the newest event time it has seen; after a restart it starts again from the next event).
 * The clock moves with the processor's input (matches, signals), not with every event: expiry is storage clean-up, and
 * a group of a past window is never updated again anyway, since a later match falls in a later window's uid.
 *
 * @param <G> the stored group
 */
public final class OpenFindings<G> {
    private static final long EXPIRY_INTERVAL_MS = Duration.ofHours(1).toMillis();

    private final KeyValueStore<String, G> store;
    private final Function<G, java.time.Instant> lastSeen;
    private final long retentionMs;
    private long newestEventTime = Long.MIN_VALUE;
    private long nextExpiry = Long.MIN_VALUE;

    /**
     * @param store       the processor's open-group store
     * @param lastSeen    a group's newest event time
     * @param retentionMs how far behind the newest event time a group may fall before it is dropped
     */
    public OpenFindings(KeyValueStore<String, G> store, Function<G, java.time.Instant> lastSeen, long retentionMs) {
        this.store = store;
        this.lastSeen = lastSeen;
        this.retentionMs = retentionMs;
    }

    /** Moves the event-time clock to {@code eventTimeMs} if it is newer, and drops expired groups when due. */
    public void advance(long eventTimeMs) {
        // Event time, not wall-clock time: a replay of last year's logs must close its groups as they pass.
        newestEventTime = Math.max(newestEventTime, eventTimeMs);
        if (newestEventTime >= nextExpiry) {
            dropExpired(newestEventTime);
            nextExpiry = newestEventTime + EXPIRY_INTERVAL_MS;
        }
    }

    public G get(String uid) {
        return store.get(uid);
    }

    public void put(String uid, G group) {
        store.put(uid, group);
    }

    private void dropExpired(long eventTime) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, G> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, G> group = all.next();
                if (lastSeen.apply(group.value).toEpochMilli() < eventTime - retentionMs) {
                    expired.add(group.key);
                }
            }
        }
        expired.forEach(store::delete);
    }

    /**
     * The finding record for {@code trigger}: value the finding's JSON, timestamp the group's newest event time, and
     * fresh headers. The event's origin headers describe one event, not the finding; only when the triggering event
     * arrived ({@value ParseEvents#INGEST_TIME}) is kept, for the arrival-to-finding latency.
     */
    public static FixedKeyRecord<String, byte[]> findingRecord(FixedKeyRecord<String, ?> trigger, byte[] finding,
                                                               long lastSeenMs) {
        RecordHeaders headers = new RecordHeaders();
        Header ingest = trigger.headers().lastHeader(ParseEvents.INGEST_TIME);
        if (ingest != null) {
            headers.add(ingest);
        }
        return trigger.withValue(finding).withTimestamp(lastSeenMs).withHeaders(headers);
    }

    /**
     * The stores a processor needs to count allowed matches: {@value Stores#PIPELINE_STATS} with an allow-list, none
     * without, so that the topology without one is unchanged. Same sub-topology either way (the store already serves
     * the parser), so adding an allow-list later moves no state.
     */
    public static String[] statsStoreFor(AllowList allowList) {
        return allowList.isEmpty() ? new String[0] : new String[]{Stores.PIPELINE_STATS};
    }

    /**
     * True when {@code allowList} silences {@code analyticId} for {@code event}; then counts it in {@code stats}
     * (non-null whenever the list is not empty).
     */
    public static boolean allowed(AllowList allowList, KeyValueStore<String, Long> stats, String analyticId,
                                  CloudTrailEvent event) {
        if (allowList.isEmpty() || !allowList.allows(analyticId, event)) {
            return false;
        }
        PipelineStats.increment(stats, PipelineStats.findingsAllowed(analyticId));
        return true;
    }
}
