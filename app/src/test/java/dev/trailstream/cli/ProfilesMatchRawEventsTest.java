package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.normalize.Principals;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulated week, delivered twice as an organisation trail and an account trail deliver it, through
 * {@code run --once}: every copy is counted, the second copies are dropped as duplicates, and each principal's
 * profile in {@code principals.jsonl} agrees with what the raw files say about that principal.
 */
class ProfilesMatchRawEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void profilesOfASimulatedWeekFromTwoTrailsMatchTheRawEvents() throws IOException {
        Path sim = tmp.resolve("sim");
        Simulator.run(new SimulationSpec(2, 14, 7, 1_500, LocalDate.parse("2026-11-02"), 5, List.of()), sim);
        Path logs = sim.resolve("AWSLogs");
        Map<String, Expected> expected = expectedProfiles(logs);
        CloudTrailFolder accountTrail = CloudTrailFolder.of(logs);
        copyAsOrganisationTrail(logs, "o-exampleorg1");

        Path out = tmp.resolve("out");
        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(),
                "--state-dir", tmp.resolve("state").toString(), "--once", "--out", out.toString(),
                "--partitions", "2");

        assertThat(result.rc()).as(result.err()).isZero();
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("events_ingested").asLong()).isEqualTo(2L * accountTrail.events());
        assertThat(summary.path("events_unique").asLong()).isEqualTo(accountTrail.eventIds().size());
        assertThat(summary.path("events_duplicate").asLong()).isEqualTo(accountTrail.events());
        Map<String, JsonNode> profiles = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("principals.jsonl"))) {
            JsonNode p = JSON.readTree(line);
            profiles.put(p.path("principalId").asText(), p);
        }
        assertThat(profiles.keySet()).isEqualTo(expected.keySet());
        expected.forEach((id, want) -> {
            JsonNode got = profiles.get(id);
            assertThat(got.path("events").asLong()).as("events of %s", id).isEqualTo(want.events);
            assertThat(got.path("errors").asLong()).as("errors of %s", id).isEqualTo(want.errors);
            assertThat(Instant.parse(got.path("firstSeen").asText())).as(id).isEqualTo(want.first);
            assertThat(Instant.parse(got.path("lastSeen").asText())).as(id).isEqualTo(want.last);
            assertThat(names(got, "regions")).as("regions of %s", id).isEqualTo(want.regions);
            assertThat(names(got, "sourceIps")).as("source IPs of %s", id).isEqualTo(want.ips);
            assertThat(names(got, "accessKeys")).as("access keys of %s", id).isEqualTo(want.keys);
            // Actions are IAM actions, which several event names can share: never more than the event names.
            assertThat(got.path("actions").path("names").size()).as(id)
                    .isBetween(1, want.eventNames.size());
        });
    }

    private static Set<String> names(JsonNode profile, String dimension) {
        Set<String> names = new TreeSet<>();
        profile.path(dimension).path("names").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** What each principal did, read straight from the files with Jackson's tree model. */
    private static Map<String, Expected> expectedProfiles(Path logs) throws IOException {
        Map<String, Expected> byPrincipal = new HashMap<>();
        for (Path f : CloudTrailFolder.eventFiles(logs)) {
            for (JsonNode e : CloudTrailFolder.records(f)) {
                String id = Principals.resolve(e).orElseThrow().id();
                Expected x = byPrincipal.computeIfAbsent(id, k -> new Expected());
                Instant t = Instant.parse(e.path("eventTime").asText());
                x.events++;
                x.errors += e.hasNonNull("errorCode") ? 1 : 0;
                x.first = x.first == null || t.isBefore(x.first) ? t : x.first;
                x.last = x.last == null || t.isAfter(x.last) ? t : x.last;
                addText(x.regions, e.path("awsRegion"));
                addText(x.ips, e.path("sourceIPAddress"));
                addText(x.keys, e.path("userIdentity").path("accessKeyId"));
                x.eventNames.add(e.path("eventSource").asText() + ":" + e.path("eventName").asText());
            }
        }
        return byPrincipal;
    }

    private static void addText(Set<String> set, JsonNode value) {
        if (value.isTextual() && !value.asText().isEmpty()) {
            set.add(value.asText());
        }
    }

    /** {@code AWSLogs/<account>/...} again under {@code AWSLogs/<org>/<account>/...}, as an organisation trail writes. */
    private static void copyAsOrganisationTrail(Path logs, String org) throws IOException {
        for (Path f : CloudTrailFolder.eventFiles(logs)) {
            Path target = logs.resolve(org).resolve(logs.relativize(f));
            Files.createDirectories(target.getParent());
            Files.copy(f, target);
        }
    }

    private static final class Expected {
        long events;
        long errors;
        Instant first;
        Instant last;
        final Set<String> regions = new TreeSet<>();
        final Set<String> ips = new TreeSet<>();
        final Set<String> keys = new TreeSet<>();
        final Set<String> eventNames = new HashSet<>();
    }
}
