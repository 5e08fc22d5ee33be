package dev.trailstream.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.detect.match.ComputedField;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.topology.Json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param deniedActions    the permissions missing: IAM actions of calls denied for lack of permission (the
 *                         {@code denied} outcome of {@link ComputedField#outcome}: AccessDenied...,
 *                         ...UnauthorizedOperation), capped like {@code actions}. What access-denied troubleshooting
 *                         explains against the IAM snapshot
 * @param deniedResources  denied action → the resource ARN of its newest denied call that named one
 *                         ({@code resources[0].ARN}); only for actions still in {@code deniedActions}
 */
public record PrincipalProfile(String principalId, PrincipalKind kind, String identityType, String accountId,
                               String arn, long events, long errors, long reads, long writes, Instant firstSeen,
                               Instant lastSeen, String lastEventId, Instant lastConsoleLogin, long consoleLogins,
                               SeenSet actions, SeenSet usedActions, SeenSet errorCodes, SeenSet sourceIps,
                               SeenSet regions, SeenSet userAgents, SeenSet accessKeys, SeenSet accounts,
                               SeenSet deniedActions, Map<String, String> deniedResources) {
    public PrincipalProfile {
        actions = Objects.requireNonNullElse(actions, SeenSet.EMPTY);
        usedActions = Objects.requireNonNullElse(usedActions, SeenSet.EMPTY);
        errorCodes = Objects.requireNonNullElse(errorCodes, SeenSet.EMPTY);
        sourceIps = Objects.requireNonNullElse(sourceIps, SeenSet.EMPTY);
        regions = Objects.requireNonNullElse(regions, SeenSet.EMPTY);
        userAgents = Objects.requireNonNullElse(userAgents, SeenSet.EMPTY);
        accessKeys = Objects.requireNonNullElse(accessKeys, SeenSet.EMPTY);
        accounts = Objects.requireNonNullElse(accounts, SeenSet.EMPTY);
        deniedActions = Objects.requireNonNullElse(deniedActions, SeenSet.EMPTY);
        // Map.copyOf hands back a map it made itself: no copy per event for a principal with denials.
        deniedResources = deniedResources == null ? Map.of() : Map.copyOf(deniedResources);
    }

    /** A profile without denied actions: the shape before access-denied troubleshooting, kept for its callers. */
    public PrincipalProfile(String principalId, PrincipalKind kind, String identityType, String accountId, String arn,
                            long events, long errors, long reads, long writes, Instant firstSeen, Instant lastSeen,
                            String lastEventId, Instant lastConsoleLogin, long consoleLogins, SeenSet actions,
                            SeenSet usedActions, SeenSet errorCodes, SeenSet sourceIps, SeenSet regions,
                            SeenSet userAgents, SeenSet accessKeys, SeenSet accounts) {
        this(principalId, kind, identityType, accountId, arn, events, errors, reads, writes, firstSeen, lastSeen,
                lastEventId, lastConsoleLogin, consoleLogins, actions, usedActions, errorCodes, sourceIps, regions,
                userAgents, accessKeys, accounts, SeenSet.EMPTY, Map.of());
    }

    /** The profile before the first event; an aggregate's starting point. */
    public static PrincipalProfile empty() {
        return new PrincipalProfile(null, null, null, null, null, 0, 0, 0, 0, null, null, null, null, 0,
                null, null, null, null, null, null, null, null, null, null);
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
        // The same "denied" as the rules' trailstream.outcome and the denied-burst detection: one definition.
        boolean denied = event.failed() && event.iamAction().needsPermission()
                && "denied".equals(ComputedField.outcome(event));
        SeenSet deniedAfter = denied ? deniedActions.with(event.action(), time, limits.maxActions()) : deniedActions;
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
                accounts.with(event.recipientAccountId(), time, cap),
                deniedAfter,
                denied ? deniedResources(event, deniedAfter) : deniedResources);
    }

    /**
     * The denied resources after a denied call: its resource when it names one and is the action's newest denial,
     * and none for actions the cap evicted, so the map never outgrows {@code deniedActions}.
     */
    private Map<String, String> deniedResources(CloudTrailEvent event, SeenSet deniedAfter) {
        String resource = firstResourceArn(event);
        Seen before = deniedActions.get(event.action());
        boolean newest = before == null || !event.eventTime().isBefore(before.last());
        boolean replace = resource != null && newest && !resource.equals(deniedResources.get(event.action()));
        boolean prune = deniedAfter.evicted() > deniedActions.evicted();
        if (!replace && !prune) {
            return deniedResources;
        }
        Map<String, String> next = new LinkedHashMap<>(deniedResources);
        if (replace) {
            next.put(event.action(), resource);
        }
        next.keySet().retainAll(deniedAfter.names().keySet());
        return next;
    }

    /**
     * {@code resources[0].ARN}, the resource CloudTrail names for data events and some management events; null when
     * absent. Request parameters are not parsed: each service names its resources differently there.
     */
    private static String firstResourceArn(CloudTrailEvent event) {
        JsonNode arn = event.raw().path("resources").path(0).path("ARN");
        return arn.isTextual() && !arn.asText().isBlank() ? arn.asText() : null;
    }

    /** The profile as one line of JSON, e.g. for a JSON-lines export or an HTTP response. */
    public String toJsonLine() {
        return Json.line(this);
    }
}
