package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --connect-tasks}: several connector tasks in the embedded worker share the prefixes, nothing twice. */
class ConnectTasksTest {
    @TempDir
    Path tmp;

    @Test
    void threeTasksWithoutLookBackReadEveryEventOfASimulatedOrganisationOnce() throws IOException {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 31);
        CloudTrailFolder expected = CloudTrailFolder.of(logs);

        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--connect-tasks", "3",
                "--lookback-minutes", "0", "--state-dir", tmp.resolve("state").toString(), "--once",
                "--out", tmp.resolve("out").toString(), "--partitions", "2");

        assertThat(result.rc()).as(result.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(tmp.resolve("out/summary.json").toFile());
        assertThat(summary.path("events_ingested").asLong()).isEqualTo(expected.events());
        assertThat(summary.path("events_duplicate").asLong()).isZero();
        assertThat(summary.path("events_unique").asLong()).isEqualTo(expected.eventIds().size());
        assertThat(summary.path("files_read").asLong()).isEqualTo(expected.eventFiles());
        assertThat(summary.path("files_skipped").asLong()).isEqualTo(expected.digestFiles());
    }
}
