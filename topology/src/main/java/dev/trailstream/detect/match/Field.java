package dev.trailstream.detect.match;

import dev.trailstream.event.CloudTrailEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a rule reads values from an event: a dotted path into the event's JSON ({@link EventPath}) or a value the
 * event model computes ({@link ComputedField}, names starting with {@code trailstream.}).
 *
 * <p>A field has zero or more values: none when it is absent, several when the path crosses a list. Values are text
 * (numbers and booleans as JSON writes them, objects as compact JSON); a JSON {@code null} is the value {@code null}.
 */
sealed interface Field permits EventPath, ComputedField {
    String COMPUTED_PREFIX = "trailstream.";

    /** The name as the rule wrote it, e.g. {@code requestParameters.userName}. */
    String fieldName();

    /** True as soon as {@code test} accepts one of the event's values; false when none does or there are none. */
    boolean anyValue(CloudTrailEvent event, Predicate<String> test);

    /** Parses a field name; throws {@link IllegalArgumentException} saying what is wrong and what is allowed. */
    static Field of(String name) {
        if (name.startsWith(COMPUTED_PREFIX)) {
            return ComputedField.named(name);
        }
        return EventPath.of(name);
    }

    /** Whether the event has a value other than JSON null. */
    default boolean exists(CloudTrailEvent event) {
        return anyValue(event, value -> value != null);
    }

    /** Whether the event has any value at all, JSON null included. */
    default boolean present(CloudTrailEvent event) {
        return anyValue(event, value -> true);
    }

    /** Every value, in event order; for evidence and field references, not for the per-event fast path. */
    default List<String> values(CloudTrailEvent event) {
        List<String> values = new ArrayList<>();
        anyValue(event, value -> {
            values.add(value);
            return false;
        });
        return values;
    }
}
