package dev.trailstream.detect.match;

import dev.trailstream.event.CloudTrailEvent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A rule's {@code condition}, parsed by {@link ConditionParser}: selections combined with and, or, not. */
sealed interface Condition {
    boolean test(CloudTrailEvent event);

    /** Adds the selections that count for a match when they match: those not under an odd number of nots. */
    void positive(boolean negated, Set<Selection> into);

    /**
     * Values one of which {@code field} must equal for the condition to hold, or null when the condition cannot say
     * (a {@code not}, a pattern, an alternative without such a test). Lets a pack skip rules that cannot match.
     */
    Set<String> requiredValues(String field);

    record Ref(Selection selection) implements Condition {
        @Override
        public boolean test(CloudTrailEvent event) {
            return selection.test(event);
        }

        @Override
        public void positive(boolean negated, Set<Selection> into) {
            if (!negated) {
                into.add(selection);
            }
        }

        @Override
        public Set<String> requiredValues(String field) {
            return selection.requiredValues(field);
        }
    }

    record Not(Condition operand) implements Condition {
        @Override
        public boolean test(CloudTrailEvent event) {
            return !operand.test(event);
        }

        @Override
        public void positive(boolean negated, Set<Selection> into) {
            operand.positive(!negated, into);
        }

        @Override
        public Set<String> requiredValues(String field) {
            return null;
        }
    }

    record And(List<Condition> operands) implements Condition {
        @Override
        public Set<String> requiredValues(String field) {
            Set<String> values = null;
            for (Condition operand : operands) {
                Set<String> required = operand.requiredValues(field);
                if (required != null) {
                    values = values == null ? new HashSet<>(required) : values;
                    values.retainAll(required);
                }
            }
            return values;
        }

        @Override
        public boolean test(CloudTrailEvent event) {
            for (Condition operand : operands) {
                if (!operand.test(event)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void positive(boolean negated, Set<Selection> into) {
            operands.forEach(operand -> operand.positive(negated, into));
        }
    }

    record Or(List<Condition> operands) implements Condition {
        @Override
        public Set<String> requiredValues(String field) {
            Set<String> values = new HashSet<>();
            for (Condition operand : operands) {
                Set<String> required = operand.requiredValues(field);
                if (required == null) {
                    return null;
                }
                values.addAll(required);
            }
            return values;
        }

        @Override
        public boolean test(CloudTrailEvent event) {
            for (Condition operand : operands) {
                if (operand.test(event)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void positive(boolean negated, Set<Selection> into) {
            operands.forEach(operand -> operand.positive(negated, into));
        }
    }
}
