package dev.trailstream.anomaly;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code anomalies:} section of the findings file: the thresholds of the behavioural anomalies, each optional,
 * the defaults (see {@code topology/RULES.md}) for what is left out.
 *
 * <pre>
 * anomalies:
 *   learningPeriod: 14d                          # first-time behaviour stays quiet this long per principal
 *   deniedBurst: {window: 5m, calls: 10, actions: 5}
 *   rateSpike: {callFloor: 30, errorFloor: 5, spreads: 6, minActiveMinutes: 60, minHistory: 1d}
 *   longTermKeys: {hours: 20, sourceIps: 5}
 * </pre>
 *
 * <p>Durations are a number and a unit ({@code 90s}, {@code 5m}, {@code 12h}, {@code 7d}) or ISO-8601. Every problem
 * is listed, naming the field and what is allowed; nothing is half-applied.
 */
public final class AnomalyTuning {
    private static final Set<String> SECTION = Set.of("learningPeriod", "deniedBurst", "rateSpike", "longTermKeys");
    private static final Set<String> DENIED = Set.of("window", "calls", "actions");
    private static final Set<String> RATE = Set.of("callFloor", "errorFloor", "spreads", "minActiveMinutes",
            "minHistory");
    private static final Set<String> KEYS = Set.of("hours", "sourceIps");
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})\\s*([smhd])");

    private AnomalyTuning() {
    }

    /**
     * Reads {@code section} (a parsed YAML mapping; {@code null}: the defaults), adding each problem to
     * {@code problems} as {@code source: anomalies: field: what is wrong}.
     */
    public static AnomalySettings compile(String source, Object section, List<String> problems) {
        AnomalySettings defaults = AnomalySettings.defaults();
        if (section == null) {
            return defaults;
        }
        String where = source + ": anomalies";
        if (!(section instanceof Map<?, ?> map)) {
            problems.add(where + ": expected a mapping of " + String.join(", ", sorted(SECTION)));
            return defaults;
        }
        int before = problems.size();
        unknown(where, map, SECTION, problems);
        Duration learning = duration(where + ": learningPeriod", map.get("learningPeriod"),
                defaults.learningPeriod(), problems);

        Map<?, ?> denied = mapping(where + ": deniedBurst", map.get("deniedBurst"), DENIED, problems);
        Duration window = duration(where + ": deniedBurst: window", denied.get("window"), defaults.deniedWindow(),
                problems);
        int calls = integer(where + ": deniedBurst: calls", denied.get("calls"), defaults.deniedMinCalls(), problems);
        int actions = integer(where + ": deniedBurst: actions", denied.get("actions"), defaults.deniedMinActions(),
                problems);

        RateSpikeSettings r = defaults.rateSpikes();
        Map<?, ?> rate = mapping(where + ": rateSpike", map.get("rateSpike"), RATE, problems);
        int callFloor = integer(where + ": rateSpike: callFloor", rate.get("callFloor"), r.callFloor(), problems);
        int errorFloor = integer(where + ": rateSpike: errorFloor", rate.get("errorFloor"), r.errorFloor(), problems);
        double spreads = number(where + ": rateSpike: spreads", rate.get("spreads"), r.spreads(), problems);
        int minutes = integer(where + ": rateSpike: minActiveMinutes", rate.get("minActiveMinutes"),
                r.minActiveMinutes(), problems);
        Duration history = duration(where + ": rateSpike: minHistory", rate.get("minHistory"), r.minHistory(),
                problems);

        WorkloadKeySettings k = defaults.workloadKeys();
        Map<?, ?> keys = mapping(where + ": longTermKeys", map.get("longTermKeys"), KEYS, problems);
        int hours = integer(where + ": longTermKeys: hours", keys.get("hours"), k.minHours(), problems);
        int ips = integer(where + ": longTermKeys: sourceIps", keys.get("sourceIps"), k.minSourceIps(), problems);
        if (problems.size() > before) {
            return defaults;
        }
        // The settings' own checks (ranges, one threshold against another) say the rest.
        try {
            RateSpikeSettings rateSpikes = new RateSpikeSettings(callFloor, errorFloor, spreads, minutes, history,
                    Math.max(r.baselineCap(), 2 * minutes), r.minuteRetention());
            return new AnomalySettings(learning, window, calls, actions, new WorkloadKeySettings(hours, ips),
                    rateSpikes);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return defaults;
        }
    }

    /** {@code 90s}, {@code 5m}, {@code 12h}, {@code 7d} or ISO-8601; null when it is none of these. */
    static Duration parseDuration(String text) {
        Matcher m = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<?, ?> mapping(String where, Object value, Set<String> keys, List<String> problems) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(where + ": expected a mapping of " + String.join(", ", sorted(keys)));
            return Map.of();
        }
        unknown(where, map, keys, problems);
        return map;
    }

    private static void unknown(String where, Map<?, ?> map, Set<String> keys, List<String> problems) {
        for (Object key : map.keySet()) {
            if (!keys.contains(String.valueOf(key))) {
                problems.add(where + ": unknown field '" + key + "'; the fields are " + String.join(", ",
                        sorted(keys)));
            }
        }
    }

    private static Duration duration(String where, Object value, Duration fallback, List<String> problems) {
        if (value == null) {
            return fallback;
        }
        Duration d = parseDuration(String.valueOf(value));
        if (d == null) {
            problems.add(where + ": '" + value + "' is not a duration; use e.g. 90s, 5m, 12h, 7d");
            return fallback;
        }
        return d;
    }

    private static int integer(String where, Object value, int fallback, List<String> problems) {
        if (value == null) {
            return fallback;
        }
        // The project's YAML reader keeps scalars as text (rules compare text): numbers arrive as strings.
        try {
            return value instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue()
                    : Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            problems.add(where + ": '" + value + "' is not a whole number");
            return fallback;
        }
    }

    private static double number(String where, Object value, double fallback, List<String> problems) {
        if (value == null) {
            return fallback;
        }
        try {
            double d = value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(where + ": '" + value + "' is not a number");
        return fallback;
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> out = new ArrayList<>(keys);
        out.sort(null);
        return out;
    }
}
