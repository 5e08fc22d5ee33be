package dev.trailstream.anomaly;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The recent denied calls of one principal, oldest first: the value of the {@value DeniedBursts#STORE} store. Only
 * calls within one window of the newest are kept, and at most {@link #MAX_CALLS}, so a principal denied thousands of
 * times costs a few kilobytes.
 *
 * @param calls event time and IAM action of each denied call, oldest first
 */
public record DeniedCalls(List<Call> calls) {
    /** Far above any sensible burst threshold; the oldest calls go first. */
    static final int MAX_CALLS = 256;
    static final DeniedCalls EMPTY = new DeniedCalls(List.of());

    public DeniedCalls {
        calls = List.copyOf(Objects.requireNonNullElse(calls, List.of()));
    }

    /** @param time event time, epoch milliseconds */
    public record Call(long time, String action) {
    }

    /** These calls and one more, without the ones more than {@code windowMs} older than the newest. */
    DeniedCalls with(Call call, long windowMs) {
        List<Call> next = new ArrayList<>(calls.size() + 1);
        next.addAll(calls);
        next.add(call);
        next.sort(Comparator.comparingLong(Call::time));
        long newest = next.get(next.size() - 1).time();
        next.removeIf(c -> c.time() < newest - windowMs);
        int excess = next.size() - MAX_CALLS;
        return new DeniedCalls(excess > 0 ? next.subList(excess, next.size()) : next);
    }

    /** The calls in {@code [end - windowMs, end]}. */
    List<Call> within(long end, long windowMs) {
        return calls.stream().filter(c -> c.time() <= end && c.time() >= end - windowMs).toList();
    }
}
