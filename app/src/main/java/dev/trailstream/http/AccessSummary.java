package dev.trailstream.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trailstream.export.LeastPrivilegeLine;
import dev.trailstream.iam.AccessReports;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One principal of {@code /api/access}: what a reviewer scans a list for, a few hundred bytes where the whole report
 * ({@code /api/principals/{id}/access}) names up to fifty unused actions and every finding's evidence.
 *
 * @param unusedActions granted, observable actions not used in the lookback: the list's order, most first
 * @param findings      the kinds of its findings ({@code unused_role}, {@code unused_access_key}...)
 * @param riskyGrants   the kinds of its risky grants ({@code admin_equivalent}...)
 * @param confidence    level, days observed and lookback days, as in the report line
 */
record AccessSummary(@JsonProperty("principal") String principal,
                     @JsonProperty("account") String account,
                     @JsonProperty("type") String type,
                     @JsonProperty("actions_granted") long actionsGranted,
                     @JsonProperty("actions_used") int actionsUsed,
                     @JsonProperty("unused_actions") int unusedActions,
                     @JsonProperty("admin_access") boolean adminAccess,
                     @JsonProperty("findings") List<String> findings,
                     @JsonProperty("risky_grants") List<String> riskyGrants,
                     @JsonProperty("confidence") Map<String, Object> confidence) {
    /** Most unused actions first, then by ARN: a total order, so pages and cursors never skip or repeat one. */
    static final Comparator<AccessSummary> ORDER = (a, b) -> compare(a.unusedActions, a.principal, b.unusedActions,
            b.principal);

    static AccessSummary of(AccessReports.Entry e) {
        var r = e.report();
        return new AccessSummary(r.principalArn(), e.accountId(), r.role() ? "role" : "user", e.granted().count(),
                LeastPrivilegeLine.actionsUsed(r), r.unusedActions().size(), e.granted().adminEquivalent(),
                r.findings().stream().map(f -> LeastPrivilegeLine.lower(f.kind().name())).distinct().toList(),
                r.riskyGrants().stream().map(g -> LeastPrivilegeLine.lower(g.kind().name())).distinct().toList(),
                LeastPrivilegeLine.confidence(r.confidence()));
    }

    /** Negative when (unusedA, arnA) comes first. */
    static int compare(int unusedA, String arnA, int unusedB, String arnB) {
        int byCount = Integer.compare(unusedB, unusedA);
        return byCount != 0 ? byCount : arnA.compareTo(arnB);
    }

    /** Counted as unused in the totals: no successful call, sign-in or key use in the lookback. */
    boolean unusedPrincipal() {
        return findings.contains("unused_role") || findings.contains("unused_user");
    }
}
