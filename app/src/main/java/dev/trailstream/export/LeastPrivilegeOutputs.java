package dev.trailstream.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trailstream.access.CredentialReport;
import dev.trailstream.access.Granted;
import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.RiskRanking;
import dev.trailstream.iam.AccessReports;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.topology.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
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

    /** One report as a JSON line: see {@link LeastPrivilegeLine#of(AccessReports.Entry, RiskRanking, Path)}. */
    static Map<String, Object> line(AccessReports.Entry entry, RiskRanking ranking, Path policyFile) {
        return LeastPrivilegeLine.of(entry, ranking, policyFile);
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
