package dev.trailstream.access;

/** How surely a principal may call a granted action. */
public enum Access {
    /** Allowed by a statement without conditions, and no Deny or boundary statement could take it away. */
    ALLOWED,
    /**
     * Allowed only under conditions (every allowing statement has a {@code Condition}), or allowed but a Deny with
     * conditions or on specific resources may apply: whether a given call succeeds depends on the request.
     */
    CONDITIONAL
}
