package dev.trailstream.http;

import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.profile.PrincipalProfile;

import java.time.Instant;

/**
 * One line of {@code /api/principals}: what a list needs of a profile, a few hundred bytes where the profile holds
 * up to a thousand actions with their times. Also what instances send each other when a list is gathered.
 *
 * @param distinctActions   IAM actions the profile holds (see {@code SeenSet}: at most the profile's cap)
 * @param distinctSourceIps source IPs the profile holds
 * @param distinctRegions   regions the profile holds
 */
record PrincipalSummary(String principalId, PrincipalKind kind, String accountId, String arn, long events,
                        long errors, Instant firstSeen, Instant lastSeen, int distinctActions, int distinctSourceIps,
                        int distinctRegions) {

    /** @param key the store key, which is the profile's id; kept should a profile lack its own */
    static PrincipalSummary of(String key, PrincipalProfile p) {
        return new PrincipalSummary(p.principalId() != null ? p.principalId() : key, p.kind(), p.accountId(), p.arn(),
                p.events(), p.errors(), p.firstSeen(), p.lastSeen(), p.actions().size(), p.sourceIps().size(),
                p.regions().size());
    }
}
