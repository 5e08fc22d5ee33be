package dev.trailstream.access;

/** Whether CloudTrail records calls of an IAM action, as {@link Observability} knows it. */
public enum Recording {
    /** A management event: every trail records it. */
    MANAGEMENT,
    /** A data event (S3 object operations, Lambda invocations, DynamoDB items...): recorded only when enabled. */
    DATA,
    /** Never an event of its own: a permission checked while serving another call ({@code iam:PassRole}). */
    NEVER,
    /** The source knows the service but does not list the action: not recorded, or newer than the source. */
    NOT_LISTED,
    /** The source does not know the service at all (it dates from 2021). */
    UNKNOWN
}
