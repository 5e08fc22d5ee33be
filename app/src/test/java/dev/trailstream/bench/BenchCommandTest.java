package dev.trailstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.cli.CloudTrailFolder;
import dev.trailstream.cli.ExpectedFindings;
import dev.trailstream.cli.TrailStreamCli;
import dev.trailstream.cli.RunOnceTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark measures every stage over the same events; what it reports is checked, never its speed. */
class BenchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void measuresEveryStageOverTheSameEvents() throws Exception {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 3);
        CloudTrailFolder expected = CloudTrailFolder.of(logs);
        long events = expected.events();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = TrailStreamCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench",
                "--source", logs.toString(), "--work-dir", tmp.resolve("work").toString(),
                "--partitions", "2", "--live-files", "3");
        assertThat(rc).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("work/bench.json").toFile());
        assertThat(report.path("stages")).hasSize(5);
        report.path("stages").forEach(stage -> {
            assertThat(stage.path("events").asLong()).as(stage.path("name").asText()).isEqualTo(events);
            assertThat(stage.path("seconds").asDouble()).isPositive();
        });
        // Each finding is created by its first event and updated by each of the others: one record per matching
        // event, of every rule (the root session, sign-ins without MFA, secrets read by people).
        ExpectedFindings findings = ExpectedFindings.ofSimulated(logs);
        assertThat(findings.eventIds(ExpectedFindings.ROOT_USAGE)).isEqualTo(expected.rootEventIds()).isNotEmpty();
        assertThat(report.path("findingRecords").asLong()).isEqualTo(findings.events());
        assertThat(report.path("secondsToFirstFinding").asDouble()).isPositive();
        assertThat(report.path("latencyP99Ms").asLong()).isGreaterThanOrEqualTo(report.path("latencyP50Ms").asLong())
                .isNotNegative();
        assertThat(report.path("principals").asLong()).isEqualTo(expected.principals().size());
        assertThat(report.path("peakRssBytes").asLong()).isPositive();
        assertThat(out.toString()).contains("| gunzip + tokenize (floor) |");
        // Outside the replay: three files trickle into a watched folder, each opening one finding.
        JsonNode live = report.path("live");
        assertThat(live.path("files").asInt()).isEqualTo(3);
        assertThat(live.path("findings").asInt()).isEqualTo(3);
        assertThat(live.path("arrivalP50Ms").asLong()).isNotNegative();
        assertThat(live.path("arrivalMaxMs").asLong()).isGreaterThanOrEqualTo(live.path("arrivalP50Ms").asLong());
        assertThat(live.path("fileP50Ms").asLong()).as("a file is written before its events arrive")
                .isGreaterThanOrEqualTo(live.path("arrivalP50Ms").asLong());
        assertThat(out.toString()).contains("live (watch mode, 3 files");
    }
}
