package dev.trailstream.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trailstream.access.CredentialReport;
import dev.trailstream.access.Granted;
import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.IamSnapshotRecord;
import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.Observability;
import dev.trailstream.access.PolicyEvaluator;
import dev.trailstream.access.RiskRanking;
import dev.trailstream.iam.ProfileUsage;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.topology.Json;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LeastPrivilegeOutputs() {
    }

    /**
     * Writes the report lines and policies under {@code out}.
     *
     * @param profiles    every profile of the store; closed here
     * @param snapshots   the latest snapshot of every account, by account id
     * @param credentials credential reports by account id; an account without one gets no key or password findings
     * @return the summary block, or empty when no event was seen (no end for the lookback)
     */
    public static Optional<LeastPrivilegeSummary> write(KeyValueIterator<String, PrincipalProfile> profiles,
                                                        Map<String, IamSnapshotRecord> snapshots,
                                                        Map<String, CredentialReport> credentials, Path out)
            throws IOException {
        Map<String, IamSnapshot> parsed = new LinkedHashMap<>();
        ProfileUsage usage;
        try (profiles) {
            List<String> arns = new ArrayList<>();
            snapshots.forEach((account, record) -> {
                IamSnapshot snapshot = record.snapshot();
                parsed.put(account, snapshot);
                arns.addAll(snapshot.principalArns());
            });
            usage = new ProfileUsage(arns);
            // Streamed: only the snapshot principals' use is kept, never every profile.
            profiles.forEachRemaining(kv -> usage.add(kv.value));
        }
        Optional<Instant> newest = usage.newestEvent();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        PolicyEvaluator evaluator = new PolicyEvaluator();
        Observability observability = Observability.bundled();
        RiskRanking ranking = RiskRanking.bundled();
        Counts counts = new Counts();
        Files.createDirectories(out);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("least-privilege.jsonl"), StandardCharsets.UTF_8)) {
            for (Map.Entry<String, IamSnapshot> e : parsed.entrySet()) {
                String account = e.getKey();
                IamSnapshot snapshot = e.getValue();
                for (String arn : snapshot.principalArns()) {
                    Granted granted = evaluator.granted(snapshot, arn);
                    LeastPrivilegeReport report = LeastPrivilegeReport.of(snapshot, granted,
                            usage.used(arn, account, newest.get()), credentials.get(account), observability);
                    boolean role = report.role();
                    String name = arn.substring(arn.lastIndexOf('/') + 1);
                    Path dir = out.resolve("policies").resolve(account).resolve(role ? "role" : "user");
                    Files.createDirectories(dir);
                    Path policyFile = dir.resolve(name + ".json");
                    PRETTY.writeValue(policyFile.toFile(), PRETTY.readTree(report.policy().json()));
                    Files.writeString(dir.resolve(name + ".diff.txt"), report.policy().diffText(),
                            StandardCharsets.UTF_8);
                    w.write(Json.line(line(account, report, granted, usage, ranking, out.relativize(policyFile))));
                    w.newLine();
                    counts.add(report, granted);
                }
            }
        }
        return Optional.of(counts.summary(newest.get()));
    }

    /** One report as a JSON line: see {@link LeastPrivilegeLine#of}. */
    static Map<String, Object> line(String account, LeastPrivilegeReport r, Granted granted, ProfileUsage usage,
                                    RiskRanking ranking, Path policyFile) {
        return LeastPrivilegeLine.of(account, r, granted, usage.profiles(r.principalArn()),
                usage.evictedActions(r.principalArn()), ranking, policyFile);
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
