package dev.trailstream.access;

/** How a policy reaches a principal. */
public enum PolicyKind {
    /** Embedded in the user or role, or in one of the user's groups. */
    INLINE,
    /** A managed policy attached to the user or role, or to one of the user's groups. */
    MANAGED,
    /** The principal's permissions boundary: limits, never grants. */
    PERMISSIONS_BOUNDARY
}
