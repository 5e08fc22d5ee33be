package dev.trailstream.http;

import dev.trailstream.topology.Stores;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of {@code /api/principals/{id}/activity}: {@code window} (hour or day) and the range
 * {@code from}..{@code to} (ISO-8601 instants, {@code to} exclusive). Without either, the range ends with the window
 * holding the principal's last event rather than now: logs are often replayed from the past, and "the last 24 hours"
 * of a replay is the last day its data covers. With one of them, the other is the default span away. The span is
 * bounded, and so is the response: at most 744 hourly or 400 daily windows.
 */
record ActivityQuery(Window window, Optional<Instant> from, Optional<Instant> to) {
    static final Set<String> PARAMS = Set.of("window", "from", "to");
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** A window size, the store that keeps it, the span shown by default and the longest span one may ask for. */
    enum Window {
        HOUR(Duration.ofHours(1), Stores.PRINCIPAL_ACTIVITY_HOURLY, Duration.ofHours(24), Duration.ofDays(31)),
        DAY(Duration.ofDays(1), Stores.PRINCIPAL_ACTIVITY_DAILY, Duration.ofDays(30), Duration.ofDays(400));

        final Duration size;
        final String store;
        final Duration defaultSpan;
        final Duration maxSpan;

        Window(Duration size, String store, Duration defaultSpan, Duration maxSpan) {
            this.size = size;
            this.store = store;
            this.defaultSpan = defaultSpan;
            this.maxSpan = maxSpan;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The start of the window holding {@code t} (windows are aligned to the epoch, so days are UTC days). */
        Instant floor(Instant t) {
            long ms = t.toEpochMilli();
            return Instant.ofEpochMilli(ms - Math.floorMod(ms, size.toMillis()));
        }
    }

    /** A resolved range: windows overlapping {@code [from, to)} are shown. */
    record Range(Instant from, Instant to) {
    }

    static ActivityQuery parse(QueryParams params) {
        Window window = params.get("window").map(ActivityQuery::window).orElse(Window.HOUR);
        Optional<Instant> from = params.get("from").map(v -> instant("from", v));
        Optional<Instant> to = params.get("to").map(v -> instant("to", v));
        ActivityQuery query = new ActivityQuery(window, from, to);
        if (to.isPresent() && !to.get().isAfter(EARLIEST)) {
            throw ApiException.badRequest("to " + to.get() + " must be after " + EARLIEST);
        }
        if (from.isPresent() && to.isPresent()) {
            if (!from.get().isBefore(to.get())) {
                throw ApiException.badRequest("from " + from.get() + " must be before to " + to.get());
            }
            Duration span = Duration.between(from.get(), to.get());
            if (span.compareTo(window.maxSpan) > 0) {
                throw ApiException.badRequest("from..to spans " + span.toDays() + " days: window=" + window.label()
                        + " allows at most " + window.maxSpan.toDays() + " days"
                        + (window == Window.HOUR ? " (use window=day for longer ranges)" : ""));
            }
        }
        return query;
    }

    /** The range to show, given the principal's newest event time (null only for a profile without events). */
    Range resolve(Instant lastSeen) {
        if (from.isPresent() && to.isPresent()) {
            return new Range(from.get(), to.get());
        }
        if (from.isPresent()) {
            return new Range(from.get(), min(from.get().plus(window.defaultSpan), LATEST));
        }
        if (to.isPresent()) {
            return new Range(max(to.get().minus(window.defaultSpan), EARLIEST), to.get());
        }
        Instant end = window.floor(lastSeen == null ? Instant.now() : lastSeen).plus(window.size);
        return new Range(end.minus(window.defaultSpan), end);
    }

    private static Window window(String value) {
        for (Window w : Window.values()) {
            if (w.label().equals(value)) {
                return w;
            }
        }
        throw ApiException.badRequest("window " + ApiException.quote(value) + ": allowed are hour, day");
    }

    private static Instant instant(String name, String value) {
        Instant t;
        try {
            t = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " " + ApiException.quote(value)
                    + ": expected an ISO-8601 instant such as 2026-11-02T10:00:00Z");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ApiException.badRequest(name + " " + value + ": must be between 1970 and 9999");
        }
        return t;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
