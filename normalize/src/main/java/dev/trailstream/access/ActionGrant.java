package dev.trailstream.access;

import dev.trailstream.normalize.IamAction;

import java.util.List;
import java.util.Objects;

/**
 * One action a principal may call, with what least-privilege advice needs: on which resources, and why.
 *
 * @param action        the catalogued action
 * @param access        allowed, or only under conditions
 * @param everyResource true when an unconditional allow on {@code "Resource": "*"} grants it, not narrowed by the
 *                      boundary or by a Deny
 * @param resources     the {@code Resource} patterns of the allowing identity statements; just {@code *} when any
 *                      is {@code *}
 * @param notResources  the {@code NotResource} patterns of allowing identity statements: allowed on everything but
 *                      these (which counts as scoped)
 * @param grantedBy     the identity statements that allow it
 * @param limitedBy     what makes it conditional or narrower: Deny statements with conditions or specific resources,
 *                      and the boundary's allowing statements when a boundary applies
 */
public record ActionGrant(IamAction action, Access access, boolean everyResource, List<String> resources,
                          List<String> notResources, List<StatementRef> grantedBy, List<StatementRef> limitedBy) {
    public ActionGrant {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(access, "access");
        resources = List.copyOf(resources);
        notResources = List.copyOf(notResources);
        grantedBy = List.copyOf(grantedBy);
        limitedBy = List.copyOf(limitedBy);
    }
}
