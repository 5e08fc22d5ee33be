package dev.trailstream.access;

import java.time.Instant;

/**
 * When IAM last saw a role's credentials used ({@code RoleLastUsed}); IAM tracks about 400 days.
 *
 * @param lastUsedDate when, or null when never within the tracking period
 * @param region       where, or null
 */
public record RoleLastUsed(Instant lastUsedDate, String region) {
    /** A role IAM never saw used. */
    public static final RoleLastUsed NEVER = new RoleLastUsed(null, null);
}
