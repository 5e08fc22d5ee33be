package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = TrailStreamCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(rc, out.toString(), err.toString());
    }

    @Test
    void accountsForEveryEventReportsRootUsageAndResumesWithoutRereading() throws IOException {
        Path logs = simulate(tmp.resolve("sim"), 7);
        CloudTrailFolder expected = CloudTrailFolder.of(logs);
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
        assertThat(summary.path("findings").asLong()).isEqualTo(1);
        assertThat(summary.path("findings_by_type").path("root-account-usage").asLong()).isEqualTo(1);

        List<String> findings = Files.readAllLines(out.resolve("findings.jsonl"));
        assertThat(findings).hasSize(1);
        JsonNode finding = JSON.readTree(findings.get(0));
        assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
        assertThat(finding.path("actor").path("user").path("uid").asText()).matches("arn:aws:iam::\\d{12}:root")
                .isIn(expected.principals());
        Set<String> related = new HashSet<>();
        finding.path("finding_info").path("related_events").forEach(e -> related.add(e.path("uid").asText()));
        assertThat(related).isEqualTo(expected.rootEventIds()).isNotEmpty();

        List<String> principals = Files.readAllLines(out.resolve("principals.jsonl"));
        assertThat(principals).hasSize(expected.principals().size());
        assertThat(first.out()).contains("findings   1 (root-account-usage: 1)");

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
        // No detonation uses the root user, and root usage is the only detection so far.
        assertThat(summary.path("findings").asLong()).isZero();
        assertThat(Files.readAllLines(out.resolve("principals.jsonl"))).hasSize(expected.principals().size());
    }
}
