package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.detect.RulePack;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code trailstream run --once} end to end on the embedded broker, Connect worker and Streams app. */
public class RunOnceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Result(int rc, String out, String err) {
    }

    /** A small simulated organisation whose only attack is root usage; returns the folder to read. */
    public static Path simulate(Path out, long seed) throws IOException {
        Simulator.run(new SimulationSpec(2, 12, 2, 3_000, SimulationSpec.defaults().start(), seed,
                List.of("root-usage")), out);
        return out.resolve("AWSLogs");
    }

    static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = TrailStreamCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(rc, out.toString(), err.toString());
    }

    @Test
    void accountsForEveryEventRaisesExactlyTheFindingsTheFilesCallForAndResumesWithoutRereading() throws IOException {
        Path logs = simulate(tmp.resolve("sim"), 7);
        CloudTrailFolder expected = CloudTrailFolder.of(logs);
        ExpectedFindings expectedFindings = ExpectedFindings.ofSimulated(logs);
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");

        Result first = run("run", "--source", logs.toString(), "--state-dir", state.toString(), "--once",
                "--out", out.toString(), "--partitions", "2");
        assertThat(first.rc()).as(first.err()).isZero();
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("events_ingested").asLong()).isEqualTo(expected.events());
        assertThat(summary.path("events_unique").asLong()).isEqualTo(expected.eventIds().size());
        assertThat(summary.path("events_duplicate").asLong()).isZero();
        assertThat(summary.path("events_rejected").asLong()).isZero();
        assertThat(summary.path("files_read").asLong()).isEqualTo(expected.eventFiles());
        assertThat(summary.path("files_rejected").asLong()).isZero();
        assertThat(summary.path("files_skipped").asLong()).isEqualTo(expected.digestFiles());
        assertThat(summary.path("principals").asLong()).isEqualTo(expected.principals().size());

        // The one attack is root usage: one root session, one finding holding every root event.
        assertThat(expectedFindings.byRule()).containsEntry(ExpectedFindings.ROOT_USAGE, 1L);
        assertThat(expectedFindings.eventIds(ExpectedFindings.ROOT_USAGE)).isEqualTo(expected.rootEventIds())
                .isNotEmpty();
        // The organisation's ordinary days raise findings too (sign-ins without MFA, developers reading secrets):
        // exactly those its files call for, each once.
        expectedFindings.assertSummary(summary, "first run");
        expectedFindings.assertFindingsFile(out.resolve("findings.jsonl"), "first run");
        List<String> findings = Files.readAllLines(out.resolve("findings.jsonl"));
        JsonNode root = findings.stream().map(RunOnceTest::json).filter(f -> f.path("finding_info").path("analytic")
                .path("uid").asText().equals(ExpectedFindings.ROOT_USAGE)).findFirst().orElseThrow();
        assertThat(root.path("actor").path("user").path("uid").asText()).matches("arn:aws:iam::\\d{12}:root")
                .isIn(expected.principals());
        assertThat(root.path("severity").asText()).isEqualTo("High");
        assertThat(root.path("attacks").path(0).path("sub_technique").path("uid").asText()).isEqualTo("T1078.004");
        assertThat(root.path("evidences")).isNotEmpty().allSatisfy(evidence -> assertThat(evidence.path("data")
                .path("userIdentity.type").asText()).isEqualTo("Root"));

        List<String> principals = Files.readAllLines(out.resolve("principals.jsonl"));
        assertThat(principals).hasSize(expected.principals().size());
        assertThat(first.out()).contains(String.format("findings   %,d: ", expectedFindings.groups().size()))
                .containsPattern("(?m)^ +1  trailstream\\.root-account-usage$");

        // Same state dir, same files: nothing is read twice and no finding is emitted again.
        Path out2 = tmp.resolve("out2");
        Result second = run("run", "--source", logs.toString(), "--state-dir", state.toString(), "--once",
                "--out", out2.toString(), "--partitions", "2");
        assertThat(second.rc()).as(second.err()).isZero();
        assertThat(JSON.readTree(out2.resolve("summary.json").toFile())).isEqualTo(summary);
        assertThat(Files.readAllLines(out2.resolve("findings.jsonl"))).isEqualTo(findings);

        // A new file arrives: only it is read.
        Path extra = simulate(tmp.resolve("extra"), 8);
        Path newFile;
        try (var walk = Files.walk(extra)) {
            newFile = walk.filter(p -> p.getFileName().toString().endsWith(".json.gz")
                    && !p.toString().contains("Digest")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        // It lands in the first account and region, which sorts before everything read after it: still read.
        Path firstRegion;
        try (var accounts = Files.list(logs)) {
            Path firstAccount = accounts.sorted().findFirst().orElseThrow();
            try (var regions = Files.list(firstAccount.resolve("CloudTrail"))) {
                firstRegion = regions.sorted().findFirst().orElseThrow();
            }
        }
        Path target = firstRegion.resolve("2026/12/01/late.json.gz");
        Files.createDirectories(target.getParent());
        Files.copy(newFile, target);
        int newEvents = CloudTrailFolder.records(target).size();
        Path out3 = tmp.resolve("out3");
        Result third = run("run", "--source", logs.toString(), "--state-dir", state.toString(), "--once",
                "--out", out3.toString(), "--partitions", "2");
        assertThat(third.rc()).as(third.err()).isZero();
        JsonNode summary3 = JSON.readTree(out3.resolve("summary.json").toFile());
        assertThat(summary3.path("files_read").asLong()).isEqualTo(expected.eventFiles() + 1);
        assertThat(summary3.path("events_ingested").asLong()).isEqualTo(expected.events() + newEvents);
        assertThat(summary3.path("events_duplicate").asLong()).isZero();
    }

    @Test
    void readsTheRealStratusDetonationsWithExactCounts() throws IOException {
        Path stratus = Path.of("..", "..", "shared", "data", "stratus-red-team", "docs", "detonation-logs");
        assumeTrue(Files.isDirectory(stratus), "../shared/data is absent");
        CloudTrailFolder expected = CloudTrailFolder.of(stratus);
        Path out = tmp.resolve("out");
        Result result = run("run", "--source", stratus.toString(), "--state-dir", tmp.resolve("state").toString(),
                "--once", "--out", out.toString(), "--partitions", "1");
        assertThat(result.rc()).as(result.err()).isZero();
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(expected.events()).isEqualTo(310);
        assertThat(summary.path("events_ingested").asLong()).isEqualTo(expected.events());
        assertThat(summary.path("events_unique").asLong()).isEqualTo(expected.eventIds().size());
        assertThat(summary.path("events_rejected").asLong()).isZero();
        assertThat(summary.path("files_read").asLong()).isEqualTo(expected.eventFiles()).isEqualTo(35);
        assertThat(summary.path("principals").asLong()).isEqualTo(expected.principals().size());
        assertThat(Files.readAllLines(out.resolve("principals.jsonl"))).hasSize(expected.principals().size());
        // The detonations raise findings of most rules (RULES.md: 21 of the 35 techniques have a counterpart), never
        // root usage: no detonation uses the root user. Each exactly once, with all its events.
        ExpectedFindings expectedFindings = ExpectedFindings.byRulePack(stratus, RulePack.builtIn());
        assertThat(expectedFindings.byRule()).doesNotContainKey(ExpectedFindings.ROOT_USAGE).hasSizeGreaterThan(10);
        expectedFindings.assertSummary(summary, "Stratus detonations");
        expectedFindings.assertFindingsFile(out.resolve("findings.jsonl"), "Stratus detonations");
    }
}
