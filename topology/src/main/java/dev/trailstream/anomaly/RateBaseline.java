package dev.trailstream.anomaly;

import dev.trailstream.profile.IdlePrincipals;

import java.util.Objects;

/**
 * What one principal's active minutes looked like: how many had how many calls, and how many errors. The value of
 * {@value RateSpikes#STORE}, in {@link RateBaselineCodec}'s binary format; the counts of each recent minute are in
 * {@value RateSpikes#MINUTES_STORE} ({@link MinuteCounts}).
 *
 * <p>Only <em>active</em> minutes (at least one call) are in the baseline; idle minutes are not counted at all. Most
 * principals are idle most of the time (a CI role deploys for a few minutes an hour, a person works office hours): with
 * idle minutes counted their median would be 0 and every minute of ordinary work would look like a spike. The
 * question asked is "when this principal works, does it ever work this hard?". Errors are counted per active minute
 * too, zero-error minutes included, so the error baseline of a healthy principal is 0.
 *
 * <p>A minute is in the histograms from its first call, and moves up a bin as its count grows: there is no moment a
 * minute "closes", so a call that arrives late (another region's log file, read later) still lands in its own minute.
 * The minute being judged is taken out of the histograms first ({@link RateHistogram#without}).
 *
 * @param firstMinute     the principal's earliest minute seen, epoch minutes of event time
 * @param lastMinute      its newest minute seen, for the principal retention ({@code IdlePrincipals});
 *                        {@link #UNKNOWN_MINUTE} in a value written before baselines kept it
 * @param callsPerMinute  calls of the active minutes
 * @param errorsPerMinute errors of the active minutes
 */
public record RateBaseline(long firstMinute, long lastMinute, RateHistogram callsPerMinute,
                           RateHistogram errorsPerMinute) {
    static final long MINUTE_MS = 60_000;
    /** The last minute of a baseline stored by a version that did not keep it. */
    static final long UNKNOWN_MINUTE = Long.MIN_VALUE;

    public RateBaseline {
        Objects.requireNonNull(callsPerMinute, "callsPerMinute");
        Objects.requireNonNull(errorsPerMinute, "errorsPerMinute");
    }

    /** The epoch minute of an event time in milliseconds. */
    static long minuteOf(long epochMs) {
        return Math.floorDiv(epochMs, MINUTE_MS);
    }

    /** A principal not seen before {@code minute}. */
    static RateBaseline starting(long minute) {
        return new RateBaseline(minute, minute, RateHistogram.EMPTY, RateHistogram.EMPTY);
    }

    /** When the principal was last active, epoch milliseconds (the end of its last minute); unknown as such. */
    long lastActiveMs() {
        return lastMinute == UNKNOWN_MINUTE ? IdlePrincipals.UNKNOWN
                : (lastMinute + 1) * MINUTE_MS;
    }

    /** This baseline taken as active at {@code epochMs} when it did not say when it was last active. */
    RateBaseline activeAt(long epochMs) {
        return lastMinute != UNKNOWN_MINUTE ? this
                : new RateBaseline(firstMinute, Math.max(firstMinute, minuteOf(epochMs)), callsPerMinute,
                errorsPerMinute);
    }

    /**
     * This baseline after one call turned minute {@code minute}'s counts from {@code before} into {@code after}: a new
     * active minute when {@code before} had no calls, else the minute moves bins. The same instance when nothing
     * changed, so that the caller need not write it back.
     */
    RateBaseline counted(long minute, MinuteCounts before, MinuteCounts after, int cap) {
        long first = Math.min(firstMinute, minute);
        long last = Math.max(lastMinute, minute);
        RateHistogram calls;
        RateHistogram errors;
        if (before.calls() == 0) {
            calls = callsPerMinute.plus(after.calls(), cap);
            errors = errorsPerMinute.plus(after.errors(), cap);
        } else {
            calls = callsPerMinute.moved(before.calls(), after.calls(), cap);
            errors = errorsPerMinute.moved(before.errors(), after.errors(), cap);
        }
        if (first == firstMinute && last == lastMinute && calls == callsPerMinute && errors == errorsPerMinute) {
            return this;
        }
        return new RateBaseline(first, last, calls, errors);
    }

    /**
     * True once the baseline holds enough active minutes besides {@code minute} (whose counts it holds) and the
     * principal was first seen long enough before it.
     */
    boolean judges(long minute, RateSpikeSettings settings) {
        return callsPerMinute.total() - 1 >= settings.minActiveMinutes()
                && (minute - firstMinute) * MINUTE_MS >= settings.minHistory().toMillis();
    }

    /** Counts above this in one minute are a spike: {@code max(floor, median + k · spread)} of the other minutes. */
    static double threshold(RateHistogram past, int floor, double spreads) {
        return Math.max(floor, past.median() + spreads * past.spread());
    }
}
