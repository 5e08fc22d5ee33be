package dev.trailstream.access;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One statement of a policy document, as written: nothing is expanded or evaluated here, so that advice and
 * explanations can quote it.
 *
 * @param index        its position in the document, from 0: the name of a statement without a {@code Sid}
 * @param sid          the {@code Sid}, or null
 * @param effect       Allow or Deny
 * @param actions      the action patterns of {@code Action}, or of {@code NotAction} when {@code notAction}
 * @param notAction    true when the statement names the actions it does <em>not</em> cover
 * @param resources    the resource patterns of {@code Resource}, or of {@code NotResource} when {@code notResource};
 *                     empty in a trust policy
 * @param notResource  true when the statement names the resources it does <em>not</em> cover
 * @param conditions   the {@code Condition} block: operator → condition key → values, as written (never evaluated)
 * @param principals   the {@code Principal} (or {@code NotPrincipal}) block of a trust or resource policy: type
 *                     ({@code AWS}, {@code Service}, {@code Federated}, or {@code *} for {@code "Principal": "*"})
 *                     → values; empty in identity policies
 * @param notPrincipal true when the block was {@code NotPrincipal}
 */
public record Statement(int index, String sid, Effect effect, List<String> actions, boolean notAction,
                        List<String> resources, boolean notResource, Map<String, Map<String, List<String>>> conditions,
                        Map<String, List<String>> principals, boolean notPrincipal) {
    public Statement {
        Objects.requireNonNull(effect, "effect");
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        conditions.forEach((operator, keys) -> {
            Map<String, List<String>> k = new LinkedHashMap<>();
            keys.forEach((key, values) -> k.put(key, List.copyOf(values)));
            copy.put(operator, Collections.unmodifiableMap(k));
        });
        conditions = Collections.unmodifiableMap(copy);
        Map<String, List<String>> p = new LinkedHashMap<>();
        principals.forEach((type, values) -> p.put(type, List.copyOf(values)));
        principals = Collections.unmodifiableMap(p);
    }

    /** True when a {@code Condition} block limits the statement: the evaluator keeps such grants as conditional. */
    public boolean conditional() {
        return !conditions.isEmpty();
    }

    /** True when the statement covers every resource: {@code "Resource": "*"} (a {@code NotResource} never does). */
    public boolean everyResource() {
        return !notResource && resources.contains("*");
    }

    /** How explanations name the statement: its {@code Sid}, else {@code #index}. */
    public String label() {
        return sid != null && !sid.isEmpty() ? sid : "#" + index;
    }
}
