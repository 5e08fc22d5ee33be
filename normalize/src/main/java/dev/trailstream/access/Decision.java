package dev.trailstream.access;

import java.util.List;
import java.util.Objects;

/**
 * Why one call is allowed or denied: the base of access-denied troubleshooting ("which statement would grant it, or
 * which Deny or boundary blocked it").
 *
 * @param action      the action asked about, as given
 * @param resource    the resource ARN asked about, or null when any
 * @param outcome     the decision
 * @param responsible the statements that decide it: the applying Deny statements for the two deny outcomes, the
 *                    allowing statements (identity, then boundary) for allowed and conditional; empty for an
 *                    implicit deny, and for a boundary deny where the boundary simply allows nothing of the kind
 * @param mayDeny     for {@link Outcome#CONDITIONAL}: Deny statements that apply only under conditions or to some
 *                    resources
 * @param boundary    the permissions boundary's ARN, or null when the principal has none
 * @param unresolved  policies or groups of the principal that the export lacks: the decision may be wrong because of
 *                    them (an implicit deny where a missing policy would allow, say)
 */
public record Decision(String action, String resource, Outcome outcome, List<StatementRef> responsible,
                       List<StatementRef> mayDeny, String boundary, List<String> unresolved) {
    public Decision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        responsible = List.copyOf(responsible);
        mayDeny = List.copyOf(mayDeny);
        unresolved = List.copyOf(unresolved);
    }
}
