package dev.trailstream.anomaly;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of {@link RateSpikes} (see {@code topology/RULES.md}, "Behavioural anomalies").
 *
 * @param callFloor        calls in one minute below which nothing is a spike, however quiet the principal usually is:
 *                         a role that makes one call a minute and then twelve is not worth an analyst's time
 * @param errorFloor       the same for failed calls (any {@code errorCode})
 * @param spreads          k in the threshold {@code median + k · spread} of a principal's active minutes
 * @param minActiveMinutes active minutes the baseline must hold before it judges anything: the median and upper
 *                         quantile of a handful of minutes say little
 * @param minHistory       event time since the principal's first call before it is judged: a baseline of one busy
 *                         morning has not seen the principal's nightly batch yet
 * @param baselineCap      active minutes the baseline holds before it halves all its counts, forgetting old behaviour:
 *                         10,080 is one week of a principal active every minute, longer for quieter ones. At most
 *                         16,000, which keeps every count within two bytes of the store format
 * @param minuteRetention  how far behind the newest event time (of the task) a minute's counts are kept, so that a
 *                         late event still counts in its own minute: CloudTrail delivers each account and region on
 *                         its own, and a backfill reads one region's prefix after another, days apart. An event
 *                         older than this is not counted. As long as the hourly activity windows are kept
 */
public record RateSpikeSettings(int callFloor, int errorFloor, double spreads, int minActiveMinutes,
                                Duration minHistory, int baselineCap, Duration minuteRetention) {
    public static final int DEFAULT_CALL_FLOOR = 30;
    public static final int DEFAULT_ERROR_FLOOR = 5;
    public static final double DEFAULT_SPREADS = 6.0;
    public static final int DEFAULT_MIN_ACTIVE_MINUTES = 60;
    public static final Duration DEFAULT_MIN_HISTORY = Duration.ofDays(1);
    public static final int DEFAULT_BASELINE_CAP = 10_080;
    /** The largest {@link #baselineCap()}: bins never exceed it, and the codec writes them in two bytes. */
    public static final int MAX_BASELINE_CAP = 16_000;
    public static final Duration DEFAULT_MINUTE_RETENTION = Duration.ofDays(8);

    public RateSpikeSettings {
        Objects.requireNonNull(minHistory, "minHistory");
        Objects.requireNonNull(minuteRetention, "minuteRetention");
        if (minuteRetention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("minuteRetention must be at least an hour, was " + minuteRetention);
        }
        if (callFloor < 1 || errorFloor < 1) {
            throw new IllegalArgumentException("callFloor and errorFloor must be at least 1, were " + callFloor
                    + " and " + errorFloor);
        }
        if (!(spreads > 0) || Double.isInfinite(spreads)) {
            throw new IllegalArgumentException("spreads must be a positive number, was " + spreads);
        }
        if (minActiveMinutes < 1) {
            throw new IllegalArgumentException("minActiveMinutes must be at least 1, was " + minActiveMinutes);
        }
        if (minHistory.isNegative()) {
            throw new IllegalArgumentException("minHistory must not be negative, was " + minHistory);
        }
        // Halving leaves at least half the cap: a baseline once old enough must stay old enough.
        if (baselineCap < 2 * minActiveMinutes || baselineCap > MAX_BASELINE_CAP) {
            throw new IllegalArgumentException("need 2 * minActiveMinutes <= baselineCap <= " + MAX_BASELINE_CAP
                    + ", were " + minActiveMinutes + " and " + baselineCap);
        }
    }

    public static RateSpikeSettings defaults() {
        return new RateSpikeSettings(DEFAULT_CALL_FLOOR, DEFAULT_ERROR_FLOOR, DEFAULT_SPREADS,
                DEFAULT_MIN_ACTIVE_MINUTES, DEFAULT_MIN_HISTORY, DEFAULT_BASELINE_CAP, DEFAULT_MINUTE_RETENTION);
    }

    public RateSpikeSettings withFloors(int calls, int errors) {
        return new RateSpikeSettings(calls, errors, spreads, minActiveMinutes, minHistory, baselineCap,
                minuteRetention);
    }

    public RateSpikeSettings withHistory(int activeMinutes, Duration history) {
        return new RateSpikeSettings(callFloor, errorFloor, spreads, activeMinutes, history, baselineCap,
                minuteRetention);
    }

    public RateSpikeSettings withBaselineCap(int value) {
        return new RateSpikeSettings(callFloor, errorFloor, spreads, minActiveMinutes, minHistory, value,
                minuteRetention);
    }

    public RateSpikeSettings withMinuteRetention(Duration value) {
        return new RateSpikeSettings(callFloor, errorFloor, spreads, minActiveMinutes, minHistory, baselineCap, value);
    }
}
