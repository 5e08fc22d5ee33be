package dev.trailstream.profile;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/**
 * The retention of a key-value store keyed by principal: entries of a principal idle for longer than the retention
 * ({@code TopologyConfig#principalRetention()}, 400 days by default) are deleted, so that the store grows with the
 * principals active lately, not with every principal ever seen (roles of deleted stacks, people who left, one-off
 * automation). One instance per processor (per task), beside each of {@code principal-profiles},
 * {@code principal-rate-baselines}, {@code principal-denied-calls}, {@code principal-chain-steps} and
 * {@code principal-key-usage}.
 *
 * <p>How: like {@code OpenFindings}, the processor keeps its own event-time clock (the newest event time it has seen;
 * after a restart it starts again from the next event), and once per day of event time, and on the first event after
 * a (re)start, scans its store and deletes the entries last active more than the retention before that clock. Not a
 * {@code STREAM_TIME} punctuator: a task's stream time follows the ingest timestamps of {@code cloudtrail.events}, and
 * a replay of last year's logs must age its principals as it passes them. An event time more than
 * {@value #FUTURE_SLACK_HOURS} hours past the wall clock does not move the clock: one forged or garbled
 * {@code eventTime} must not age every principal out at once.
 *
 * <p>Between scans an entry due for eviction may still be in the store; {@link #live} hides it, so that a principal
 * back after more than the retention is treated the same whether or not the scan has run yet. A backfill that reads
 * one account's prefix more than the retention behind another's may see the scan delete entries of the late prefix's
 * principals as they are read (the clock follows the newest event): they start over, as after any eviction.
 *
 * <p>"Last active" comes from the value (a profile's {@code lastSeen}, the newest denied call or chain step, the newest
 * key-day, a rate baseline's last active minute). A value written before it kept one ({@link #UNKNOWN}) is taken as
 * active <em>now</em>, never evicted on sight: when a stamp is given, the scan writes the clock into it, so that it
 * ages from then on.
 *
 * <p>What eviction means downstream: the principal's history is gone. Back after eviction it is a new principal: its
 * profile starts again, so first-time behaviour is quiet for a new learning period (no flood of "first" findings),
 * and its rate baseline learns again. The access review reads a missing profile as "nothing seen", i.e. unused, which
 * is right for a principal idle longer than the retention: longer than IAM's own last-accessed information (400 days)
 * and than any Access Analyzer unused-access window (at most 365 days). The HTTP API answers 404 for it, as for a
 * principal never seen.
 *
 * @param <V> the stored value
 */
public final class IdlePrincipals<V> {
    /** What {@code lastActive} returns for a value that does not say when its principal was last active. */
    public static final long UNKNOWN = Long.MIN_VALUE;
    private static final long SCAN_INTERVAL_MS = Duration.ofDays(1).toMillis();
    static final int FUTURE_SLACK_HOURS = 24;
    private static final long FUTURE_SLACK_MS = Duration.ofHours(FUTURE_SLACK_HOURS).toMillis();

    private final KeyValueStore<String, V> store;
    private final ToLongFunction<V> lastActive;
    private final BiFunction<V, Long, V> stamp;
    private final long retentionMs;
    private long newestEventTime = Long.MIN_VALUE;
    private long nextScan = Long.MIN_VALUE;

    private IdlePrincipals(KeyValueStore<String, V> store, ToLongFunction<V> lastActive, BiFunction<V, Long, V> stamp,
                           Duration retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.lastActive = Objects.requireNonNull(lastActive, "lastActive");
        this.stamp = stamp;
        this.retentionMs = retention.toMillis();
    }

    /**
     * @param store      the processor's store, keyed by principal
     * @param lastActive when a value's principal was last active, epoch milliseconds of event time; {@link #UNKNOWN}
     *                   when the value does not say (such entries are kept)
     * @param retention  how long a principal may stay idle before its entry goes
     */
    public static <V> IdlePrincipals<V> of(KeyValueStore<String, V> store, ToLongFunction<V> lastActive,
                                           Duration retention) {
        return new IdlePrincipals<>(store, lastActive, null, retention);
    }

    /**
     * The same, for values that may not say when their principal was last active: the scan writes
     * {@code stamp(value, clock)} for them, so they are evicted a retention after the first scan that meets them.
     */
    public static <V> IdlePrincipals<V> stamping(KeyValueStore<String, V> store, ToLongFunction<V> lastActive,
                                                 BiFunction<V, Long, V> stamp, Duration retention) {
        return new IdlePrincipals<>(store, lastActive, Objects.requireNonNull(stamp, "stamp"), retention);
    }

    /**
     * Moves the event-time clock to {@code eventTimeMs} if it is newer, and evicts idle principals when a scan is due.
     * Call it for every record the processor reads, before reading the record's own entry.
     *
     * @return the principals whose entries were deleted now (usually none), so that the caller can drop them from any
     *         cache of decoded values and count them
     */
    public List<String> advance(long eventTimeMs) {
        if (eventTimeMs <= newestEventTime || eventTimeMs > System.currentTimeMillis() + FUTURE_SLACK_MS) {
            return List.of();
        }
        newestEventTime = eventTimeMs;
        if (newestEventTime < nextScan) {
            return List.of();
        }
        nextScan = newestEventTime + SCAN_INTERVAL_MS;
        return scan();
    }

    /**
     * {@code value}, or null when its principal was idle for longer than the retention before {@code eventTimeMs}, the
     * time of the principal's event being processed: an entry the next scan would delete. Read the record's entry
     * through this, and a principal back after the retention starts afresh whether or not its entry is still there.
     * Measured against the event rather than the clock, so that a backfill reading one prefix long after another
     * does not take every principal of the late one for a returning one.
     */
    public V live(V value, long eventTimeMs) {
        if (value == null || eventTimeMs > System.currentTimeMillis() + FUTURE_SLACK_MS) {
            return value;   // a forged time does not wipe the principal's history either
        }
        long last = lastActive.applyAsLong(value);
        return last != UNKNOWN && last < eventTimeMs - retentionMs ? null : value;
    }

    private boolean idle(V value) {
        long last = lastActive.applyAsLong(value);
        return last != UNKNOWN && last < newestEventTime - retentionMs;
    }

    private List<String> scan() {
        List<String> evicted = new ArrayList<>();
        List<KeyValue<String, V>> stamped = new ArrayList<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, V> entry = all.next();
                if (entry.value == null) {
                    continue;
                }
                if (lastActive.applyAsLong(entry.value) == UNKNOWN) {
                    if (stamp != null) {
                        stamped.add(KeyValue.pair(entry.key, stamp.apply(entry.value, newestEventTime)));
                    }
                } else if (idle(entry.value)) {
                    evicted.add(entry.key);
                }
            }
        }
        // Written after the iterator is closed: a store's iterator need not see its own writes consistently.
        evicted.forEach(store::delete);
        stamped.forEach(e -> store.put(e.key, e.value));
        return evicted;
    }
}
