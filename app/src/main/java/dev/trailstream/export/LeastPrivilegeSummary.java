package dev.trailstream.export;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code least_privilege} block of {@code summary.json}, present when IAM snapshots were on the topic.
 *
 * @param principals       users and roles reported (every one of every snapshot)
 * @param unusedPrincipals those reported unused (no successful call, sign-in or key use in the lookback)
 * @param adminAccess      those with administrator-equivalent access
 * @param actionsGranted   catalogued actions granted, summed over the principals
 * @param actionsUsed      of those, the ones used in the lookback (what the rightsized policies keep), summed
 * @param lookbackEnd      the newest event of the run, where every lookback ends
 * @param findings         the access review's open findings on {@code trailstream.findings} (IAM Analysis Findings),
 *                         by analytic id
 */
public record LeastPrivilegeSummary(
        @JsonProperty("principals") long principals,
        @JsonProperty("unused_principals") long unusedPrincipals,
        @JsonProperty("admin_access") long adminAccess,
        @JsonProperty("actions_granted") long actionsGranted,
        @JsonProperty("actions_used") long actionsUsed,
        @JsonProperty("lookback_end") Instant lookbackEnd,
        @JsonProperty("findings") Map<String, Long> findings) {

    public LeastPrivilegeSummary(long principals, long unusedPrincipals, long adminAccess, long actionsGranted,
                                 long actionsUsed, Instant lookbackEnd) {
        this(principals, unusedPrincipals, adminAccess, actionsGranted, actionsUsed, lookbackEnd, Map.of());
    }

    /** The same block with the access review's open findings. */
    public LeastPrivilegeSummary withFindings(Map<String, Long> byAnalytic) {
        return new LeastPrivilegeSummary(principals, unusedPrincipals, adminAccess, actionsGranted, actionsUsed,
                // Sorted: summary.json and the terminal line list the analytics in one order, run after run.
                lookbackEnd, Collections.unmodifiableMap(new TreeMap<>(byAnalytic)));
    }

    /** How many access-review findings are open. */
    public long findingsOpen() {
        return findings.values().stream().mapToLong(Long::longValue).sum();
    }
}
