package dev.trailstream.anomaly;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of the behavioural anomalies (see {@code topology/RULES.md}, "Behavioural anomalies").
 *
 * @param learningPeriod   how long after a principal's first event (event time) its first-time behaviour stays
 *                         quiet: a new principal does everything for the first time
 * @param deniedWindow     the event-time window in which denied calls of one principal are counted
 * @param deniedMinCalls   denied calls within the window that make a burst
 * @param deniedMinActions distinct IAM actions among them: many denials of one action is a misconfiguration, of many
 *                         actions is someone finding out what a credential may do
 * @param workloadKeys     when an IAM user's long-term access key is used like a workload's ({@link WorkloadKeys})
 * @param rateSpikes       call and error rates far above a principal's own baseline ({@link RateSpikes})
 */
public record AnomalySettings(Duration learningPeriod, Duration deniedWindow, int deniedMinCalls,
                              int deniedMinActions, WorkloadKeySettings workloadKeys,
                              RateSpikeSettings rateSpikes) {
    public static final Duration DEFAULT_LEARNING_PERIOD = Duration.ofDays(7);
    public static final Duration DEFAULT_DENIED_WINDOW = Duration.ofMinutes(5);
    public static final int DEFAULT_DENIED_MIN_CALLS = 10;
    public static final int DEFAULT_DENIED_MIN_ACTIONS = 5;

    public AnomalySettings {
        Objects.requireNonNull(learningPeriod, "learningPeriod");
        Objects.requireNonNull(deniedWindow, "deniedWindow");
        Objects.requireNonNull(workloadKeys, "workloadKeys");
        Objects.requireNonNull(rateSpikes, "rateSpikes");
        if (learningPeriod.isNegative()) {
            throw new IllegalArgumentException("learningPeriod must not be negative, was " + learningPeriod);
        }
        if (deniedWindow.isNegative() || deniedWindow.isZero()) {
            throw new IllegalArgumentException("deniedWindow must be positive, was " + deniedWindow);
        }
        if (deniedMinActions < 1 || deniedMinCalls < deniedMinActions) {
            throw new IllegalArgumentException("need 1 <= deniedMinActions <= deniedMinCalls, were "
                    + deniedMinActions + " and " + deniedMinCalls);
        }
    }

    /** The first-time and denied-burst settings, with the defaults of the others. */
    public AnomalySettings(Duration learningPeriod, Duration deniedWindow, int deniedMinCalls, int deniedMinActions) {
        this(learningPeriod, deniedWindow, deniedMinCalls, deniedMinActions, WorkloadKeySettings.defaults(),
                RateSpikeSettings.defaults());
    }

    public static AnomalySettings defaults() {
        return new AnomalySettings(DEFAULT_LEARNING_PERIOD, DEFAULT_DENIED_WINDOW, DEFAULT_DENIED_MIN_CALLS,
                DEFAULT_DENIED_MIN_ACTIONS, WorkloadKeySettings.defaults(), RateSpikeSettings.defaults());
    }

    public AnomalySettings withLearningPeriod(Duration value) {
        return new AnomalySettings(value, deniedWindow, deniedMinCalls, deniedMinActions, workloadKeys, rateSpikes);
    }

    public AnomalySettings withDeniedBurst(Duration window, int minCalls, int minActions) {
        return new AnomalySettings(learningPeriod, window, minCalls, minActions, workloadKeys, rateSpikes);
    }

    public AnomalySettings withRateSpikes(RateSpikeSettings value) {
        return new AnomalySettings(learningPeriod, deniedWindow, deniedMinCalls, deniedMinActions, workloadKeys,
                value);
    }

    public AnomalySettings withWorkloadKeys(WorkloadKeySettings value) {
        return new AnomalySettings(learningPeriod, deniedWindow, deniedMinCalls, deniedMinActions, value,
                rateSpikes);
    }
}
