package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.runtime.Ports;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged {@code trailstream run}, killed with SIGKILL while it reads (twice, or {@code -Dcrash.kills=N} times),
 * at points drawn from a seeded random (printed; {@code -Dcrash.seed=N} repeats a run), then run to completion: every
 * event is ingested exactly once, no redelivery reaches the topology, and no finding is created twice on the findings
 * topic.
 *
 * <p>It caught a real bug: the connector built its source partitions with {@code Map.of}, whose iteration order is
 * salted per JVM, so a restarted worker looked its offsets up under differently serialised keys and read most files
 * again. Restarts in the same JVM (the other tests) could not see it.
 */
class CrashRestartIT {
    private static final Path JAR = Path.of(System.getProperty("trailstream.jar", "target/trailstream.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONSUMED = Pattern.compile(
            "(?m)^trailstream_pipeline_events\\{[^}]*outcome=\"consumed\"[^}]*} ([0-9.E]+)$");
    private static final Duration START_WAIT = Duration.ofSeconds(180);
    private static final Duration PROGRESS_WAIT = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void survivesKillDashNineMidRunWithEveryEventExactlyOnce() throws Exception {
        Path sim = tmp.resolve("sim");
        Simulator.run(new SimulationSpec(3, 20, 2, 60_000, SimulationSpec.defaults().start(), 5,
                List.of("root-usage")), sim);
        Path logs = sim.resolve("AWSLogs");
        CloudTrailFolder expected = CloudTrailFolder.of(logs);
        assertThat(expected.events()).as("simulated events").isGreaterThan(50_000);
        Path state = tmp.resolve("state");

        // Kill points: fractions of the input, in order (the consumed count survives restarts). A point below what
        // an earlier cycle reached kills the restarted run as soon as it consumes again, mid-recovery. Two kills in
        // CI: each costs 40-80 s on two busy cores (restart, session timeouts, restoring the changelogs).
        long seed = Long.getLong("crash.seed", System.nanoTime());
        int kills = Integer.getInteger("crash.kills", 2);
        System.out.println("CrashRestartIT seed " + seed + ", " + kills + " kills (-Dcrash.seed=" + seed
                + " -Dcrash.kills=" + kills + " repeats these kill points)");
        Random random = new Random(seed);
        long[] killPoints = random.doubles(kills, 0.05, 0.8).sorted()
                .mapToLong(fraction -> (long) (fraction * expected.events())).toArray();
        List<String> measured = new ArrayList<>();
        measured.add("seed " + seed);
        for (int cycle = 1; cycle <= killPoints.length; cycle++) {
            measured.add(crashCycle(cycle, logs, state, killPoints[cycle - 1]));
        }

        Path out = tmp.resolve("out");
        Path stdout = tmp.resolve("final.stdout.txt");
        Path stderr = tmp.resolve("final.stderr.txt");
        Process last = new ProcessBuilder("java", "-Xmx768m", "-jar", JAR.toString(), "run",
                "--source", logs.toString(), "--state-dir", state.toString(), "--once",
                "--out", out.toString(), "--partitions", "2")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertThat(last.waitFor(600, TimeUnit.SECONDS))
                    .as(() -> "final --once run finished within 600 s; " + tails(stdout, stderr)).isTrue();
        } finally {
            kill(last);
        }
        String context = "crash cycles: " + measured + "; expected " + expected.events() + " events, "
                + expected.eventIds().size() + " eventIDs, " + expected.eventFiles() + " files; " + tails(stdout, stderr);
        assertThat(last.exitValue()).as(context).isZero();

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        String withSummary = context + "; summary: " + summary;
        assertThat(summary.path("events_ingested").asLong()).as(withSummary).isEqualTo(expected.events());
        assertThat(summary.path("events_duplicate").asLong()).as(withSummary).isZero();
        assertThat(summary.path("events_unique").asLong()).as(withSummary).isEqualTo(expected.eventIds().size());
        assertThat(summary.path("files_read").asLong()).as(withSummary).isEqualTo(expected.eventFiles());
        // Every finding the files call for, once, under its stable uid, counting every one of its events: a
        // redelivered event would count twice, a lost one not at all.
        ExpectedFindings expectedFindings = ExpectedFindings.ofSimulated(logs);
        assertThat(expectedFindings.eventIds(ExpectedFindings.ROOT_USAGE)).as(withSummary)
                .isEqualTo(expected.rootEventIds()).isNotEmpty();
        assertThat(expectedFindings.byRule()).as(withSummary).containsEntry(ExpectedFindings.ROOT_USAGE, 1L);
        expectedFindings.assertSummary(summary, withSummary);
        expectedFindings.assertFindingsFile(out.resolve("findings.jsonl"), withSummary);

        // What a SIEM following the topic saw: each finding created once, through every crash.
        try (EmbeddedBroker broker = EmbeddedBroker.start(state.resolve("kafka"), Ports.free(), Ports.free())) {
            FindingsTopicHistory history = FindingsTopicHistory.read(broker.bootstrapServers());
            history.assertEachFindingCreatedOnceAndNeverRepeated(withSummary);
            assertThat(history.uids()).as(withSummary)
                    .containsExactlyInAnyOrderElementsOf(expectedFindings.groups().keySet().stream()
                            .map(ExpectedFindings.Key::uid).toList());
            System.out.println("CrashRestartIT " + measured + "; findings topic: " + history.records()
                    + " records of " + history.uids().size() + " findings");
        }
    }

    /** Starts a watching run, waits until it has consumed more than {@code threshold} events, and SIGKILLs it. */
    private String crashCycle(int cycle, Path logs, Path state, long threshold) throws Exception {
        int port = Ports.free();
        Path stdout = tmp.resolve("crash" + cycle + ".stdout.txt");
        Path stderr = tmp.resolve("crash" + cycle + ".stderr.txt");
        Process process = new ProcessBuilder("java", "-Xmx768m", "-jar", JAR.toString(), "run",
                "--source", logs.toString(), "--state-dir", state.toString(),
                "--http-port", String.valueOf(port), "--partitions", "2")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        String metrics = "http://127.0.0.1:" + port + "/metrics";
        double consumed;
        try {
            // Really reading: the topology has consumed something.
            consumed = awaitConsumed(process, metrics, 0, START_WAIT);
            assertThat(consumed).as(() -> "cycle " + cycle + ": events consumed within " + START_WAIT + " of start; "
                    + tails(stdout, stderr)).isGreaterThan(0);
            // Then further in, but kill anyway after the wait (or if the process finished early).
            consumed = Math.max(consumed, awaitConsumed(process, metrics, threshold, PROGRESS_WAIT));
            assertThat(process.isAlive()).as(() -> "cycle " + cycle + ": still running before the kill; "
                    + tails(stdout, stderr)).isTrue();
        } finally {
            kill(process);
        }
        return "cycle " + cycle + " killed at consumed=" + (long) consumed + " (target >" + threshold + ")";
    }

    /** Polls until consumed > threshold, the process ends or the wait runs out; returns the last value seen. */
    private double awaitConsumed(Process process, String url, long threshold, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        double best = -1;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    Matcher m = CONSUMED.matcher(response.body());
                    if (m.find()) {
                        best = Math.max(best, Double.parseDouble(m.group(1)));
                        if (best > threshold) {
                            return best;
                        }
                    }
                }
            } catch (IOException notUpYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return best;
    }

    private static void kill(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly(); // SIGKILL: kill -9
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits within 30 s of SIGKILL").isTrue();
        }
    }

    /** The last lines of a process's output, for a failed assertion's message. */
    static String tails(Path stdout, Path stderr) {
        return "stdout tail:\n" + tail(stdout) + "\nstderr tail:\n" + tail(stderr);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }
}
