package dev.trailstream.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.access.Confidence;
import dev.trailstream.access.DeniedAccess;
import dev.trailstream.access.Granted;
import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.RightsizedPolicy;
import dev.trailstream.access.Risk;
import dev.trailstream.access.RiskRanking;
import dev.trailstream.access.StatementRef;
import dev.trailstream.iam.AccessReports;
import dev.trailstream.normalize.IamAction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One principal's least-privilege report as JSON: the line of {@code least-privilege.jsonl}, which the HTTP API also
 * serves as {@code /api/principals/{id}/access}, and the {@code rightsize} view both the API and
 * {@code trailstream rightsize --from} derive from it. One mapping, so a file and the API never disagree on a field.
 */
public final class LeastPrivilegeLine {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many unused actions a report line names; the counts cover all of them. */
    static final int LISTED_ACTIONS = 50;

    private LeastPrivilegeLine() {
    }

    /**
     * The report line: principal, lookback and confidence, findings (unused principal, keys, password, each with its
     * days observed and confidence), unused services, unused actions (counts by risk, the riskiest
     * {@value #LISTED_ACTIONS} named), not-observable counts, risky grants never used, and the rightsized policy's
     * file, size and what it could not place.
     *
     * @param profiles       behaviour profiles merged into the principal's use
     * @param evictedActions used actions its profiles dropped to stay within their cap; 0 leaves the field out
     * @param policyFile     where the policy was written, relative to the output folder; null leaves {@code file}
     *                       out (the API writes no file)
     */
    public static Map<String, Object> of(String account, LeastPrivilegeReport r, Granted granted, int profiles,
                                         long evictedActions, RiskRanking ranking, Path policyFile) {
        return of(account, r, granted, profiles, evictedActions, List.of(), ranking, policyFile);
    }

    /** The line of one review entry, its denied actions explained too ({@link #denied}). */
    public static Map<String, Object> of(AccessReports.Entry entry, RiskRanking ranking, Path policyFile) {
        return of(entry.accountId(), entry.report(), entry.granted(), entry.profiles(), entry.evictedActions(),
                entry.denied(), ranking, policyFile);
    }

    static Map<String, Object> of(String account, LeastPrivilegeReport r, Granted granted, int profiles,
                                  long evictedActions, List<DeniedAccess.Explanation> denied, RiskRanking ranking,
                                  Path policyFile) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("principal", r.principalArn());
        line.put("account", account);
        line.put("type", r.role() ? "role" : "user");
        line.put("lookback_start", r.lookbackStart());
        line.put("lookback_end", r.lookbackEnd());
        line.put("confidence", confidence(r.confidence()));
        line.put("profiles", profiles);
        if (evictedActions > 0) {
            line.put("profile_evicted_actions", evictedActions);
        }
        List<Map<String, Object>> findings = new ArrayList<>();
        for (LeastPrivilegeReport.Finding f : r.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", lower(f.kind().name()));
            m.put("subject", f.subject());
            m.put("last_used", f.lastUsed());
            m.put("days_observed", f.confidence().daysObserved());
            m.put("confidence", lower(f.confidence().level().name()));
            m.put("why", f.why());
            findings.add(m);
        }
        line.put("findings", findings);
        line.put("actions_granted", granted.count());
        line.put("actions_used", actionsUsed(r));
        line.put("admin_access", granted.adminEquivalent());
        List<Map<String, Object>> services = new ArrayList<>();
        for (LeastPrivilegeReport.UnusedService s : r.unusedServices()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", s.service());
            m.put("unused_actions", s.unusedActions());
            m.put("not_observable", s.notObservable());
            m.put("riskiest", lower(s.riskiest().name()));
            services.add(m);
        }
        line.put("unused_services", services);
        line.put("unused_actions", ranked(r.unusedActions(), ranking));
        line.put("not_observable", byRisk(r.notObservable(), ranking));
        List<Map<String, Object>> risky = new ArrayList<>();
        for (LeastPrivilegeReport.RiskyGrant g : r.riskyGrants()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", lower(g.kind().name()));
            m.put("what", g.what());
            m.put("why", g.why());
            risky.add(m);
        }
        line.put("risky_grants", risky);
        line.put("denied", denied(denied));
        RightsizedPolicy p = r.policy();
        Map<String, Object> policy = new LinkedHashMap<>();
        if (policyFile != null) {
            // Forward slashes whatever the platform: the path is data, read by tools.
            policy.put("file", policyFile.toString().replace('\\', '/'));
        }
        policy.put("size", p.size());
        policy.put("fits_limit", p.fitsLimit());
        policy.put("collapsed", p.collapsed());
        policy.put("used_not_granted", p.usedNotGranted());
        policy.put("notes", p.notes());
        line.put("rightsized_policy", policy);
        line.put("notes", r.notes());
        return line;
    }

    /**
     * The {@code rightsize} view of a report line: who and over which lookback, the policy document itself (an
     * object, not a string), its diff against the grant as text, and the policy's size, fit and notes.
     *
     * @param line   a report line as {@link #of} writes it, read back as a tree
     * @param policy the rightsized policy document
     * @param diff   {@link RightsizedPolicy#diffText()}
     */
    public static ObjectNode rightsize(JsonNode line, JsonNode policy, String diff) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("principal", "account", "type", "lookback_start", "lookback_end", "confidence")) {
            view.set(field, line.path(field).deepCopy());
        }
        view.set("policy", policy.deepCopy());
        view.put("diff", diff);
        JsonNode p = line.path("rightsized_policy");
        for (String field : List.of("size", "fits_limit", "collapsed", "used_not_granted", "notes")) {
            view.set(field, p.path(field).deepCopy());
        }
        return view;
    }

    /** What the rightsized policy keeps: the granted actions used in the lookback. */
    public static int actionsUsed(LeastPrivilegeReport r) {
        return r.policy().services().stream().mapToInt(s -> s.kept().size()).sum();
    }

    /** The count, the count per risk, and the riskiest actions by name (the list is already riskiest first). */
    private static Map<String, Object> ranked(List<IamAction> actions, RiskRanking ranking) {
        Map<String, Object> m = byRisk(actions, ranking);
        m.put("riskiest", actions.stream().limit(LISTED_ACTIONS).map(IamAction::action).toList());
        return m;
    }

    private static Map<String, Object> byRisk(List<IamAction> actions, RiskRanking ranking) {
        Map<Risk, Long> counts = new EnumMap<>(Risk.class);
        actions.forEach(a -> counts.merge(ranking.risk(a), 1L, Long::sum));
        Map<String, Long> byRisk = new LinkedHashMap<>();
        counts.forEach((risk, n) -> byRisk.put(lower(risk.name()), n));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", actions.size());
        m.put("by_risk", byRisk);
        return m;
    }

    /** Level, days observed and lookback days. */
    public static Map<String, Object> confidence(Confidence c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", lower(c.level().name()));
        m.put("days_observed", c.daysObserved());
        m.put("lookback_days", c.lookbackDays());
        return m;
    }

    /** An enum constant as the JSON writes it: {@code UNUSED_ROLE} is {@code unused_role}. */
    public static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Access-denied troubleshooting: how many actions were denied and how many calls, and per action (most frequently
     * denied first, at most {@value #LISTED_ACTIONS}) its count, last denial, resource when known, the snapshot's
     * decision with the statements responsible, the explanation, and the statement that would grant it.
     */
    public static Map<String, Object> denied(List<DeniedAccess.Explanation> explanations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("actions", explanations.size());
        m.put("calls", explanations.stream().mapToLong(DeniedAccess.Explanation::count).sum());
        List<Map<String, Object>> listed = new ArrayList<>();
        for (DeniedAccess.Explanation e : explanations.stream().limit(LISTED_ACTIONS).toList()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("action", e.action());
            d.put("count", e.count());
            d.put("first", e.firstDenied());
            d.put("last", e.lastDenied());
            if (e.resource() != null) {
                d.put("resource", e.resource());
            }
            if (!e.catalogued()) {
                d.put("catalogued", false);
            }
            d.put("decision", lower(e.outcome().name()));
            d.put("responsible", e.decision().responsible().stream().map(StatementRef::label).toList());
            d.put("explanation", e.explanation());
            if (e.suggestedStatement() != null) {
                d.put("suggested_statement", readTree(e.suggestedStatement()));
            }
            if (e.extend() != null) {
                d.put("extend", e.extend());
            }
            listed.add(d);
        }
        m.put("listed", listed);
        return m;
    }

    /** A statement kept as JSON text, written as an object so that it can be pasted into a policy as it is. */
    private static Object readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
