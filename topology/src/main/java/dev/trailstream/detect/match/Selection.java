package dev.trailstream.detect.match;

import dev.trailstream.event.CloudTrailEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named selection of a rule's {@code detection}: a mapping whose entries must all match, or a list of such mappings
 * of which one must match (Sigma's two shapes).
 */
record Selection(String name, List<List<FieldTest>> alternatives) {
    public Selection {
        alternatives = alternatives.stream().map(List::copyOf).toList();
    }

    /** Compiles a selection from the rule file; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Selection compile(String name, Object definition) {
        List<List<FieldTest>> alternatives = new ArrayList<>();
        if (definition instanceof Map<?, ?> map) {
            alternatives.add(tests(map));
        } else if (definition instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(element -> element instanceof Map)) {
            for (Object element : list) {
                alternatives.add(tests((Map<?, ?>) element));
            }
        } else if (definition instanceof List<?> list && !list.isEmpty()) {
            throw new IllegalArgumentException("a list of plain values is a Sigma keyword search, which needs "
                    + "full-text search; name the field instead (field: value)");
        } else {
            throw new IllegalArgumentException("must be a mapping of field: value, or a list of such mappings");
        }
        return new Selection(name, alternatives);
    }

    private static List<FieldTest> tests(Map<?, ?> map) {
        if (map.isEmpty()) {
            throw new IllegalArgumentException("is an empty mapping; give at least one field");
        }
        List<FieldTest> tests = new ArrayList<>();
        map.forEach((key, value) -> tests.add(FieldTest.compile((String) key, value)));
        return tests;
    }

    /** The values one of which {@code field} must equal for this selection to match; null when it cannot say. */
    Set<String> requiredValues(String field) {
        Set<String> values = new HashSet<>();
        for (List<FieldTest> alternative : alternatives) {
            Set<String> required = alternative.stream()
                    .filter(test -> test.field().fieldName().equals(field))
                    .map(FieldTest::requiredValues).filter(Objects::nonNull).findFirst().orElse(null);
            if (required == null) {
                return null;
            }
            values.addAll(required);
        }
        return values;
    }

    public boolean test(CloudTrailEvent event) {
        for (List<FieldTest> alternative : alternatives) {
            if (matchesAll(alternative, event)) {
                return true;
            }
        }
        return false;
    }

    /** Adds the values that made the first matching alternative match, per field name. */
    void collect(CloudTrailEvent event, Map<String, LinkedHashSet<String>> evidence) {
        for (List<FieldTest> alternative : alternatives) {
            if (matchesAll(alternative, event)) {
                for (FieldTest test : alternative) {
                    List<String> values = test.matchedValues(event);
                    if (!values.isEmpty()) {
                        evidence.computeIfAbsent(test.field().fieldName(), k -> new LinkedHashSet<>()).addAll(values);
                    }
                }
                return;
            }
        }
    }

    private static boolean matchesAll(List<FieldTest> tests, CloudTrailEvent event) {
        for (FieldTest test : tests) {
            if (!test.test(event)) {
                return false;
            }
        }
        return true;
    }
}
