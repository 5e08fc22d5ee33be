package dev.trailstream.profile;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.topology.Json;

import java.time.Instant;
import java.util.Objects;

/**
 * What one principal has done, in event time: totals, and first/last sighting per action, source IP, region,
 * user-agent family, access key, recipient account and error code. The value of the {@code principal-profiles}
 * store, the {@code /api/principals/{id}} response and a line of {@code principals.jsonl}.
 *
 * @param principalId      the store key; see {@link Principal#id()}
 * @param kind             from the newest event
 * @param identityType     CloudTrail's {@code userIdentity.type}, from the newest event
 * @param accountId        the principal's own account
 * @param arn              the principal's ARN, when known
 * @param events           unique events
 * @param errors           events that carried an {@code errorCode}
 * @param reads            events CloudTrail marked {@code readOnly: true}
 * @param writes           events CloudTrail marked {@code readOnly: false}
 * @param firstSeen        the earliest event time
 * @param lastSeen         the newest event time
 * @param lastEventId      the eventID of the newest event
 * @param lastConsoleLogin the newest successful console sign-in, null if none was seen
 * @param consoleLogins    successful console sign-ins
 * @param actions          IAM actions ({@link CloudTrailEvent#action()}), including events that need no permission
 *                         (console sign-ins), and failed calls: least privilege asks {@code iamAction().needsPermission()}
 * @param usedActions      the permissions used: IAM actions of calls that succeeded (no {@code errorCode}) and need
 *                         a permission ({@code iamAction().needsPermission()}), capped like {@code actions}. What
 *                         least privilege counts as used: a denied call shows a permission missing, not needed
 * @param errorCodes       error codes of failed calls
 * @param sourceIps        source IP addresses (or AWS service hosts) called from
 * @param regions          regions called into
 * @param userAgents       user-agent families ({@code console}, {@code cli}, {@code sdk-python}...), not raw user
 *                         agents, which change with every tool upgrade
 * @param accessKeys       access key ids used (long-term {@code AKIA...} and temporary {@code ASIA...})
 * @param accounts         recipient accounts called into
 */
public record PrincipalProfile(String principalId, PrincipalKind kind, String identityType, String accountId,
                               String arn, long events, long errors, long reads, long writes, Instant firstSeen,
                               Instant lastSeen, String lastEventId, Instant lastConsoleLogin, long consoleLogins,
                               SeenSet actions, SeenSet usedActions, SeenSet errorCodes, SeenSet sourceIps,
                               SeenSet regions, SeenSet userAgents, SeenSet accessKeys, SeenSet accounts) {
    public PrincipalProfile {
        actions = Objects.requireNonNullElse(actions, SeenSet.EMPTY);
        usedActions = Objects.requireNonNullElse(usedActions, SeenSet.EMPTY);
        errorCodes = Objects.requireNonNullElse(errorCodes, SeenSet.EMPTY);
        sourceIps = Objects.requireNonNullElse(sourceIps, SeenSet.EMPTY);
        regions = Objects.requireNonNullElse(regions, SeenSet.EMPTY);
        userAgents = Objects.requireNonNullElse(userAgents, SeenSet.EMPTY);
        accessKeys = Objects.requireNonNullElse(accessKeys, SeenSet.EMPTY);
        accounts = Objects.requireNonNullElse(accounts, SeenSet.EMPTY);
    }

    /** The profile before the first event; an aggregate's starting point. */
    public static PrincipalProfile empty() {
        return new PrincipalProfile(null, null, null, null, null, 0, 0, 0, 0, null, null, null, null, 0,
                null, null, null, null, null, null, null, null);
    }

    /** This profile with one more event, which may be older than ones already counted (logs arrive out of order). */
    public PrincipalProfile add(CloudTrailEvent event, ProfileLimits limits) {
        Instant time = event.eventTime();
        boolean newest = lastSeen == null || !time.isBefore(lastSeen);
        Principal who = event.principal();
        boolean login = ConsoleLogins.succeeded(event);
        // Least privilege keeps what a policy must allow: calls that succeeded (a denied call shows a permission
        // missing, not needed) of actions that need a permission (sign-ins and sts:GetCallerIdentity need none).
        boolean used = !event.failed() && event.iamAction().needsPermission();
        int cap = limits.maxNames();
        return new PrincipalProfile(
                who.id(),
                newest || kind == null ? who.kind() : kind,
                newest || identityType == null ? who.identityType() : identityType,
                newest || accountId == null ? who.accountId() : accountId,
                newest || arn == null ? who.arn() : arn,
                events + 1,
                errors + (event.failed() ? 1 : 0),
                reads + (Boolean.TRUE.equals(event.readOnly()) ? 1 : 0),
                writes + (Boolean.FALSE.equals(event.readOnly()) ? 1 : 0),
                firstSeen == null || time.isBefore(firstSeen) ? time : firstSeen,
                newest ? time : lastSeen,
                newest ? event.eventId() : lastEventId,
                login && (lastConsoleLogin == null || time.isAfter(lastConsoleLogin)) ? time : lastConsoleLogin,
                consoleLogins + (login ? 1 : 0),
                actions.with(event.action(), time, limits.maxActions()),
                used ? usedActions.with(event.action(), time, limits.maxActions()) : usedActions,
                errorCodes.with(event.errorCode(), time, cap),
                sourceIps.with(event.sourceIpAddress(), time, cap),
                regions.with(event.awsRegion(), time, cap),
                userAgents.with(ProfileNames.userAgent(event), time, cap),
                accessKeys.with(event.accessKeyId(), time, cap),
                accounts.with(event.recipientAccountId(), time, cap));
    }

    /** The profile as one line of JSON, e.g. for a JSON-lines export or an HTTP response. */
    public String toJsonLine() {
        return Json.line(this);
    }
}
