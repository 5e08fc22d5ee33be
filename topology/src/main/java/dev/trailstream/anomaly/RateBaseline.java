package dev.trailstream.anomaly;

import java.util.Objects;

/**
 * One principal's call rate: the counts of its current minute of event time, and what its past active minutes looked
 * like. The value of {@value RateSpikes#STORE}, in {@link RateBaselineCodec}'s binary format.
 *
 * <p>Only <em>active</em> minutes (at least one call) enter the baseline; idle minutes are not counted at all. Most
 * principals are idle most of the time (a CI role deploys for a few minutes an hour, a person works office hours): with
 * idle minutes counted their median would be 0 and every minute of ordinary work would look like a spike. The
 * question asked is "when this principal works, does it ever work this hard?". Errors are counted per active minute
 * too, zero-error minutes included, so the error baseline of a healthy principal is 0.
 *
 * @param firstMinute     the principal's first minute seen, epoch minutes of event time
 * @param minute          the current minute, epoch minutes
 * @param calls           calls in the current minute
 * @param errors          failed calls ({@code errorCode} present) in the current minute
 * @param writes          write, tagging and permissions-management calls in the current minute
 * @param callSpike       the call count last signalled in the spike going on, 0 when none: the next signal needs
 *                        twice as many in one minute
 * @param errorSpike      the same for errors
 * @param callsPerMinute  calls of the past active minutes
 * @param errorsPerMinute errors of the past active minutes
 */
public record RateBaseline(long firstMinute, long minute, int calls, int errors, int writes, int callSpike,
                           int errorSpike, RateHistogram callsPerMinute, RateHistogram errorsPerMinute) {
    static final long MINUTE_MS = 60_000;

    public RateBaseline {
        Objects.requireNonNull(callsPerMinute, "callsPerMinute");
        Objects.requireNonNull(errorsPerMinute, "errorsPerMinute");
        if (minute < firstMinute || calls < 0 || errors < 0 || writes < 0 || callSpike < 0 || errorSpike < 0) {
            throw new IllegalArgumentException("inconsistent rate baseline: minute " + minute + " before "
                    + firstMinute + " or a negative count");
        }
    }

    /** The epoch minute of an event time in milliseconds. */
    static long minuteOf(long epochMs) {
        return Math.floorDiv(epochMs, MINUTE_MS);
    }

    /** A principal's first call. */
    static RateBaseline first(long minute, boolean error, boolean write) {
        return new RateBaseline(minute, minute, 1, error ? 1 : 0, write ? 1 : 0, 0, 0, RateHistogram.EMPTY,
                RateHistogram.EMPTY);
    }

    /**
     * This baseline with one more call in {@code minute}, which must not be before the current one. A later minute
     * first folds the current one into the histograms; a spike going on ends unless the closed minute was still above
     * its threshold and the new minute follows it directly.
     */
    RateBaseline plus(long minute, boolean error, boolean write, RateSpikeSettings settings) {
        if (minute < this.minute) {
            throw new IllegalArgumentException("minute " + minute + " is before the current " + this.minute);
        }
        int e = error ? 1 : 0;
        int w = write ? 1 : 0;
        if (minute == this.minute) {
            return new RateBaseline(firstMinute, minute, calls + 1, errors + e, writes + w, callSpike, errorSpike,
                    callsPerMinute, errorsPerMinute);
        }
        boolean next = minute == this.minute + 1;
        int nextCallSpike = next && callSpike > 0 && calls > callThreshold(settings) ? callSpike : 0;
        int nextErrorSpike = next && errorSpike > 0 && errors > errorThreshold(settings) ? errorSpike : 0;
        int cap = settings.baselineCap();
        return new RateBaseline(firstMinute, minute, 1, e, w, nextCallSpike, nextErrorSpike,
                callsPerMinute.plus(calls, cap), errorsPerMinute.plus(errors, cap));
    }

    /** True once the baseline has enough active minutes and the principal has been seen long enough. */
    boolean judges(RateSpikeSettings settings) {
        return callsPerMinute.total() >= settings.minActiveMinutes()
                && (minute - firstMinute) * MINUTE_MS >= settings.minHistory().toMillis();
    }

    /** Calls above this in one minute are a spike: {@code max(floor, median + k · spread)} of the past minutes. */
    double callThreshold(RateSpikeSettings settings) {
        return threshold(callsPerMinute, settings.callFloor(), settings.spreads());
    }

    double errorThreshold(RateSpikeSettings settings) {
        return threshold(errorsPerMinute, settings.errorFloor(), settings.spreads());
    }

    private static double threshold(RateHistogram past, int floor, double spreads) {
        return Math.max(floor, past.median() + spreads * past.spread());
    }

    RateBaseline withCallSpike(int value) {
        return new RateBaseline(firstMinute, minute, calls, errors, writes, value, errorSpike, callsPerMinute,
                errorsPerMinute);
    }

    RateBaseline withErrorSpike(int value) {
        return new RateBaseline(firstMinute, minute, calls, errors, writes, callSpike, value, callsPerMinute,
                errorsPerMinute);
    }
}
