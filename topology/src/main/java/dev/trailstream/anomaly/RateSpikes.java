package dev.trailstream.anomaly;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.Severity;
import dev.trailstream.normalize.AccessLevel;
import dev.trailstream.normalize.PrincipalKind;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * API call rate and error rate far above a principal's own baseline, in the spirit of CloudTrail Insights: each
 * principal's calls and failed calls are counted per minute of event time, and a closed minute is folded into a
 * {@link RateHistogram} of its past active minutes (see {@link RateBaseline} for why idle minutes do not count). A
 * minute whose calls pass {@code max(floor, median + k · spread)} of that history is a {@link AnomalyKind#RATE_SPIKE};
 * one whose failed calls pass the same for errors an {@link AnomalyKind#ERROR_RATE_SPIKE}. See
 * {@link RateSpikeSettings} for the knobs.
 *
 * <p>A spike is signalled when its minute crosses the threshold and again only when a minute reaches twice the count
 * last signalled; it ends with the first minute back under the threshold or an idle minute. So a ten-minute flood at
 * a steady rate gives a handful of signals in its first minute, not one per call. {@link AnomalyFindings} groups them
 * per principal and UTC hour. Spikes made mostly of writes (write, tagging, permissions management) are High, others
 * Medium; confidence rises with how far above the threshold the minute went (Low just above, Medium from 2×, High
 * from 4×).
 *
 * <p>Quiet until the baseline holds {@link RateSpikeSettings#minActiveMinutes()} active minutes and the principal was
 * first seen {@link RateSpikeSettings#minHistory()} ago. An event from a minute before the principal's current one
 * is not counted: CloudTrail delivers each account and region on its own, so an hour of one region can arrive after
 * the next hour of another, and adding such a backlog to the current minute would fake a spike. The cost is that a
 * principal calling from several regions at once is judged on the calls that arrive in order: an under-count, never
 * an over-count.
 *
 * <p>AWS service principals are left out, as by {@link DeniedBursts}: a service's volume follows the account's
 * resources (a Config recorder sweeping after a deployment, CloudFormation applying a stack), which no per-principal
 * baseline predicts, and it is not a credential an intruder holds.
 *
 * <ul>
 *   <li>in: unique events; out: {@link AnomalySignal}s</li>
 *   <li>state: {@value #STORE}: {@code KeyValueStore<String principalId, RateBaseline>}, binary
 *       ({@link RateBaselineCodec}, a few dozen bytes, at most {@value RateBaselineCodec#MAX_BYTES}); written on every
 *       event of every principal but services, one entry per principal</li>
 * </ul>
 */
public final class RateSpikes {
    /** The store of per-principal rate baselines. */
    public static final String STORE = dev.trailstream.topology.Stores.PRINCIPAL_RATE_BASELINES;
    /** Baselines kept decoded per task: the busiest principals make most of the events. */
    private static final int RECENT_BASELINES = 1024;

    private RateSpikes() {
    }

    static KStream<String, AnomalySignal> attach(KStream<String, CloudTrailEvent> unique, AnomalySettings settings) {
        return unique.process(new Supplier(settings.rateSpikes()), Named.as("detect-rate-spikes"));
    }

    static boolean counts(CloudTrailEvent event) {
        return event.principal().kind() != PrincipalKind.SERVICE;
    }

    /** A call that changes state: by the catalogue's access level, else by CloudTrail's {@code readOnly}. */
    static boolean isWrite(CloudTrailEvent event) {
        AccessLevel level = event.iamAction().accessLevel();
        return level != null ? level.isWrite() : Boolean.FALSE.equals(event.readOnly());
    }

    private record Supplier(RateSpikeSettings settings)
            implements ProcessorSupplier<String, CloudTrailEvent, String, AnomalySignal> {
        @Override
        public Processor<String, CloudTrailEvent, String, AnomalySignal> get() {
            return new RateProcessor(settings);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            // Caching turns a write per event into one per principal per commit, flushed before offsets are committed.
            return Set.of(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                            org.apache.kafka.streams.state.Stores.persistentKeyValueStore(STORE),
                            Serdes.String(), RateBaselineCodec.serde())
                    .withCachingEnabled());
        }
    }

    /** A small least-recently-used map. */
    private static final class Recent extends LinkedHashMap<String, RateBaseline> {
        Recent() {
            super(RECENT_BASELINES * 2, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateBaseline> eldest) {
            return size() > RECENT_BASELINES;
        }
    }

    private static final class RateProcessor implements Processor<String, CloudTrailEvent, String, AnomalySignal> {
        private final RateSpikeSettings settings;
        private ProcessorContext<String, AnomalySignal> context;
        private KeyValueStore<String, RateBaseline> store;
        /**
         * The values last written for the busiest principals, so their next event does not decode them again. The
         * store stays the truth: every value is written through at once, and the cache is emptied whenever the task
         * is (re)initialised or closed, e.g. after an aborted transaction.
         */
        private final Recent recent = new Recent();

        RateProcessor(RateSpikeSettings settings) {
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, AnomalySignal> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
            recent.clear();
        }

        @Override
        public void close() {
            recent.clear();
        }

        @Override
        public void process(Record<String, CloudTrailEvent> record) {
            CloudTrailEvent event = record.value();
            if (!counts(event)) {
                return;
            }
            String principal = record.key();
            long minute = RateBaseline.minuteOf(event.eventTime().toEpochMilli());
            boolean error = event.failed();
            boolean write = isWrite(event);
            RateBaseline before = recent.get(principal);
            if (before == null) {
                before = store.get(principal);
            }
            if (before != null && minute < before.minute()) {
                return;   // late: see the class comment
            }
            RateBaseline after = before == null ? RateBaseline.first(minute, error, write)
                    : before.plus(minute, error, write, settings);
            if (after.calls() > settings.callFloor() && after.calls() >= 2 * after.callSpike()
                    && after.judges(settings)) {
                double threshold = after.callThreshold(settings);
                if (after.calls() > threshold) {
                    signal(record, AnomalyKind.RATE_SPIKE, after, after.callsPerMinute(), threshold, after.calls());
                    after = after.withCallSpike(after.calls());
                }
            }
            if (error && after.errors() > settings.errorFloor() && after.errors() >= 2 * after.errorSpike()
                    && after.judges(settings)) {
                double threshold = after.errorThreshold(settings);
                if (after.errors() > threshold) {
                    signal(record, AnomalyKind.ERROR_RATE_SPIKE, after, after.errorsPerMinute(), threshold,
                            after.errors());
                    after = after.withErrorSpike(after.errors());
                }
            }
            store.put(principal, after);
            recent.put(principal, after);
        }

        private void signal(Record<String, CloudTrailEvent> record, AnomalyKind kind, RateBaseline now,
                            RateHistogram past, double threshold, int count) {
            CloudTrailEvent event = record.value();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("minute", Instant.ofEpochMilli(now.minute() * RateBaseline.MINUTE_MS).toString());
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
            context.forward(record.withValue(new AnomalySignal(kind, event, FindingPeriods.hour(event), severity,
                    confidence, data)));
        }

        private static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }
}
