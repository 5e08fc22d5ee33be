package dev.trailstream.export;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * The {@code least_privilege} block of {@code summary.json}, present when IAM snapshots were on the topic.
 *
 * @param principals       users and roles reported (every one of every snapshot)
 * @param unusedPrincipals those reported unused (no successful call, sign-in or key use in the lookback)
 * @param adminAccess      those with administrator-equivalent access
 * @param actionsGranted   catalogued actions granted, summed over the principals
 * @param actionsUsed      of those, the ones used in the lookback (what the rightsized policies keep), summed
 * @param lookbackEnd      the newest event of the run, where every lookback ends
 */
public record LeastPrivilegeSummary(
        @JsonProperty("principals") long principals,
        @JsonProperty("unused_principals") long unusedPrincipals,
        @JsonProperty("admin_access") long adminAccess,
        @JsonProperty("actions_granted") long actionsGranted,
        @JsonProperty("actions_used") long actionsUsed,
        @JsonProperty("lookback_end") Instant lookbackEnd) {
}
