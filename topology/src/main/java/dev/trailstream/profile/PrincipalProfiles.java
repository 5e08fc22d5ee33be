package dev.trailstream.profile;

import dev.trailstream.anomaly.AnomalySignal;
import dev.trailstream.anomaly.FirstTimeBehaviour;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.event.ParseEvents;
import dev.trailstream.topology.CappedCounter;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.ProcessingObserver;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One behaviour profile per principal, and its activity per hour and per day, kept as queryable state.
 *
 * <ul>
 *   <li>in: {@code KStream<String principalId, CloudTrailEvent>} (unique events, timestamps = event time)</li>
 *   <li>state: {@value Stores#PRINCIPAL_PROFILES}: {@code KeyValueStore<String principalId, PrincipalProfile>};
 *       {@value Stores#PRINCIPAL_ACTIVITY_HOURLY} and {@value Stores#PRINCIPAL_ACTIVITY_DAILY}:
 *       {@code WindowStore<String principalId, Activity>}; values in {@link ProfileCodec}'s binary format. Read them
 *       with interactive queries ({@code QueryableStoreTypes.keyValueStore()} / {@code windowStore()}).</li>
 *   <li>counts: {@code events.by|success|error|...} per kind and account, {@code events.region|<awsRegion>} (at most
 *       {@value PipelineStats#MAX_REGIONS} regions per task, the rest as {@code other}), {@code events.error|<errorCode>}
 *       (at most {@value PipelineStats#MAX_ERROR_CODES} codes per task, likewise) and
 *       {@value PipelineStats#ACTIVITY_EXPIRED} and {@value PipelineStats#PRINCIPALS_EVICTED}, in
 *       {@value Stores#PIPELINE_STATS}</li>
 *   <li>tells {@link TopologyConfig#processingObserver()} of each event, with its record's timestamp on
 *       {@code cloudtrail.events} (header {@value ParseEvents#INGEST_TIME}), for the processing latency</li>
 *   <li>out: {@link AnomalySignal}s of first-time behaviour ({@link FirstTimeBehaviour}), judged against the
 *       profile before the event is added</li>
 * </ul>
 *
 * <p>One processor updates the three stores rather than three DSL aggregations: the stream is already keyed by
 * principal (no repartition), and the windows are kept past their end on purpose. CloudTrail logs of many accounts and
 * regions are read one prefix after another, so an hour of account B can arrive a day after stream time has passed it
 * in account A; a DSL window closed by grace would drop it, these windows take it until the store's retention.
 *
 * <p>A profile whose principal stays idle longer than {@link TopologyConfig#principalRetention()} is deleted
 * ({@link IdlePrincipals}, which says what that means downstream); back later, the principal starts a new profile and
 * a new learning period. The activity windows expire on their own retention.
 */
public final class PrincipalProfiles {
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);

    private PrincipalProfiles() {
    }

    /** @return the first-time behaviour signals ({@link FirstTimeBehaviour}), for {@code AnomalyFindings} */
    public static KStream<String, AnomalySignal> attach(KStream<String, CloudTrailEvent> unique,
                                                        TopologyConfig config) {
        return unique.process(new Supplier(config), Named.as("profile-principal"), Stores.PRINCIPAL_PROFILES,
                Stores.PRINCIPAL_ACTIVITY_HOURLY, Stores.PRINCIPAL_ACTIVITY_DAILY, Stores.PIPELINE_STATS);
    }

    private record Supplier(TopologyConfig config) implements ProcessorSupplier<String, CloudTrailEvent, String, AnomalySignal> {
        @Override
        public Processor<String, CloudTrailEvent, String, AnomalySignal> get() {
            return new ProfileProcessor(config);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            // Caching turns a write per event into one per principal per commit; it is flushed before the offsets are
            // committed, so it costs no exactness.
            StoreBuilder<?> profiles = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                            org.apache.kafka.streams.state.Stores.persistentKeyValueStore(Stores.PRINCIPAL_PROFILES),
                            Serdes.String(), ProfileCodec.profileSerde())
                    .withCachingEnabled();
            return Set.of(profiles,
                    windows(Stores.PRINCIPAL_ACTIVITY_HOURLY, HOUR, config.hourlyActivityRetention()),
                    windows(Stores.PRINCIPAL_ACTIVITY_DAILY, DAY, config.dailyActivityRetention()));
        }

        private static StoreBuilder<WindowStore<String, Activity>> windows(String name, Duration size,
                                                                           Duration retention) {
            return org.apache.kafka.streams.state.Stores.windowStoreBuilder(
                            org.apache.kafka.streams.state.Stores.persistentWindowStore(name, retention, size, false),
                            Serdes.String(), ProfileCodec.activitySerde())
                    .withCachingEnabled();
        }
    }

    /** A profile's newest event time; every stored profile has one (it holds at least one event). */
    static long lastActive(PrincipalProfile profile) {
        return profile.lastSeen() == null ? IdlePrincipals.UNKNOWN : profile.lastSeen().toEpochMilli();
    }

    /** Profiles kept decoded per task: the busiest principals make most of the events. At most ~100 KB each. */
    private static final int RECENT_PROFILES = 128;
    /** Current hourly and daily windows kept decoded per task. */
    private static final int RECENT_WINDOWS = 1024;

    private record WindowKey(String store, String principal, long start) {
    }

    /** A small least-recently-used map. */
    private static final class Recent<K, V> extends java.util.LinkedHashMap<K, V> {
        private final int capacity;

        Recent(int capacity) {
            super(capacity * 2, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
        }
    }

    private static final class ProfileProcessor
            implements Processor<String, CloudTrailEvent, String, AnomalySignal> {
        private final ProfileLimits limits;
        private final long hourlyRetentionMs;
        private final long dailyRetentionMs;
        private final Duration learningPeriod;
        private final ProcessingObserver observer;
        private final Duration retention;
        private IdlePrincipals<PrincipalProfile> idle;
        private ProcessorContext<String, AnomalySignal> context;
        private KeyValueStore<String, PrincipalProfile> profiles;
        private WindowStore<String, Activity> hourly;
        private WindowStore<String, Activity> daily;
        private KeyValueStore<String, Long> stats;
        private final CappedCounter regions = new CappedCounter(PipelineStats.BY_REGION, PipelineStats.MAX_REGIONS);
        private final CappedCounter errorCodes = new CappedCounter(PipelineStats.BY_ERROR_CODE,
                PipelineStats.MAX_ERROR_CODES);
        /**
         * The newest event time this task has put in the window stores: their own notion of stream time, from which
         * they expire segments. Not the task's stream time, which follows the records' ingest timestamps. In memory:
         * after a restart it starts over, and until an event as new as the stored ones comes, a window older than the
         * stores keep is dropped by them (Kafka Streams' {@code dropped-records} metric) rather than counted here.
         */
        private long newestEventTime = Long.MIN_VALUE;
        /**
         * The values this processor last wrote for its busiest keys, so that the next event of a principal does not
         * read its profile (and the current windows) back from bytes: a profile of a thousand actions takes longer to
         * decode than to update. The stores stay the truth: only this processor writes them, every value is written
         * through at once, and the caches are emptied whenever the task is (re)initialised or closed, e.g. after an
         * aborted transaction.
         */
        private final Recent<String, PrincipalProfile> recentProfiles = new Recent<>(RECENT_PROFILES);
        private final Recent<WindowKey, Activity> recentWindows = new Recent<>(RECENT_WINDOWS);

        ProfileProcessor(TopologyConfig config) {
            this.limits = config.profileLimits();
            this.hourlyRetentionMs = config.hourlyActivityRetention().toMillis();
            this.dailyRetentionMs = config.dailyActivityRetention().toMillis();
            this.learningPeriod = config.anomalies().learningPeriod();
            this.observer = config.processingObserver();
            this.retention = config.principalRetention();
        }

        @Override
        public void init(ProcessorContext<String, AnomalySignal> context) {
            this.context = context;
            this.profiles = context.getStateStore(Stores.PRINCIPAL_PROFILES);
            this.hourly = context.getStateStore(Stores.PRINCIPAL_ACTIVITY_HOURLY);
            this.daily = context.getStateStore(Stores.PRINCIPAL_ACTIVITY_DAILY);
            this.stats = context.getStateStore(Stores.PIPELINE_STATS);
            this.idle = IdlePrincipals.of(profiles, PrincipalProfiles::lastActive, retention);
            regions.reset();
            errorCodes.reset();
            recentProfiles.clear();
            recentWindows.clear();
        }

        @Override
        public void close() {
            recentProfiles.clear();
            recentWindows.clear();
        }

        @Override
        public void process(Record<String, CloudTrailEvent> record) {
            CloudTrailEvent event = record.value();
            String principal = record.key();
            for (String evicted : idle.advance(event.eventTime().toEpochMilli())) {
                recentProfiles.remove(evicted);
                PipelineStats.increment(stats, PipelineStats.PRINCIPALS_EVICTED);
            }
            PrincipalProfile stored = recentProfiles.get(principal);
            if (stored == null) {
                stored = profiles.get(principal);
            }
            // Idle past the retention but not yet scanned away: a new principal all the same (a new learning period).
            PrincipalProfile before = idle.live(stored, event.eventTime().toEpochMilli());
            if (stored != null && before == null) {
                PipelineStats.increment(stats, PipelineStats.PRINCIPALS_EVICTED);
            }
            // "Never seen" is a lookup in the profile before this event is added; the signals go on to be grouped.
            for (AnomalySignal signal : FirstTimeBehaviour.signals(before, event, learningPeriod)) {
                context.forward(record.withValue(signal));
            }
            PrincipalProfile after = (before == null ? PrincipalProfile.empty() : before).add(event, limits);
            profiles.put(principal, after);
            recentProfiles.put(principal, after);
            long time = event.eventTime().toEpochMilli();
            newestEventTime = Math.max(newestEventTime, time);
            addToWindow(hourly, principal, event, time, HOUR.toMillis(), hourlyRetentionMs);
            addToWindow(daily, principal, event, time, DAY.toMillis(), dailyRetentionMs);
            PipelineStats.increment(stats, PipelineStats.eventsBy(
                    event.failed() ? PipelineStats.OUTCOME_ERROR : PipelineStats.OUTCOME_SUCCESS,
                    event.principal().kind().label(), event.principal().accountId()));
            regions.increment(stats, event.awsRegion());
            if (event.failed()) {
                errorCodes.increment(stats, event.errorCode());
            }
            long appended = appendedAt(record);
            if (appended >= 0) {
                observer.profiled(appended, System.currentTimeMillis());
            }
        }

        /**
         * The Kafka timestamp of the event's record on {@code cloudtrail.events}, which {@code ParseEvents} keeps in a
         * header once the record's own timestamp becomes event time; -1 without it (a record not parsed by us).
         */
        private static long appendedAt(Record<String, CloudTrailEvent> record) {
            Header header = record.headers().lastHeader(ParseEvents.INGEST_TIME);
            if (header == null) {
                return -1;
            }
            try {
                return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
            } catch (NumberFormatException notOurs) {
                return -1;
            }
        }

        private void addToWindow(WindowStore<String, Activity> store, String principal, CloudTrailEvent event,
                                 long time, long size, long retention) {
            long start = time - Math.floorMod(time, size);
            // The store would silently skip a window this old (its segment is gone): count it instead.
            if (start <= newestEventTime - retention) {
                PipelineStats.increment(stats, PipelineStats.ACTIVITY_EXPIRED);
                return;
            }
            WindowKey key = new WindowKey(store.name(), principal, start);
            Activity before = recentWindows.get(key);
            if (before == null) {
                before = store.fetch(principal, start);
            }
            Activity after = (before == null ? Activity.EMPTY : before).add(event, limits);
            store.put(principal, after, start);
            recentWindows.put(key, after);
        }
    }
}
