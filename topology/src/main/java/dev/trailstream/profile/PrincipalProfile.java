package dev.trailstream.profile;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.topology.Json;

import java.time.Instant;
import java.util.Objects;

/**
 * What one principal has done, in event time. The value of the {@code principal-profiles} store.
 *
 * @param principalId  the store key; see {@link Principal#id()}
 * @param kind         from the newest event
 * @param identityType CloudTrail's {@code userIdentity.type}, from the newest event
 * @param accountId    the principal's own account
 * @param arn          the principal's ARN, when known
 * @param events       events counted (unique ones only)
 * @param errors       events that carried an {@code errorCode}
 * @param firstSeen    the earliest event time
 * @param lastSeen     the newest event time
 * @param lastEventId  the eventID of the newest event
 * @param accounts     recipient accounts called into
 * @param regions      regions called into
 * @param sourceIps    source IP addresses (or AWS service hosts) called from
 * @param actions      {@code service:EventName}, see {@link CloudTrailEvent#action()}
 */
public record PrincipalProfile(String principalId, PrincipalKind kind, String identityType, String accountId,
                               String arn, long events, long errors, Instant firstSeen, Instant lastSeen,
                               String lastEventId, BoundedCounts accounts, BoundedCounts regions,
                               BoundedCounts sourceIps, BoundedCounts actions) {
    public PrincipalProfile {
        accounts = Objects.requireNonNullElse(accounts, BoundedCounts.EMPTY);
        regions = Objects.requireNonNullElse(regions, BoundedCounts.EMPTY);
        sourceIps = Objects.requireNonNullElse(sourceIps, BoundedCounts.EMPTY);
        actions = Objects.requireNonNullElse(actions, BoundedCounts.EMPTY);
    }

    /** The profile before the first event; an aggregate's starting point. */
    public static PrincipalProfile empty() {
        return new PrincipalProfile(null, null, null, null, null, 0, 0, null, null, null, BoundedCounts.EMPTY,
                BoundedCounts.EMPTY, BoundedCounts.EMPTY, BoundedCounts.EMPTY);
    }

    /** This profile with one more event, which may be older than ones already counted (logs arrive out of order). */
    public PrincipalProfile add(CloudTrailEvent event, ProfileLimits limits) {
        Instant time = event.eventTime();
        boolean newest = lastSeen == null || !time.isBefore(lastSeen);
        Principal who = event.principal();
        return new PrincipalProfile(
                who.id(),
                newest || kind == null ? who.kind() : kind,
                newest || identityType == null ? who.identityType() : identityType,
                newest || accountId == null ? who.accountId() : accountId,
                newest || arn == null ? who.arn() : arn,
                events + 1,
                errors + (event.failed() ? 1 : 0),
                firstSeen == null || time.isBefore(firstSeen) ? time : firstSeen,
                newest ? time : lastSeen,
                newest ? event.eventId() : lastEventId,
                accounts.with(event.recipientAccountId(), limits.maxAccounts()),
                regions.with(event.awsRegion(), limits.maxRegions()),
                sourceIps.with(event.sourceIpAddress(), limits.maxSourceIps()),
                actions.with(event.action(), limits.maxActions()));
    }

    /** The profile as one line of JSON, e.g. for a JSON-lines export or an HTTP response. */
    public String toJsonLine() {
        return Json.line(this);
    }
}
