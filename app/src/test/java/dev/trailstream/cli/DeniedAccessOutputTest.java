package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.PolicyEvaluator;
import dev.trailstream.normalize.EventActions;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --once --iam FILE --out DIR} over a simulated organisation with background denials and the denied
 * scenarios: the {@code denied} block of every report line, checked against the denied calls counted in the raw log
 * files (independently of the pipeline) and against {@link PolicyEvaluator#explain} on the exported snapshot.
 */
class DeniedAccessOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();
    /** The error codes of a call refused for lack of permission, as AWS services spell them. */
    private static final Set<String> DENIED_CODES = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "Client.UnauthorizedOperation");

    @TempDir
    Path tmp;

    @Test
    void explainsEveryDeniedActionOfEveryPrincipalWithTheCountsOfTheLogsAndTheEvaluatorsDecision() throws IOException {
        Path sim = tmp.resolve("sim");
        Simulator.run(new SimulationSpec(2, 12, 2, 3_000, SimulationSpec.defaults().start(), 13,
                List.of("stolen-credentials", "iam-enumeration")), sim);
        Path logs = sim.resolve("AWSLogs");
        List<Path> exports = new ArrayList<>();
        try (Stream<Path> accounts = Files.list(sim.resolve("iam"))) {
            accounts.sorted().forEach(a -> exports.add(a.resolve("authorization-details.json")));
        }
        Path out = tmp.resolve("out");

        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--state-dir",
                tmp.resolve("state").toString(), "--once", "--out", out.toString(), "--partitions", "2",
                "--iam", String.join(",", exports.stream().map(Path::toString).toList()));

        assertThat(result.rc()).as(result.err()).isZero();
        Map<String, JsonNode> lines = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("least-privilege.jsonl"))) {
            JsonNode node = JSON.readTree(line);
            lines.put(node.path("principal").asText(), node);
        }
        Map<String, Map<String, Long>> deniedInLogs = deniedInLogs(logs);
        int withDenials = 0;
        long calls = 0;
        Map<String, Integer> byDecision = new TreeMap<>();
        for (Path export : exports) {
            IamSnapshot snapshot = IamSnapshot.read(export);
            for (String arn : snapshot.principalArns()) {
                JsonNode denied = lines.get(arn).path("denied");
                Map<String, Long> expected = deniedInLogs.getOrDefault(arn, Map.of());
                assertThat(denied.path("actions").asInt()).as(arn).isEqualTo(expected.size());
                assertThat(denied.path("calls").asLong()).as(arn)
                        .isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
                Map<String, Long> listed = new TreeMap<>();
                long previous = Long.MAX_VALUE;
                for (JsonNode d : denied.path("listed")) {
                    String action = d.path("action").asText();
                    long count = d.path("count").asLong();
                    listed.put(action, count);
                    assertThat(count).as("most frequent first, " + arn).isLessThanOrEqualTo(previous);
                    previous = count;
                    String resource = d.hasNonNull("resource") ? d.path("resource").asText() : null;
                    String decision = EVALUATOR.explain(snapshot, arn, action, resource).outcome().name()
                            .toLowerCase(Locale.ROOT);
                    assertThat(d.path("decision").asText()).as(action + " of " + arn).isEqualTo(decision);
                    assertThat(d.path("explanation").asText()).as(action + " of " + arn).isNotBlank();
                    if (decision.equals("implicit_deny")) {
                        assertThat(d.path("suggested_statement").path("Action").asText()).isEqualToIgnoringCase(action);
                        assertThat(d.path("explanation").asText()).startsWith("no policy allows ");
                    }
                    byDecision.merge(decision, 1, Integer::sum);
                }
                assertThat(listed).as(arn).hasSize(Math.min(expected.size(), 50));
                if (expected.size() <= 50) {
                    assertThat(listed).as(arn).isEqualTo(new TreeMap<>(expected));
                }
                withDenials += expected.isEmpty() ? 0 : 1;
                calls += denied.path("calls").asLong();
            }
        }
        assertThat(withDenials).as("principals of the snapshots denied something").isGreaterThanOrEqualTo(3);
        assertThat(byDecision).containsKey("implicit_deny");
        System.out.printf("denied access: %d of %d principals denied %d calls; listed actions by decision %s%n",
                withDenials, lines.size(), calls, byDecision);
    }

    /**
     * The denied calls of each IAM user and role per action, from the raw files: distinct events whose error code
     * says permission was lacking, by the caller's own ARN (the user's, or the role's from {@code sessionIssuer}).
     */
    private static Map<String, Map<String, Long>> deniedInLogs(Path logs) throws IOException {
        Map<String, Map<String, Long>> denied = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Path file : CloudTrailFolder.eventFiles(logs)) {
            for (JsonNode e : CloudTrailFolder.records(file)) {
                if (!DENIED_CODES.contains(e.path("errorCode").asText()) || !seen.add(e.path("eventID").asText())) {
                    continue;
                }
                String arn = CloudTrailFolder.callerArn(e);
                var action = EventActions.of(e.path("eventSource").asText(), e.path("eventName").asText(),
                        e.path("eventType").asText(null));
                if (arn != null && action.needsPermission()) {
                    denied.computeIfAbsent(arn, a -> new TreeMap<>()).merge(action.action(), 1L, Long::sum);
                }
            }
        }
        return denied;
    }
}
