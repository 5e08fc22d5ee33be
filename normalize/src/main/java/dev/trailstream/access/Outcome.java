package dev.trailstream.access;

/** What IAM decides for one call, as far as the identity policies and boundary of the snapshot tell. */
public enum Outcome {
    /** An identity statement allows it without conditions, and the boundary (if any) does too. */
    ALLOWED,
    /** Allowed only if conditions hold, or a conditional Deny may apply, or the resource is not known. */
    CONDITIONAL,
    /** Nothing allows it: the default. */
    IMPLICIT_DENY,
    /** An identity policy's Deny applies. */
    EXPLICIT_DENY,
    /** The identity policies allow it but the permissions boundary does not, or the boundary denies it. */
    BOUNDARY_DENY;

    /** True for the outcomes under which the call can succeed. */
    public boolean mayBeAllowed() {
        return this == ALLOWED || this == CONDITIONAL;
    }
}
