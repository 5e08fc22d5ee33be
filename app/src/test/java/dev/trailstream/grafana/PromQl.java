package dev.trailstream.grafana;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL's lexical structure to name the metrics an expression selects, and Grafana's variable
 * substitution. Prometheus 2.42 has no API that returns an expression's selectors, so the names are read here and
 * then checked against the names Prometheus knows.
 */
final class PromQl {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    /** Label matchers, range and subquery brackets: no metric name inside either. */
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
    /** Label lists of aggregations and vector matching. */
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][\\w:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_]\\w*)\\s*}}");
    private static final Pattern LABEL_VALUES = Pattern.compile(
            "^\\s*label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*(?:\\{[^}]*})?\\s*,\\s*([a-zA-Z_]\\w*)\\s*\\)\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$([a-zA-Z_]\\w*)");

    private PromQl() {
    }

    /** The metric names an expression selects, in order of appearance. */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = BRACES.matcher(s).replaceAll(" ");
        s = LABEL_LIST.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            boolean call = m.group(2) != null;
            String word = m.group(1);
            if (!call && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /**
     * The label names an expression matches on or groups by: those of its label matchers and of its {@code by},
     * {@code without}, {@code on}, {@code ignoring} and {@code group_left/right} lists. A misspelt one selects nothing
     * or, in a grouping, silently folds every series into one.
     */
    static Set<String> labelNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        Set<String> names = new LinkedHashSet<>();
        Matcher braces = Pattern.compile("\\{([^}]*)}").matcher(s);
        while (braces.find()) {
            Matcher m = MATCHER.matcher(braces.group(1));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        Matcher lists = LABEL_LIST.matcher(s);
        while (lists.find()) {
            String list = lists.group();
            for (String name : list.substring(list.indexOf('(') + 1, list.length() - 1).split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }

    /** The labels a Grafana legend format shows ({@code {{label}}}). */
    static Set<String> legendLabels(String legendFormat) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = LEGEND_LABEL.matcher(legendFormat);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** {@code label_values(metric, label)} as metric and label, or empty for any other variable query. */
    static Optional<String[]> labelValues(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
    }

    /**
     * The expression with Grafana's variables ({@code $name}, {@code ${name}}, {@code ${name:format}},
     * {@code [[name]]}) replaced by their values; throws on a variable the map does not hold, so a typo in a
     * dashboard is a failure rather than a query Prometheus rejects for another reason.
     */
    static String substitute(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown variable $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
