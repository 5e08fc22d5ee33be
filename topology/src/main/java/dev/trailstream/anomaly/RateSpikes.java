package dev.trailstream.anomaly;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.Severity;
import dev.trailstream.normalize.AccessLevel;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.profile.IdlePrincipals;
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

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * API call rate and error rate far above a principal's own baseline, in the spirit of CloudTrail Insights: each
 * principal's calls, failed calls and writes are counted per minute of event time ({@link MinuteCounts}), and its
 * active minutes are kept as histograms ({@link RateBaseline}, which says why idle minutes do not count). A minute
 * whose calls pass {@code max(floor, median + k · spread)} of the principal's other active minutes is a
 * {@link AnomalyKind#RATE_SPIKE}; one whose failed calls pass the same for errors an
 * {@link AnomalyKind#ERROR_RATE_SPIKE}. See {@link RateSpikeSettings} for the knobs.
 *
 * <p>A spike is signalled when its minute crosses the threshold and again only when a minute reaches twice the count
 * last signalled; the level carries from one minute to the next while they stay above the threshold, and a minute
 * under it (or an idle one) ends the spike. So a ten-minute flood at a steady rate gives a handful of signals in its
 * first minute, not one per call. {@link AnomalyFindings} groups them per principal and UTC hour. Spikes made mostly
 * of writes (write, tagging, permissions management) are High, others Medium; confidence rises with how far above
 * the threshold the minute went (Low just above, Medium from 2×, High from 4×).
 *
 * <p>Quiet until the baseline holds {@link RateSpikeSettings#minActiveMinutes()} active minutes besides the one
 * judged and the principal was first seen {@link RateSpikeSettings#minHistory()} before it. Late events count in
 * their own minute: CloudTrail delivers each account and region on its own, and a backfill reads one region's prefix
 * after another, so a principal's calls in two regions arrive hours or days apart. Adding a late region to the
 * newest minute instead would fake a spike, and dropping it would lose a principal's home region whenever a few of
 * its IAM calls (us-east-1) were read first. Only events more than {@link RateSpikeSettings#minuteRetention()} behind
 * the newest event time of the task are not counted; a backfill meets the baseline of all of a principal's regions
 * read so far, including minutes after the one judged: still its normal.
 *
 * <p>AWS service principals are left out, as by {@link DeniedBursts}: a service's volume follows the account's
 * resources (a Config recorder sweeping after a deployment, CloudFormation applying a stack), which no per-principal
 * baseline predicts, and it is not a credential an intruder holds.
 *
 * <ul>
 *   <li>in: unique events; out: {@link AnomalySignal}s</li>
 *   <li>state: {@value #STORE}: {@code KeyValueStore<String principalId, RateBaseline>}, binary
 *       ({@link RateBaselineCodec}, a few dozen bytes, at most {@value RateBaselineCodec#MAX_BYTES}), written only
 *       when a minute moves to another bin (a new active minute, or a count passing a bin edge);
 *       {@value #MINUTES_STORE}: {@code WindowStore<String principalId, MinuteCounts>}, one-minute windows kept for
 *       {@link RateSpikeSettings#minuteRetention()}, binary (about six bytes), written on every event. Both leave out
 *       service principals. A baseline whose principal stays idle longer than the principal retention is
 *       deleted ({@link IdlePrincipals}); back later, the principal learns a new baseline.</li>
 * </ul>
 */
public final class RateSpikes {
    /** The store of per-principal rate baselines. */
    public static final String STORE = dev.trailstream.topology.Stores.PRINCIPAL_RATE_BASELINES;
    /** The store of per-principal, per-minute counts. */
    public static final String MINUTES_STORE = dev.trailstream.topology.Stores.PRINCIPAL_RATE_MINUTES;
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Baselines and current minutes kept decoded per task: the busiest principals make most of the events. */
    private static final int RECENT = 1024;

    private RateSpikes() {
    }

    static KStream<String, AnomalySignal> attach(KStream<String, CloudTrailEvent> unique, AnomalySettings settings,
                                                 Duration principalRetention) {
        return unique.process(new Supplier(settings.rateSpikes(), principalRetention),
                Named.as("detect-rate-spikes"));
    }

    static boolean counts(CloudTrailEvent event) {
        return event.principal().kind() != PrincipalKind.SERVICE;
    }

    /** A call that changes state: by the catalogue's access level, else by CloudTrail's {@code readOnly}. */
    static boolean isWrite(CloudTrailEvent event) {
        AccessLevel level = event.iamAction().accessLevel();
        return level != null ? level.isWrite() : Boolean.FALSE.equals(event.readOnly());
    }

    private record Supplier(RateSpikeSettings settings, Duration principalRetention)
            implements ProcessorSupplier<String, CloudTrailEvent, String, AnomalySignal> {
        @Override
        public Processor<String, CloudTrailEvent, String, AnomalySignal> get() {
            return new RateProcessor(settings, principalRetention);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            // Caching turns a write per event into one per key per commit, flushed before offsets are committed: kept
            // for the baselines, one key per principal for good. Not for the minute counts: a key lives one minute, is
            // read back from recentMinutes rather than the store, and cached it stayed in Kafka Streams' record cache
            // long after its minute, as a clean entry of about 900 bytes of heap accounted as 180. In SustainedLoadIT
            // (five minutes at 2,500 events/s) they grew by a thousand a second towards the cache's 64 MB of
            // accounted size, over 300 MB of heap, and pushed out the profiles the cache is there for. Uncached, a
            // busy principal costs one small changelog record per event instead of one per second.
            return Set.of(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(STORE),
                                    Serdes.String(), RateBaselineCodec.serde())
                            .withCachingEnabled(),
                    org.apache.kafka.streams.state.Stores.windowStoreBuilder(
                                    org.apache.kafka.streams.state.Stores.persistentWindowStore(MINUTES_STORE,
                                            settings.minuteRetention(), MINUTE, false),
                                    Serdes.String(), RateBaselineCodec.minuteSerde())
                            .withCachingDisabled());
        }
    }

    private record MinuteKey(String principal, long minute) {
    }

    /** A small least-recently-used map. */
    private static final class Recent<K, V> extends LinkedHashMap<K, V> {
        Recent() {
            super(RECENT * 2, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > RECENT;
        }
    }

    private static final class RateProcessor implements Processor<String, CloudTrailEvent, String, AnomalySignal> {
        private final RateSpikeSettings settings;
        private final long retentionMs;
        private final Duration principalRetention;
        private IdlePrincipals<RateBaseline> idle;
        private ProcessorContext<String, AnomalySignal> context;
        private KeyValueStore<String, RateBaseline> baselines;
        private WindowStore<String, MinuteCounts> minutes;
        /** The newest event time this task has counted: the window store's own notion of stream time. */
        private long newestEventTime = Long.MIN_VALUE / 2;   // far in the past, yet no overflow below
        /**
         * The values last written for the busiest principals and minutes, so their next event does not decode them
         * again. The stores stay the truth: every value is written through at once, and the caches are emptied
         * whenever the task is (re)initialised or closed, e.g. after an aborted transaction.
         */
        private final Recent<String, RateBaseline> recentBaselines = new Recent<>();
        private final Recent<MinuteKey, MinuteCounts> recentMinutes = new Recent<>();

        RateProcessor(RateSpikeSettings settings, Duration principalRetention) {
            this.settings = settings;
            this.retentionMs = settings.minuteRetention().toMillis();
            this.principalRetention = principalRetention;
        }

        @Override
        public void init(ProcessorContext<String, AnomalySignal> context) {
            this.context = context;
            this.baselines = context.getStateStore(STORE);
            this.minutes = context.getStateStore(MINUTES_STORE);
            // Baselines stored before they kept their last minute age from the first scan that meets them.
            this.idle = IdlePrincipals.stamping(baselines, RateBaseline::lastActiveMs, RateBaseline::activeAt,
                    principalRetention);
            recentBaselines.clear();
            recentMinutes.clear();
        }

        @Override
        public void close() {
            recentBaselines.clear();
            recentMinutes.clear();
        }

        @Override
        public void process(Record<String, CloudTrailEvent> record) {
            CloudTrailEvent event = record.value();
            // Every event moves the retention clock, service principals' too (they are merely not counted).
            idle.advance(event.eventTime().toEpochMilli()).forEach(recentBaselines::remove);
            if (!counts(event)) {
                return;
            }
            String principal = record.key();
            long time = event.eventTime().toEpochMilli();
            long minute = RateBaseline.minuteOf(time);
            long start = minute * RateBaseline.MINUTE_MS;
            // The window store would silently skip a minute this old (its segment is gone), and the baseline would
            // then take the next call of that minute for a new active minute.
            if (start <= newestEventTime - retentionMs) {
                return;
            }
            newestEventTime = Math.max(newestEventTime, time);
            MinuteCounts before = minuteCounts(principal, minute);
            MinuteCounts after = before.plus(event.failed(), isWrite(event));
            RateBaseline old = recentBaselines.get(principal);
            if (old == null) {
                old = baselines.get(principal);
            }
            // Idle past the principal retention: its baseline is due for eviction, and it learns again.
            old = idle.live(old, time);
            RateBaseline baseline = (old == null ? RateBaseline.starting(minute) : old)
                    .counted(minute, before, after, settings.baselineCap());
            if (baseline != old) {
                baselines.put(principal, baseline);
                recentBaselines.put(principal, baseline);
            }
            if (after.calls() > settings.callFloor() && baseline.judges(minute, settings)) {
                RateHistogram past = baseline.callsPerMinute().without(after.calls());
                double threshold = RateBaseline.threshold(past, settings.callFloor(), settings.spreads());
                if (after.calls() > threshold) {
                    int level = Math.max(after.callLevel(), previous(principal, minute).callLevel());
                    if (after.calls() >= 2 * level) {
                        signal(record, AnomalyKind.RATE_SPIKE, minute, after, past, threshold, after.calls());
                        level = after.calls();
                    }
                    after = after.withCallLevel(level);
                }
            }
            if (after.errors() > settings.errorFloor() && baseline.judges(minute, settings)) {
                RateHistogram past = baseline.errorsPerMinute().without(after.errors());
                double threshold = RateBaseline.threshold(past, settings.errorFloor(), settings.spreads());
                if (after.errors() > threshold) {
                    int level = Math.max(after.errorLevel(), previous(principal, minute).errorLevel());
                    if (after.errors() >= 2 * level) {
                        signal(record, AnomalyKind.ERROR_RATE_SPIKE, minute, after, past, threshold,
                                after.errors());
                        level = after.errors();
                    }
                    after = after.withErrorLevel(level);
                }
            }
            minutes.put(principal, after, start);
            recentMinutes.put(new MinuteKey(principal, minute), after);
        }

        private MinuteCounts minuteCounts(String principal, long minute) {
            MinuteCounts counts = recentMinutes.get(new MinuteKey(principal, minute));
            if (counts == null) {
                counts = minutes.fetch(principal, minute * RateBaseline.MINUTE_MS);
            }
            return counts == null ? MinuteCounts.NONE : counts;
        }

        /** The minute before: its level continues a spike; none if it was idle or under the threshold. */
        private MinuteCounts previous(String principal, long minute) {
            long start = (minute - 1) * RateBaseline.MINUTE_MS;
            return start <= newestEventTime - retentionMs ? MinuteCounts.NONE : minuteCounts(principal, minute - 1);
        }

        private void signal(Record<String, CloudTrailEvent> record, AnomalyKind kind, long minute, MinuteCounts now,
                            RateHistogram past, double threshold, int count) {
            CloudTrailEvent event = record.value();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("minute", Instant.ofEpochMilli(minute * RateBaseline.MINUTE_MS).toString());
            data.put("calls_in_minute", now.calls());
            data.put("writes_in_minute", now.writes());
            data.put("errors_in_minute", now.errors());
            // For an error-rate spike the baseline and threshold are of errors per minute.
            data.put("baseline_median", round(past.median()));
            data.put("baseline_spread", round(past.spread()));
            data.put("baseline_minutes", past.total());
            data.put("threshold", round(threshold));
            Severity severity = 2 * now.writes() > now.calls() ? Severity.HIGH : Severity.MEDIUM;
            double ratio = count / threshold;
            Confidence confidence = ratio >= 4 ? Confidence.HIGH : ratio >= 2 ? Confidence.MEDIUM : Confidence.LOW;
            context.forward(record.withValue(new AnomalySignal(kind, event, severity,
                    confidence, data)));
        }

        private static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }
}
