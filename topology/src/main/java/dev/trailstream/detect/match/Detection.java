package dev.trailstream.detect.match;

import dev.trailstream.event.CloudTrailEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rule's {@code detection} block, compiled once: named selections and the condition over them. Matching reads only
 * the event (its parsed JSON tree and typed fields); nothing of the rule is parsed per event.
 */
public final class Detection {
    private final Condition condition;
    private final List<Selection> evidenceSelections;
    private final Optional<Set<String>> eventNames;

    private Detection(Map<String, Selection> selections, Condition condition) {
        this.condition = condition;
        Set<Selection> positive = new LinkedHashSet<>();
        condition.positive(false, positive);
        // File order, so evidence lists fields in the order the rule names them.
        this.evidenceSelections = selections.values().stream().filter(positive::contains).toList();
        Set<String> names = condition.requiredValues("eventName");
        this.eventNames = Optional.ofNullable(names == null ? null : Set.copyOf(names));
    }

    /**
     * Compiles the selections (name → definition, file order) and the condition (a string, or a list of strings of
     * which one must hold). Throws {@link IllegalArgumentException} naming the selection or condition at fault.
     */
    public static Detection compile(Map<String, Object> selectionDefinitions, Object condition) {
        Map<String, Selection> selections = new LinkedHashMap<>();
        selectionDefinitions.forEach((name, definition) -> {
            try {
                selections.put(name, Selection.compile(name, definition));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("selection '" + name + "': " + e.getMessage(), e);
            }
        });
        if (selections.isEmpty()) {
            throw new IllegalArgumentException("no selection; name at least one beside the condition");
        }
        return new Detection(selections, condition(condition, selections));
    }

    private static Condition condition(Object condition, Map<String, Selection> selections) {
        if (condition instanceof String text) {
            return ConditionParser.parse(text, selections);
        }
        if (condition instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(c -> c instanceof String)) {
            List<Condition> any = new ArrayList<>();
            list.forEach(text -> any.add(ConditionParser.parse((String) text, selections)));
            return any.size() == 1 ? any.get(0) : new Condition.Or(List.copyOf(any));
        }
        throw new IllegalArgumentException(condition == null ? "condition is missing"
                : "condition must be a string or a list of strings");
    }

    /**
     * The event names (lower case) of which an event must have one to match; empty when the detection does not
     * require plain eventName values.
     */
    public Optional<Set<String>> eventNames() {
        return eventNames;
    }

    public boolean matches(CloudTrailEvent event) {
        return condition.test(event);
    }

    /**
     * The fields that made {@code event} match, with their values: from every selection that matches and counts
     * towards the match (not one under a {@code not}). Meant for events that {@link #matches} accepted.
     */
    public List<MatchedField> evidence(CloudTrailEvent event) {
        Map<String, LinkedHashSet<String>> values = new LinkedHashMap<>();
        for (Selection selection : evidenceSelections) {
            if (selection.test(event)) {
                selection.collect(event, values);
            }
        }
        List<MatchedField> evidence = new ArrayList<>();
        values.forEach((field, fieldValues) -> evidence.add(new MatchedField(field, List.copyOf(fieldValues))));
        return evidence;
    }
}
