package dev.trailstream.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trailstream.detect.match.Detection;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.Severity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads rule files: TrailStream's format, which is Sigma's with {@code severity} and a structured {@code attack} list,
 * and Sigma rules for {@code logsource: {product: aws, service: cloudtrail}} as they are. See {@code RULES.md}.
 *
 * <p>Problems are collected, not thrown one by one, so that a pack with several mistakes reports all of them.
 */
final class RuleFiles {
    static final List<String> KEYS = List.of("id", "title", "description", "severity", "type", "attack", "detection");
    /** Sigma's keys: {@code level} and {@code tags} are read, the rest is documentation TrailStream skips. */
    static final List<String> SIGMA_KEYS = List.of("level", "tags", "logsource", "name", "status", "references",
            "author", "date", "modified", "falsepositives", "fields", "related", "license", "taxonomy", "scope");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
    private static final String OWN_PREFIX = "trailstream.";

    private RuleFiles() {
    }

    /** The rules of one file ({@code source} names it in messages); problems go to {@code problems}. */
    static List<DetectionRule> read(String source, byte[] content, List<String> problems) {
        List<Object> documents;
        try {
            documents = RuleYaml.documents(content);
        } catch (JsonProcessingException e) {
            String hint = String.valueOf(e.getOriginalMessage()).contains("mapping values are not allowed")
                    ? " (a value containing ': ' must be quoted)" : "";
            problems.add(source + ": not valid YAML: line " + e.getLocation().getLineNr() + ": "
                    + firstLine(e.getOriginalMessage()) + hint);
            return List.of();
        } catch (IOException | IllegalArgumentException e) {
            problems.add(source + ": not valid YAML: " + firstLine(e.getMessage()));
            return List.of();
        }
        List<DetectionRule> rules = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            String where = documents.size() == 1 ? source : source + " (document " + (i + 1) + ")";
            if (!(documents.get(i) instanceof Map<?, ?> document)) {
                problems.add(where + ": a rule is a mapping of id, title, severity, detection...; found "
                        + (documents.get(i) == null ? "nothing" : "a " + kind(documents.get(i))));
                continue;
            }
            Object id = document.get("id");
            String label = where + ": rule " + (id instanceof String text ? text : "without id");
            int before = problems.size();
            DetectionRule rule = rule(document, source, label, problems);
            if (rule != null && problems.size() == before) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private static DetectionRule rule(Map<?, ?> document, String source, String label, List<String> problems) {
        for (Object key : document.keySet()) {
            if (!KEYS.contains(key) && !SIGMA_KEYS.contains(key)) {
                problems.add(label + ": unknown key '" + key + "'; the keys are " + String.join(", ", KEYS)
                        + " (and Sigma's " + String.join(", ", SIGMA_KEYS) + ")");
            }
        }
        String id = text(document, "id", label, problems, true);
        if (id != null && !ID.matcher(id).matches()) {
            problems.add(label + ": id '" + id + "' may hold only letters, digits and . _ : - (it is part of every "
                    + "finding uid)");
        }
        String title = text(document, "title", label, problems, true);
        String description = text(document, "description", label, problems, false);
        String type = text(document, "type", label, problems, false);
        Severity severity = severity(document, label, problems);
        List<MitreAttack> attacks = attacks(document, label, problems);
        checkLogSource(document.get("logsource"), label, problems);
        Detection detection = detection(document.get("detection"), label, problems);
        if (id == null || title == null || severity == null || detection == null) {
            return null;
        }
        return new DetectionRule(id, title, description != null ? description.strip() : title,
                type != null ? type : id.startsWith(OWN_PREFIX) ? id.substring(OWN_PREFIX.length()) : id,
                severity, attacks, detection, source);
    }

    private static Severity severity(Map<?, ?> document, String label, List<String> problems) {
        boolean both = document.containsKey("severity") && document.containsKey("level");
        if (both) {
            problems.add(label + ": give severity or Sigma's level, not both");
            return null;
        }
        String key = document.containsKey("level") ? "level" : "severity";
        String value = text(document, key, label, problems, true);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "informational" -> Severity.INFORMATIONAL;
            case "low" -> Severity.LOW;
            case "medium" -> Severity.MEDIUM;
            case "high" -> Severity.HIGH;
            case "critical" -> Severity.CRITICAL;
            default -> {
                problems.add(label + ": " + key + " '" + value + "' is not one of informational, low, medium, high, "
                        + "critical");
                yield null;
            }
        };
    }

    private static List<MitreAttack> attacks(Map<?, ?> document, String label, List<String> problems) {
        Set<MitreAttack> attacks = new LinkedHashSet<>();
        Object attack = document.get("attack");
        if (attack != null) {
            if (!(attack instanceof List<?> entries)) {
                problems.add(label + ": attack must be a list of {tactic, technique} entries");
            } else {
                for (Object entry : entries) {
                    try {
                        if (!(entry instanceof Map<?, ?> map)) {
                            throw new IllegalArgumentException("an entry is a mapping of tactic and technique, found "
                                    + kind(entry));
                        }
                        attacks.add(AttackTags.entry(map));
                    } catch (IllegalArgumentException e) {
                        problems.add(label + ": attack: " + e.getMessage());
                    }
                }
            }
        }
        Object tags = document.get("tags");
        if (tags != null) {
            try {
                if (!(tags instanceof List<?> list)) {
                    throw new IllegalArgumentException("must be a list of strings");
                }
                attacks.addAll(AttackTags.fromSigmaTags(list));
            } catch (IllegalArgumentException e) {
                problems.add(label + ": tags: " + e.getMessage());
            }
        }
        return List.copyOf(attacks);
    }

    /** A Sigma rule for another log source would match nothing, or the wrong thing, on CloudTrail events. */
    private static void checkLogSource(Object logSource, String label, List<String> problems) {
        if (logSource == null) {
            return;
        }
        if (logSource instanceof Map<?, ?> map
                && "aws".equalsIgnoreCase(String.valueOf(map.get("product")))
                && "cloudtrail".equalsIgnoreCase(String.valueOf(map.get("service")))
                && !map.containsKey("category")) {
            return;
        }
        problems.add(label + ": logsource must be {product: aws, service: cloudtrail} (TrailStream reads "
                + "CloudTrail), was " + logSource);
    }

    private static Detection detection(Object value, String label, List<String> problems) {
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(label + ": detection must be a mapping of named selections and a condition"
                    + (value == null ? ", and is missing" : ""));
            return null;
        }
        Map<String, Object> selections = new LinkedHashMap<>();
        map.forEach((name, definition) -> {
            if (!"condition".equals(name)) {
                selections.put((String) name, definition);
            }
        });
        if (selections.containsKey("timeframe")) {
            problems.add(label + ": detection: timeframe is not supported (rules match single events)");
            return null;
        }
        try {
            return Detection.compile(selections, map.get("condition"));
        } catch (IllegalArgumentException e) {
            problems.add(label + ": detection: " + e.getMessage());
            return null;
        }
    }

    private static String text(Map<?, ?> document, String key, String label, List<String> problems,
                               boolean required) {
        Object value = document.get(key);
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        if (value != null || required) {
            problems.add(label + ": " + key + (value == null ? " is missing" : " must be text, found " + kind(value)));
        }
        return null;
    }

    private static String kind(Object value) {
        return value instanceof Map ? "mapping" : value instanceof List ? "list" : "'" + value + "'";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
