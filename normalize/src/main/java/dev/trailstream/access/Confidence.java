package dev.trailstream.access;

import java.util.Locale;

/**
 * How far a "not used" finding can be trusted, given how much history it rests on: the days observed as a fraction
 * of the lookback. {@link Level#HIGH} only with the whole lookback observed; {@link Level#MEDIUM} with at least half
 * of it; {@link Level#LOW} below. The fraction itself is kept so that a caller can rank or threshold more finely.
 *
 * @param level        the band
 * @param daysObserved the days of history the finding rests on, at most the lookback
 * @param lookbackDays the lookback asked for
 */
public record Confidence(Level level, long daysObserved, long lookbackDays) {
    public enum Level {
        HIGH,
        MEDIUM,
        LOW
    }

    public static Confidence of(long daysObserved, long lookbackDays) {
        long days = Math.max(0, Math.min(daysObserved, lookbackDays));
        double f = lookbackDays == 0 ? 1 : (double) days / lookbackDays;
        Level level = f >= 1 ? Level.HIGH : f >= 0.5 ? Level.MEDIUM : Level.LOW;
        return new Confidence(level, days, lookbackDays);
    }

    /** The days observed over the lookback, 0..1. */
    public double fraction() {
        return lookbackDays == 0 ? 1 : (double) daysObserved / lookbackDays;
    }

    /** {@code high (90 of 90 days observed)}. */
    public String describe() {
        return level.name().toLowerCase(Locale.ROOT) + " (" + daysObserved + " of " + lookbackDays
                + " days observed)";
    }
}
