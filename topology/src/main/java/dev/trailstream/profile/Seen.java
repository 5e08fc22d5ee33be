package dev.trailstream.profile;

import java.time.Instant;
import java.util.Objects;

/**
 * How often, and between which event times, a principal used one thing (an action, an IP, a region...).
 *
 * @param count times seen
 * @param first earliest event time
 * @param last  newest event time
 */
public record Seen(long count, Instant first, Instant last) {
    public Seen {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
    }

    static Seen once(Instant time) {
        return new Seen(1, time, time);
    }

    /** One more sighting, which may be older than the ones counted (logs arrive out of order). */
    Seen and(Instant time) {
        return new Seen(count + 1, time.isBefore(first) ? time : first, time.isAfter(last) ? time : last);
    }
}
