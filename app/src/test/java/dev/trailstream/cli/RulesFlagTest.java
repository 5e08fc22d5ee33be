package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.detect.RulePack;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.normalize.Principals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --rules DIR}: the user's rule files run beside the built-in pack and raise findings under their ids. */
class RulesFlagTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHOAMI = "team.caller-identity-checked";
    private static final String BUCKETS = "team.buckets-listed";

    @TempDir
    Path tmp;

    @Test
    void runsTheRulesOfEveryGivenFolderBesideTheBuiltInPackAndNamesThemInTheirFindings() throws IOException {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 11);
        // TrailStream's format, in a sub-folder: folders are read recursively.
        Path team = Files.createDirectories(tmp.resolve("team-rules/sts"));
        Files.writeString(team.resolve("whoami.yml"), """
                id: team.caller-identity-checked
                title: Caller identity checked by a person
                description: GetCallerIdentity by a person, the first thing anyone with new keys runs.
                severity: low
                attack:
                  - tactic: TA0007 Discovery
                    technique: T1033 System Owner/User Discovery
                detection:
                  selection:
                    eventSource: sts.amazonaws.com
                    eventName: GetCallerIdentity
                    trailstream.principalKind: human
                  condition: selection
                """);
        // A Sigma rule as Sigma writes it, in a second folder; other files there are not rules.
        Path sigma = Files.createDirectories(tmp.resolve("sigma-rules"));
        Files.writeString(sigma.resolve("buckets.yaml"), """
                title: Buckets listed
                id: team.buckets-listed
                status: experimental
                logsource:
                  product: aws
                  service: cloudtrail
                level: informational
                tags:
                  - attack.discovery
                  - attack.t1619
                detection:
                  selection:
                    eventSource: s3.amazonaws.com
                    eventName: ListBuckets
                  condition: selection
                falsepositives:
                  - everyone, all day
                """);
        Files.writeString(sigma.resolve("README.txt"), "not a rule");

        // What the files call for: the built-in rules' findings and the two rules', re-stated as predicates.
        Map<String, Predicate<JsonNode>> rules = new HashMap<>(ExpectedFindings.SIMULATED_BUILT_IN);
        rules.put(WHOAMI, e -> e.path("eventSource").asText().equals("sts.amazonaws.com")
                && e.path("eventName").asText().equals("GetCallerIdentity")
                && Principals.resolve(e).map(Principal::kind).orElseThrow() == PrincipalKind.HUMAN);
        rules.put(BUCKETS, e -> e.path("eventSource").asText().equals("s3.amazonaws.com")
                && e.path("eventName").asText().equals("ListBuckets"));
        ExpectedFindings expected = ExpectedFindings.matching(logs, rules);
        assertThat(expected.byRule()).containsKeys(WHOAMI, BUCKETS, ExpectedFindings.ROOT_USAGE);

        Path out = tmp.resolve("out");
        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--state-dir",
                tmp.resolve("state").toString(), "--once", "--out", out.toString(), "--partitions", "2",
                "--rules", tmp.resolve("team-rules").toString(), "--rules", sigma.toString());
        assertThat(result.rc()).as(result.err()).isZero();
        int builtIn = RulePack.builtIn().rules().size();
        assertThat(result.err()).contains("Detection rules: " + builtIn + " built-in, 2 from "
                + tmp.resolve("team-rules") + ", " + sigma);

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        expected.assertSummary(summary, result.err());
        expected.assertFindingsFile(out.resolve("findings.jsonl"), result.err());
        assertThat(result.out()).containsPattern("(?m)^ +[0-9,]+  team\\.caller-identity-checked$");

        List<JsonNode> whoami = Files.readAllLines(out.resolve("findings.jsonl")).stream().map(RunOnceTest::json)
                .filter(f -> f.path("finding_info").path("analytic").path("uid").asText().equals(WHOAMI)).toList();
        assertThat(whoami).hasSize(expected.byRule().get(WHOAMI).intValue()).allSatisfy(finding -> {
            JsonNode info = finding.path("finding_info");
            assertThat(info.path("analytic").path("name").asText()).isEqualTo("Caller identity checked by a person");
            assertThat(info.path("analytic").path("type").asText()).isEqualTo("Rule");
            assertThat(info.path("title").asText()).isEqualTo("Caller identity checked by a person");
            // A rule id without TrailStream's prefix is its own type.
            assertThat(info.path("types").path(0).asText()).isEqualTo(WHOAMI);
            assertThat(finding.path("severity").asText()).isEqualTo("Low");
            assertThat(finding.path("attacks").path(0).path("tactic").path("uid").asText()).isEqualTo("TA0007");
            assertThat(finding.path("attacks").path(0).path("technique").path("uid").asText()).isEqualTo("T1033");
            assertThat(finding.path("evidences")).isNotEmpty().allSatisfy(evidence -> {
                assertThat(evidence.path("api").path("operation").asText()).isEqualTo("GetCallerIdentity");
                assertThat(evidence.path("data").path("eventName").asText()).isEqualTo("GetCallerIdentity");
                assertThat(evidence.path("data").path("trailstream.principalKind").asText()).isEqualTo("human");
            });
        });
        JsonNode buckets = Files.readAllLines(out.resolve("findings.jsonl")).stream().map(RunOnceTest::json)
                .filter(f -> f.path("finding_info").path("analytic").path("uid").asText().equals(BUCKETS))
                .findFirst().orElseThrow();
        assertThat(buckets.path("severity").asText()).isEqualTo("Informational");
        assertThat(buckets.path("attacks").path(0).path("technique").path("uid").asText()).isEqualTo("T1619");
    }
}
