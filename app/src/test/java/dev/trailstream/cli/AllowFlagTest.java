package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code trailstream run --once --allow FILE} end to end on the embedded pipeline: the allow-list silences exactly the
 * findings it names, every other finding is raised as the files call for, and what was silenced is counted in
 * {@code summary.json}.
 */
class AllowFlagTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = ExpectedFindings.CONSOLE_LOGIN_WITHOUT_MFA;

    @TempDir
    Path tmp;

    @Test
    void silencesOneRuleForOnePrincipalRaisesEveryOtherFindingAndCountsWhatItSilenced() throws IOException {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 7);
        ExpectedFindings all = ExpectedFindings.ofSimulated(logs);
        // The simulated console user without MFA signs in every day: one finding a day, each of its sign-ins.
        Set<String> withoutMfa = new TreeSet<>();
        all.groups().keySet().stream().filter(key -> key.rule().equals(RULE))
                .forEach(key -> withoutMfa.add(key.principal()));
        assertThat(withoutMfa).isNotEmpty();
        String silenced = withoutMfa.iterator().next();

        Map<ExpectedFindings.Key, Set<String>> kept = new HashMap<>(all.groups());
        long silencedEvents = 0;
        for (var group : all.groups().entrySet()) {
            if (group.getKey().rule().equals(RULE) && group.getKey().principal().equals(silenced)) {
                kept.remove(group.getKey());
                silencedEvents += group.getValue().size();
            }
        }
        ExpectedFindings expected = new ExpectedFindings(kept);
        // Something is silenced, and something of the same rule or of others is still to be raised.
        assertThat(silencedEvents).isPositive();
        assertThat(expected.byRule()).containsKey(ExpectedFindings.ROOT_USAGE);

        Path allow = tmp.resolve("allow.yml");
        Files.writeString(allow, """
                allow:
                  - reason: "Break-glass user, MFA enforced by the identity provider in front of it"
                    principal: "%s"
                    rules: ["%s"]
                """.formatted(silenced, RULE));
        Path out = tmp.resolve("out");
        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--state-dir",
                tmp.resolve("state").toString(), "--once", "--out", out.toString(), "--partitions", "2",
                "--allow", allow.toString());
        assertThat(result.rc()).as(result.err()).isZero();
        assertThat(result.err()).contains("Allow-list: 1 entry from " + allow);

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        expected.assertSummary(summary, result.err());
        expected.assertFindingsFile(out.resolve("findings.jsonl"), result.err());
        assertThat(Files.readAllLines(out.resolve("findings.jsonl"))).noneMatch(line -> line.contains(silenced)
                && line.contains(RULE));

        // Each silenced sign-in counts once, under the rule it did not raise.
        assertThat(summary.path("findings_allowed").asLong()).isEqualTo(silencedEvents);
        Map<String, Long> byAnalytic = new TreeMap<>();
        summary.path("findings_allowed_by_analytic").fields()
                .forEachRemaining(entry -> byAnalytic.put(entry.getKey(), entry.getValue().asLong()));
        assertThat(byAnalytic).containsExactly(Map.entry(RULE, silencedEvents));
        assertThat(result.out()).contains(String.format("allowed    %,d matches silenced by the allow-list: %,d %s",
                silencedEvents, silencedEvents, RULE));
    }

    @Test
    void reportsNothingAllowedWithoutAnAllowList() throws IOException {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 7);
        Path out = tmp.resolve("out");
        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--state-dir",
                tmp.resolve("state").toString(), "--once", "--out", out.toString(), "--partitions", "1");
        assertThat(result.rc()).as(result.err()).isZero();

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        ExpectedFindings.ofSimulated(logs).assertSummary(summary, result.err());
        assertThat(summary.path("findings_allowed").isNumber()).isTrue();
        assertThat(summary.path("findings_allowed").asLong()).isZero();
        assertThat(summary.path("findings_allowed_by_analytic").isObject()).isTrue();
        assertThat(summary.path("findings_allowed_by_analytic").size()).isZero();
        assertThat(result.out()).doesNotContain("allowed ");
    }
}
