package dev.trailstream.detect;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Suppression windows: how long one finding keeps taking the matches of its analytic and principal before the next
 * match opens a new finding. Windows are tumbling and aligned to the Unix epoch in UTC, so a window of a day is the
 * UTC day and every instance and every replay puts an event in the same window: the finding uid is a name-based UUID
 * of (analytic, principal, window), never a random one.
 *
 * <p>Each analytic has a built-in window (a day for rules and most anomalies; an hour for bursts, which are over in
 * minutes and may come back); the {@code suppress:} section of the findings file overrides it per analytic glob, the
 * first matching entry winning:
 *
 * <pre>
 * suppress:
 *   - rules: trailstream.console-login-without-mfa   # one finding a week per user, not one a day
 *     window: 7d
 *   - rules: "trailstream.anomaly.*"
 *     window: 12h
 * </pre>
 *
 * <p>A window is whole hours from 1 hour to 31 days, written {@code 6h} or {@code 7d} (or ISO-8601 {@code PT6H}).
 * Hours must divide a day, or days be whole, so that windows never straddle UTC midnight in odd ways.
 */
public final class FindingWindows {
    /** No overrides: every analytic groups by its built-in window. */
    public static final FindingWindows DEFAULTS = new FindingWindows(List.of());
    public static final Duration HOUR = Duration.ofHours(1);
    public static final Duration DAY = Duration.ofDays(1);
    static final Duration LONGEST = Duration.ofDays(31);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})\\s*([hd])");
    private static final DateTimeFormatter HOUR_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH")
            .withZone(ZoneOffset.UTC);

    private final List<Entry> entries;

    private FindingWindows(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** One override: the analytic ids it covers (a compiled glob) and their window. */
    private record Entry(String globs, Pattern rules, Duration window) {
    }

    /**
     * Reads the {@code suppress:} section of a parsed findings file ({@code null}: none). Problems are added to
     * {@code problems}, each naming {@code source}, the entry (from 1), the field and what is allowed.
     */
    static FindingWindows compile(String source, Object section, List<String> problems) {
        if (section == null) {
            return DEFAULTS;
        }
        if (!(section instanceof List<?> list)) {
            problems.add(source + ": suppress: expected a list of entries with rules and window");
            return DEFAULTS;
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = source + ": suppress entry " + (i + 1);
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                problems.add(where + ": expected a mapping with rules and window");
                continue;
            }
            int before = problems.size();
            for (Object key : map.keySet()) {
                if (!"rules".equals(key) && !"window".equals(key)) {
                    problems.add(where + ": unknown field '" + key + "'; the fields are rules, window");
                }
            }
            Pattern rules = AllowList.globs(where, "rules", map.get("rules"), 0, problems);
            if (rules == null && map.get("rules") == null) {
                problems.add(where + ": rules: required, globs on analytic ids (e.g. 'trailstream.anomaly.*')");
            }
            Duration window = null;
            Object value = map.get("window");
            if (value == null) {
                problems.add(where + ": window: required, e.g. 6h or 7d");
            } else {
                window = parse(String.valueOf(value));
                if (window == null) {
                    problems.add(where + ": window: '" + value + "' is not a window; use whole hours that divide a "
                            + "day (1h, 2h, 3h, 4h, 6h, 8h, 12h) or whole days up to 31d (1d, 7d)");
                }
            }
            if (problems.size() == before) {
                entries.add(new Entry(String.valueOf(map.get("rules")), rules, window));
            }
        }
        return new FindingWindows(entries);
    }

    /** {@code 6h}, {@code 7d} or ISO-8601; null unless whole hours dividing a day, or whole days up to 31. */
    static Duration parse(String text) {
        Duration d = parseHoursOrDays(text);
        if (d == null) {
            return null;
        }
        if (d.isZero() || d.isNegative() || d.compareTo(LONGEST) > 0 || d.toMinutes() % 60 != 0) {
            return null;
        }
        long hours = d.toHours();
        return hours < 24 ? (24 % hours == 0 ? d : null) : (hours % 24 == 0 ? d : null);
    }

    /**
     * The duration syntax of TrailStream's files and flags: {@code 36h}, {@code 30d} or ISO-8601 ({@code P400D},
     * {@code PT36H}); null when it is none of these. No range check: each user of it has its own.
     */
    public static Duration parseHoursOrDays(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
        }
        try {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return null;
        }
    }

    public boolean isDefault() {
        return entries.isEmpty();
    }

    /** The window of {@code analyticId}: the first override whose globs match it, else {@code builtIn}. */
    public Duration window(String analyticId, Duration builtIn) {
        for (Entry entry : entries) {
            if (entry.rules().matcher(analyticId).matches()) {
                return entry.window();
            }
        }
        return builtIn;
    }

    /** The longest window configured, at least a day: how long open groups must be kept. */
    public Duration longest() {
        Duration longest = DAY;
        for (Entry entry : entries) {
            if (entry.window().compareTo(longest) > 0) {
                longest = entry.window();
            }
        }
        return longest;
    }

    /**
     * The window of {@code time} as the string that goes into a finding uid: {@code 2024-08-02} for a day (the uid
     * findings had before windows were configurable), {@code 2024-08-02T08} for an hour, and otherwise the window's
     * start and length ({@code 2024-08-01T00:00:00Z/P7D}... as {@code PT168H}).
     */
    public static String period(Instant time, Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.equals(DAY)) {
            return LocalDate.ofInstant(time, ZoneOffset.UTC).toString();
        }
        if (window.equals(HOUR)) {
            return HOUR_FORMAT.format(time);
        }
        long size = window.toMillis();
        long start = Math.floorDiv(time.toEpochMilli(), size) * size;
        return Instant.ofEpochMilli(start) + "/" + window;
    }

    /** The start of the window of {@code time}. */
    public static Instant start(Instant time, Duration window) {
        long size = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), size) * size);
    }

    /** The overrides, for the start-up log: {@code glob=window} in file order. */
    public Map<String, Duration> overrides() {
        Map<String, Duration> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.globs(), e.window()));
        return out;
    }

    @Override
    public String toString() {
        return "FindingWindows" + overrides();
    }
}
