package dev.trailstream.detect.match;

import java.util.List;

/**
 * Evidence of a match: a field a rule tested and the event's values that passed.
 *
 * @param field  as the rule names it, e.g. {@code requestParameters.policyArn} or {@code trailstream.outcome}
 * @param values the event's values, at least one
 */
public record MatchedField(String field, List<String> values) {
    public MatchedField {
        values = List.copyOf(values);
    }
}
