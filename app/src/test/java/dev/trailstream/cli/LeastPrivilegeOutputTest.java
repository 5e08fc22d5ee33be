package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.access.Granted;
import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.PolicyDocument;
import dev.trailstream.access.PolicyEvaluator;
import dev.trailstream.simulate.IamFiles;
import dev.trailstream.normalize.EventActions;
import dev.trailstream.normalize.IamAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --once --iam FILE --out DIR} over a small simulated organisation: the least-privilege report of every
 * principal of the snapshots, checked against what the raw log files say each one did, read independently of the
 * pipeline and of how it matches profiles to principals.
 */
class LeastPrivilegeOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();

    @TempDir
    Path tmp;

    @Test
    void writesAReportAndARightsizedPolicyGrantingExactlyWhatEachPrincipalUsed() throws IOException {
        Path sim = tmp.resolve("sim");
        Path logs = RunOnceTest.simulate(sim, 11);
        IamFiles iam = IamFiles.in(sim);
        List<Path> exports = iam.exports();
        List<Path> reports = iam.credentialReports();
        assertThat(exports).hasSize(2).allSatisfy(f -> assertThat(f).isRegularFile());
        Path out = tmp.resolve("out");

        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--state-dir",
                tmp.resolve("state").toString(), "--once", "--out", out.toString(), "--partitions", "2",
                "--iam", join(exports), "--credential-report", join(reports));

        assertThat(result.rc()).as(result.err()).isZero();
        Map<String, JsonNode> lines = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("least-privilege.jsonl"))) {
            JsonNode node = JSON.readTree(line);
            assertThat(lines.put(node.path("principal").asText(), node)).as("one line per principal").isNull();
        }
        Map<String, Set<String>> used = usedInLogs(logs);

        List<String> truthUnused = new ArrayList<>();
        List<String> reportedUnused = new ArrayList<>();
        int principals = 0;
        int withUse = 0;
        long admins = 0;
        for (Path export : exports) {
            IamSnapshot snapshot = IamSnapshot.read(export);
            for (String arn : snapshot.principalArns()) {
                principals++;
                JsonNode line = lines.get(arn);
                assertThat(line).as("report line of " + arn).isNotNull();
                boolean role = snapshot.role(arn).isPresent();
                String name = arn.substring(arn.lastIndexOf('/') + 1);
                Path policyFile = out.resolve("policies").resolve(snapshot.accountId()).resolve(role ? "role" : "user")
                        .resolve(name + ".json");
                assertThat(policyFile).as(arn).isRegularFile();
                assertThat(policyFile.resolveSibling(name + ".diff.txt")).as(arn).isRegularFile();
                assertThat(out.resolve(line.path("rightsized_policy").path("file").asText())).isEqualTo(policyFile);

                // The rightsized policy, alone, grants what was used of the grant: no more, no less.
                String policy = Files.readString(policyFile);
                assertThat(PolicyDocument.parse(policy, policyFile.toString()).version()).isEqualTo("2012-10-17");
                Set<String> granted = lower(EVALUATOR.granted(snapshot, arn));
                Set<String> usedHere = used.getOrDefault(arn, Set.of());
                Set<String> expected = new TreeSet<>(usedHere);
                expected.retainAll(granted);
                assertThat(line.path("rightsized_policy").path("collapsed").asBoolean()).as(arn).isFalse();
                assertThat(lower(EVALUATOR.granted(alone(policy, snapshot.accountId()),
                        aloneArn(snapshot.accountId()))))
                        .as("rightsized policy of " + arn).isEqualTo(expected);
                assertThat(line.path("actions_used").asInt()).as(arn).isEqualTo(expected.size());
                assertThat(line.path("actions_granted").asInt()).as(arn).isEqualTo(granted.size());
                withUse += expected.isEmpty() ? 0 : 1;

                boolean unused = false;
                for (JsonNode f : line.path("findings")) {
                    String kind = f.path("kind").asText();
                    if (kind.equals("unused_role") || kind.equals("unused_user")) {
                        unused = true;
                        assertThat(f.path("days_observed").asLong()).isBetween(1L, 3L);
                        assertThat(f.path("confidence").asText()).isEqualTo("low");
                    }
                }
                if (unused) {
                    reportedUnused.add(arn);
                    // Whatever the simulator meant, a principal reported unused made no successful call.
                    assertThat(usedHere).as(arn).isEmpty();
                }
                if (name.startsWith("former-") || name.startsWith("legacy-migration-role")
                        || name.equals("svc-legacy-backup")) {
                    truthUnused.add(arn);
                }
                if (name.equals("OrganizationAccountAccessRole")) {
                    // AdministratorAccess, attached by the simulator.
                    assertThat(line.path("admin_access").asBoolean()).as(arn).isTrue();
                    assertThat(line.path("risky_grants").findValuesAsText("kind")).contains("admin_equivalent");
                }
                admins += line.path("admin_access").asBoolean() ? 1 : 0;
            }
        }
        assertThat(lines).hasSize(principals);
        assertThat(withUse).as("principals whose policy keeps something").isGreaterThan(principals / 3);
        assertThat(truthUnused).as("the simulator's unused users and roles").isNotEmpty();
        assertThat(reportedUnused).containsAll(truthUnused);

        long truePositives = reportedUnused.stream().filter(truthUnused::contains).count();
        System.out.printf("least privilege: %d principals, %d reported unused, %d unused by the simulator's"
                        + " archetypes: precision %.2f, recall %.2f; also reported unused: %s%n", principals,
                reportedUnused.size(), truthUnused.size(), (double) truePositives / reportedUnused.size(),
                (double) truePositives / truthUnused.size(),
                reportedUnused.stream().filter(a -> !truthUnused.contains(a)).toList());

        // The access review wrote the same verdicts to the findings topic, as IAM Analysis Findings.
        List<String> unusedFindings = new ArrayList<>();
        int accessFindings = 0;
        for (String line : Files.readAllLines(out.resolve("findings.jsonl"))) {
            JsonNode f = JSON.readTree(line);
            if (f.path("class_uid").asInt() != 2008) {
                continue;
            }
            accessFindings++;
            assertThat(f.path("activity_id").asInt()).as("one review: only creates").isEqualTo(1);
            String principal = f.path("resources").path(0).path("uid").asText();
            assertThat(lines).as("finding on a snapshot principal").containsKey(principal);
            String analytic = f.path("finding_info").path("analytic").path("uid").asText();
            if (analytic.equals("trailstream.access.unused-role") || analytic.equals("trailstream.access.unused-user")) {
                unusedFindings.add(principal);
                assertThat(f.path("confidence").asText()).isEqualTo("Low");
            }
        }
        assertThat(unusedFindings).containsExactlyInAnyOrderElementsOf(reportedUnused);
        assertThat(accessFindings).isGreaterThan(unusedFindings.size());

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile()).path("least_privilege");
        assertThat(summary.path("principals").asInt()).isEqualTo(principals);
        assertThat(summary.path("unused_principals").asInt()).isEqualTo(reportedUnused.size());
        assertThat(summary.path("admin_access").asLong()).isEqualTo(admins).isGreaterThanOrEqualTo(2);
        assertThat(summary.path("actions_used").asLong()).isPositive()
                .isLessThan(summary.path("actions_granted").asLong());
        assertThat(result.out()).contains(String.format("least privilege %d users and roles: %d unused", principals,
                reportedUnused.size())).contains("least-privilege.jsonl, policies/");
    }

    @Test
    void writesNoLeastPrivilegeOutputsWithoutSnapshots() throws IOException {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 12);
        Path out = tmp.resolve("out");

        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--state-dir",
                tmp.resolve("state").toString(), "--once", "--out", out.toString(), "--partitions", "1");

        assertThat(result.rc()).as(result.err()).isZero();
        assertThat(out.resolve("least-privilege.jsonl")).doesNotExist();
        assertThat(out.resolve("policies")).doesNotExist();
        assertThat(JSON.readTree(out.resolve("summary.json").toFile()).has("least_privilege")).isFalse();
    }

    private static String aloneArn(String account) {
        return "arn:aws:iam::" + account + ":user/rightsized";
    }

    /** A snapshot of one user whose only policy is {@code policy}, read by the project's own parser. */
    private static IamSnapshot alone(String policy, String account) {
        return IamSnapshot.parse("""
                {"UserDetailList": [{"UserName": "rightsized", "UserId": "AIDARIGHTSIZED", "Path": "/",
                  "Arn": "%s", "GroupList": [], "AttachedManagedPolicies": [],
                  "UserPolicyList": [{"PolicyName": "rightsized", "PolicyDocument": %s}]}],
                 "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
                """.formatted(aloneArn(account), policy), "rightsized.json", null);
    }

    private static Set<String> lower(Granted granted) {
        Set<String> actions = new TreeSet<>();
        for (IamAction a : granted.actions()) {
            actions.add(a.action().toLowerCase(Locale.ROOT));
        }
        return actions;
    }

    /**
     * The permissions each IAM user and role used, from the raw files: calls without an {@code errorCode} whose action
     * needs a permission, by the caller's own ARN (the user's, or the role that issued the session as CloudTrail
     * names it in {@code sessionIssuer}).
     */
    private static Map<String, Set<String>> usedInLogs(Path logs) throws IOException {
        Map<String, Set<String>> used = new HashMap<>();
        for (Path file : CloudTrailFolder.eventFiles(logs)) {
            for (JsonNode e : CloudTrailFolder.records(file)) {
                if (e.hasNonNull("errorCode")) {
                    continue;
                }
                String arn = CloudTrailFolder.callerArn(e);
                var action = EventActions.of(e.path("eventSource").asText(), e.path("eventName").asText(),
                        e.path("eventType").asText(null));
                if (arn != null && action.needsPermission()) {
                    used.computeIfAbsent(arn, a -> new TreeSet<>()).add(action.action().toLowerCase(Locale.ROOT));
                }
            }
        }
        return used;
    }

    private static String join(List<Path> files) {
        return String.join(",", files.stream().map(Path::toString).toList());
    }
}
