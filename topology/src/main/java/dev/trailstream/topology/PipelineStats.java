package dev.trailstream.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Map;
import java.util.TreeMap;

/**
 * Pipeline counters kept in the {@value Stores#PIPELINE_STATS} store rather than in metrics: the store's changelog is
 * written in the same transaction as the consumed offsets, so under {@code exactly_once_v2} the counts are exact
 * across crashes and restarts, which a metric reset at every start cannot be.
 *
 * <p>Each task counts into its own partition of the store, so the same counter name appears once per task; sum them
 * with {@link #sum(KeyValueIterator)} over {@code all()} of the interactive-query view.
 */
public final class PipelineStats {
    /** Every record read from {@code cloudtrail.events}, parseable or not. */
    public static final String EVENTS_CONSUMED = "events.consumed";
    /** Records sent to {@code cloudtrail.events.dlq}. */
    public static final String EVENTS_REJECTED = "events.rejected";
    /** Parsed events dropped because their eventID was seen within the de-duplication horizon. */
    public static final String EVENTS_DUPLICATE = "events.duplicate";
    /** Parsed events passed on to profiles and rules. */
    public static final String EVENTS_UNIQUE = "events.unique";

    /** Events that reached the profiles without an {@code errorCode}, by principal kind and account. */
    public static final String OUTCOME_SUCCESS = "success";
    /** Events that reached the profiles with an {@code errorCode}. */
    public static final String OUTCOME_ERROR = "error";
    /** Events dropped as repeats of an eventID. */
    public static final String OUTCOME_DUPLICATE = "duplicate";
    /** Records rejected to the DLQ; their principal is unknown. */
    public static final String OUTCOME_DROPPED = "dropped";
    /** Events older than an activity window store keeps, so counted in profiles but in no hourly or daily window. */
    public static final String ACTIVITY_EXPIRED = "activity.expired";
    /**
     * Profiles deleted because their principal stayed idle longer than the principal retention
     * ({@code IdlePrincipals}); its other per-principal entries go the same way, uncounted.
     */
    public static final String PRINCIPALS_EVICTED = "principals.evicted";
    private static final String BY = "events.by|";
    private static final String ALLOWED = "findings.allowed|";
    /** Prefix of the counters of records sent to the DLQ, by reject code: {@code dlq|<code>}. */
    public static final String DLQ = "dlq|";
    /** Prefix of the counters of unique events by {@code awsRegion}: {@code events.region|<region>}. */
    public static final String BY_REGION = "events.region|";
    /** Prefix of the counters of unique events with an {@code errorCode}, by code: {@code events.error|<code>}. */
    public static final String BY_ERROR_CODE = "events.error|";
    /**
     * Distinct regions one task counts by name; more go to {@value CappedCounter#OTHER}. AWS has fewer than 40
     * regions, so the cap only bites on forged or garbled values, which must not grow the store.
     */
    public static final int MAX_REGIONS = 40;
    /**
     * Distinct error codes one task counts by name; more go to {@value CappedCounter#OTHER}. Error codes are an open
     * set (every service names its own), so the store keeps the first 200 per task and the gauge shows the 20 most
     * frequent of those.
     */
    public static final int MAX_ERROR_CODES = 200;

    private PipelineStats() {
    }

    /**
     * The counter of events with an outcome, by kind of principal and by the principal's account. Bounded by the
     * number of accounts, never per principal, so that it can back a metric however large the organisation.
     */
    public static String eventsBy(String outcome, String kind, String account) {
        return BY + outcome + "|" + (kind == null ? "unknown" : kind) + "|" + (account == null ? "unknown" : account);
    }

    /**
     * The counter of matches of an analytic (rule or anomaly id) that the allow-list silenced: suppression is
     * visible, so an entry that covers more than intended shows up as a growing count. Bounded by the analytics.
     */
    public static String findingsAllowed(String analyticId) {
        return ALLOWED + analyticId;
    }

    /** The counter of records sent to {@code cloudtrail.events.dlq} with this reject code ({@code invalid-json}...). */
    public static String dlq(String rejectCode) {
        return DLQ + rejectCode;
    }

    /**
     * The counters whose names start with {@code prefix}, by the rest of their name: e.g. {@link #BY_REGION} gives
     * region → count.
     */
    public static Map<String, Long> withPrefix(Map<String, Long> stats, String prefix) {
        Map<String, Long> result = new TreeMap<>();
        stats.forEach((counter, count) -> {
            if (counter.startsWith(prefix)) {
                result.put(counter.substring(prefix.length()), count);
            }
        });
        return result;
    }

    /** The outcome, kind and account of an {@link #eventsBy} counter name, or null for other counters. */
    public static String[] parseEventsBy(String counter) {
        if (!counter.startsWith(BY)) {
            return null;
        }
        String[] parts = counter.substring(BY.length()).split("\\|", -1);
        return parts.length == 3 ? parts : null;
    }

    public static StoreBuilder<KeyValueStore<String, Long>> storeBuilder() {
        // Caching turns a changelog write per event into one per counter per commit; the cache is flushed before the
        // offsets are committed, so it costs no exactness.
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                        org.apache.kafka.streams.state.Stores.persistentKeyValueStore(Stores.PIPELINE_STATS),
                        Serdes.String(), Serdes.Long())
                .withCachingEnabled();
    }

    public static void increment(KeyValueStore<String, Long> store, String counter) {
        Long count = store.get(counter);
        store.put(counter, count == null ? 1L : count + 1L);
    }

    /** Adds up the per-task partial counts; closes the iterator. */
    public static Map<String, Long> sum(KeyValueIterator<String, Long> all) {
        Map<String, Long> totals = new TreeMap<>();
        try (all) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                totals.merge(entry.key, entry.value, Long::sum);
            }
        }
        return totals;
    }
}
