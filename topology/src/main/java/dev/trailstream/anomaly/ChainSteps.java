package dev.trailstream.anomaly;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The recent chain steps of one principal: the value of the {@value Chains#STORE} store. Steps older than one window
 * before the newest are dropped, and at most {@link #MAX_STEPS} of each role kept, so a principal with thousands of
 * denied calls costs a few kilobytes.
 *
 * @param steps oldest first
 */
public record ChainSteps(List<Step> steps) {
    static final int MAX_STEPS = 16;
    static final ChainSteps EMPTY = new ChainSteps(List.of());

    public ChainSteps {
        steps = List.copyOf(Objects.requireNonNullElse(steps, List.of()));
    }

    /**
     * One step.
     *
     * @param followUp  true for an escalation or persistence rule match, false for suspicious behaviour
     * @param analytic  the rule id or anomaly id
     * @param eventId   the step's event
     * @param action    its IAM action
     * @param time      its event time, epoch milliseconds
     * @param chained   a follow-up already reported in a chain, so that a later precursor does not report it again
     */
    public record Step(boolean followUp, String analytic, String eventId, String action, long time,
                       boolean chained) {
        Step asChained() {
            return new Step(followUp, analytic, eventId, action, time, true);
        }
    }

    /** These steps and {@code step}, without those more than {@code windowMs} older than the newest. */
    ChainSteps with(Step step, long windowMs) {
        List<Step> next = new ArrayList<>(steps.size() + 1);
        next.addAll(steps);
        next.add(step);
        next.sort(Comparator.comparingLong(Step::time));
        long newest = next.get(next.size() - 1).time();
        next.removeIf(s -> s.time() < newest - windowMs);
        for (boolean role : new boolean[]{false, true}) {
            long excess = next.stream().filter(s -> s.followUp() == role).count() - MAX_STEPS;
            for (int i = 0; i < next.size() && excess > 0; ) {
                if (next.get(i).followUp() == role) {
                    next.remove(i);
                    excess--;
                } else {
                    i++;
                }
            }
        }
        return new ChainSteps(next);
    }

    /** The newest precursor at or before {@code time} and at most {@code windowMs} before it. */
    Optional<Step> precursorBefore(long time, long windowMs) {
        return steps.stream().filter(s -> !s.followUp() && s.time() <= time && s.time() >= time - windowMs)
                .max(Comparator.comparingLong(Step::time));
    }

    /** The follow-ups not yet chained at or after {@code time} and at most {@code windowMs} after it. */
    List<Step> followUpsAfter(long time, long windowMs) {
        return steps.stream().filter(s -> s.followUp() && !s.chained() && s.time() >= time
                && s.time() <= time + windowMs).toList();
    }

    /** These steps with the follow-ups of {@code eventIds} marked chained. */
    ChainSteps chained(List<String> eventIds) {
        return new ChainSteps(steps.stream()
                .map(s -> s.followUp() && eventIds.contains(s.eventId()) ? s.asChained() : s).toList());
    }
}
