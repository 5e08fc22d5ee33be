package dev.trailstream.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trailstream.access.CredentialReport;
import dev.trailstream.access.DeniedAccess;
import dev.trailstream.access.Granted;
import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.RightsizedPolicy;
import dev.trailstream.access.Risk;
import dev.trailstream.access.RiskRanking;
import dev.trailstream.access.StatementRef;
import dev.trailstream.iam.AccessReports;
import dev.trailstream.normalize.IamAction;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.topology.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The least-privilege outputs of {@code run --once --out DIR} when IAM snapshots are on
 * {@code trailstream.iam-snapshots}: granted (the latest snapshot of each account) versus used (the behaviour
 * profiles' {@link PrincipalProfile#usedActions()}) for every user and role of every snapshot.
 *
 * <ul>
 *   <li>input: the {@code principal-profiles} store (key: principal id, value: {@link PrincipalProfile}), read after
 *       the pipeline has drained; the snapshots by account id; credential reports, optional</li>
 *   <li>output {@code DIR/least-privilege.jsonl}: one line per principal, accounts in id order, users then roles in
 *       export order (see {@link #line})</li>
 *   <li>output {@code DIR/policies/<account>/<user|role>/<name>.json}: the rightsized policy, and
 *       {@code <name>.diff.txt} what it keeps and removes per service</li>
 *   <li>returns the {@code least_privilege} block of {@code summary.json}</li>
 * </ul>
 *
 * <p>Offline on purpose, a first slice: the report is a pure function of the snapshot and the profiles, so computing
 * it once the run is complete needs no state of its own. Continuous findings on the stream (a principal turning
 * unused, a risky grant appearing with a new snapshot) are the next step, and will need the profile and snapshot
 * joined in the topology.
 */
public final class LeastPrivilegeOutputs {
    /** How many unused actions a report line names; the counts cover all of them. */
    static final int LISTED_ACTIONS = 50;
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LeastPrivilegeOutputs() {
    }

    /**
     * Writes the report lines and policies of a review under {@code out}.
     *
     * @param review the access review of the run (see {@link AccessReports#review})
     * @return the summary block
     */
    public static LeastPrivilegeSummary write(AccessReports review, Path out) throws IOException {
        RiskRanking ranking = RiskRanking.bundled();
        Counts counts = new Counts();
        Files.createDirectories(out);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("least-privilege.jsonl"), StandardCharsets.UTF_8)) {
            for (AccessReports.Entry entry : review.entries().values()) {
                LeastPrivilegeReport report = entry.report();
                String arn = report.principalArn();
                String name = arn.substring(arn.lastIndexOf('/') + 1);
                Path dir = out.resolve("policies").resolve(entry.accountId()).resolve(report.role() ? "role" : "user");
                Files.createDirectories(dir);
                Path policyFile = dir.resolve(name + ".json");
                PRETTY.writeValue(policyFile.toFile(), PRETTY.readTree(report.policy().json()));
                Files.writeString(dir.resolve(name + ".diff.txt"), report.policy().diffText(), StandardCharsets.UTF_8);
                w.write(Json.line(line(entry, ranking, out.relativize(policyFile))));
                w.newLine();
                counts.add(report, entry.granted());
            }
        }
        return counts.summary(review.newestEvent());
    }

    /**
     * One report as a JSON line: principal, lookback and confidence, findings (unused principal, keys, password, each
     * with its days observed and confidence), unused services, unused actions (counts by risk, the riskiest
     * {@value #LISTED_ACTIONS} named), not-observable counts, risky grants never used, denied actions explained (the
     * {@value #LISTED_ACTIONS} most frequently denied listed, see {@link #denied}), and the rightsized policy's file,
     * size and what it could not place.
     */
    static Map<String, Object> line(AccessReports.Entry entry, RiskRanking ranking, Path policyFile) {
        LeastPrivilegeReport r = entry.report();
        Granted granted = entry.granted();
        String account = entry.accountId();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("principal", r.principalArn());
        line.put("account", account);
        line.put("type", r.role() ? "role" : "user");
        line.put("lookback_start", r.lookbackStart());
        line.put("lookback_end", r.lookbackEnd());
        line.put("confidence", confidence(r.confidence()));
        line.put("profiles", entry.profiles());
        long evicted = entry.evictedActions();
        if (evicted > 0) {
            line.put("profile_evicted_actions", evicted);
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
        line.put("actions_used", r.policy().services().stream().mapToInt(s -> s.kept().size()).sum());
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
        line.put("denied", denied(entry.denied()));
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
     * Access-denied troubleshooting: how many actions were denied and how many calls, and per action (most frequently
     * denied first, at most {@value #LISTED_ACTIONS}) its count, last denial, resource when known, the snapshot's
     * decision with the statements responsible, the explanation, and the statement that would grant it.
     */
    static Map<String, Object> denied(List<DeniedAccess.Explanation> explanations) {
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
            return PRETTY.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    private static Map<String, Object> confidence(dev.trailstream.access.Confidence c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", lower(c.level().name()));
        m.put("days_observed", c.daysObserved());
        m.put("lookback_days", c.lookbackDays());
        return m;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The totals of {@link LeastPrivilegeSummary}, added report by report. */
    private static final class Counts {
        long principals;
        long unusedPrincipals;
        long admin;
        long granted;
        long used;

        void add(LeastPrivilegeReport r, Granted g) {
            principals++;
            if (r.findings().stream().anyMatch(f -> f.kind() == LeastPrivilegeReport.FindingKind.UNUSED_ROLE
                    || f.kind() == LeastPrivilegeReport.FindingKind.UNUSED_USER)) {
                unusedPrincipals++;
            }
            if (g.adminEquivalent()) {
                admin++;
            }
            granted += g.count();
            used += r.policy().services().stream().mapToInt(s -> s.kept().size()).sum();
        }

        LeastPrivilegeSummary summary(Instant newest) {
            return new LeastPrivilegeSummary(principals, unusedPrincipals, admin, granted, used, newest);
        }
    }

    /** Reads credential reports (CSV) and files each under the account its ARNs name; reports naming none are skipped. */
    public static Map<String, CredentialReport> credentialReports(Collection<Path> files) throws IOException {
        Map<String, CredentialReport> byAccount = new LinkedHashMap<>();
        for (Path file : files) {
            CredentialReport report = CredentialReport.parse(Files.readString(file, StandardCharsets.UTF_8));
            report.rows().stream().map(CredentialReport.Row::arn).filter(a -> a != null && a.split(":").length > 4)
                    .map(a -> a.split(":")[4]).filter(a -> !a.isEmpty()).findFirst()
                    .ifPresent(account -> byAccount.put(account, report));
        }
        return byAccount;
    }
}
