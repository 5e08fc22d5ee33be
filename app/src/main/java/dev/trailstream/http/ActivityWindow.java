package dev.trailstream.http;

import dev.trailstream.profile.Activity;
import dev.trailstream.profile.BoundedCounts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One hour or day of a principal's activity as the API shows it: the window's bounds and the {@link Activity} it
 * holds. Windows without events are absent from the store, and so from the response.
 *
 * @param end exclusive
 */
record ActivityWindow(Instant start, Instant end, long events, long errors, long reads, long writes,
                      BoundedCounts actions, BoundedCounts errorCodes) {

    static ActivityWindow of(long startMs, Duration size, Activity a) {
        Instant start = Instant.ofEpochMilli(startMs);
        return new ActivityWindow(start, start.plus(size), a.events(), a.errors(), a.reads(), a.writes(),
                a.actions(), a.errorCodes());
    }

    /**
     * The response of {@code /api/principals/{id}/activity}.
     *
     * @param window {@code hour} or {@code day}
     * @param from   the range asked for (or defaulted); windows overlapping {@code [from, to)} are listed
     */
    record History(String principalId, String window, Instant from, Instant to, List<ActivityWindow> windows) {
        History {
            windows = List.copyOf(windows);
        }
    }
}
