package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.runtime.Ports;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a broker the test owns ({@code --bootstrap-servers}), one {@code trailstream run} watches a folder while
 * everything that can move under it does. A second instance of the same application ({@code --no-connect}) joins
 * mid-run; the first, which runs the connector and every task, is killed with SIGKILL, so that all partitions and
 * their state move to the second; the first starts again and its connector reads the rest. At the end every event is
 * counted once, every finding the files call for is there once, and the findings topic created each finding exactly
 * once. Then the first instance's state dir is deleted and a {@code --once} run rebuilds the same profiles and
 * counts from the changelogs. All of it with the broker stopped for five seconds mid-run as well.
 */
class BrokerRestartRebalanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLICATION = "reliability";
    private static final Duration START_WAIT = Duration.ofSeconds(180);
    private static final Duration FINISH_WAIT = Duration.ofSeconds(300);

    // Kept when a test fails: each instance's stdout and stderr are the evidence.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private int brokerPort;
    private final List<RunProcess> processes = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    /**
     * The scenario below without the broker restart: a subset of it, so off by default
     * ({@code -Dreliability.rebalance=true} runs it), to tell a rebalance problem from a broker-restart one.
     */
    @Test
    @EnabledIfSystemProperty(named = "reliability.rebalance", matches = "true")
    void countsEveryEventOnceAndCreatesEachFindingOnceThroughARebalanceAKilledInstanceAndALostStateDir()
            throws Exception {
        scenario(false);
    }

    /**
     * The whole scenario, with the broker stopped for five seconds mid-run. It used to fail about one run in three:
     * the instance restarted after its SIGKILL exited at start-up with a bare {@code TimeoutException}. Its Connect
     * worker reads the offsets topic read-committed before it accepts the connector, and the killed task had left a
     * transaction open there; the coordinator aborts such an orphan only after the producer's transaction timeout,
     * 60 s by default, the same as start-up allowed. Task transactions now time out after 20 s and start-up allows
     * 120 s ({@code ConnectWorker}).
     */
    @Test
    void countsEveryEventOnceAndCreatesEachFindingOnceThroughABrokerRestartARebalanceAKilledInstanceAndALostStateDir()
            throws Exception {
        scenario(true);
    }

    private void scenario(boolean restartBroker) throws Exception {
        Path sim = tmp.resolve("sim");
        Simulator.run(new SimulationSpec(3, 20, 2, 40_000, SimulationSpec.defaults().start(), 9,
                List.of("root-usage")), sim);
        Path staged = sim.resolve("AWSLogs");
        CloudTrailFolder expected = CloudTrailFolder.of(staged);
        ExpectedFindings expectedFindings = ExpectedFindings.ofSimulated(staged);
        // The watched folder gets the first day now and the second once b has joined: a is killed while its
        // connector reads new files, and b, holding every task by then, processes what a reads after its restart.
        Path logs = tmp.resolve("watched").resolve("AWSLogs");
        List<Path> files;
        try (Stream<Path> all = Files.walk(staged)) {
            files = all.filter(Files::isRegularFile).sorted().toList();
        }
        String firstDay = files.stream().map(f -> day(staged.relativize(f))).filter(d -> !d.isEmpty())
                .min(Comparator.naturalOrder()).orElseThrow();
        List<Path> dayOne = files.stream().filter(f -> day(staged.relativize(f)).compareTo(firstDay) <= 0).toList();
        Set<Path> first = Set.copyOf(dayOne);
        List<Path> rest = files.stream().filter(f -> !first.contains(f)).toList();
        long dayOneEvents = CloudTrailFolder.eventFiles(staged).stream().filter(first::contains)
                .mapToLong(f -> CloudTrailFolder.records(f).size()).sum();
        assertThat(rest).as("files after the first day").isNotEmpty();

        Path kafka = tmp.resolve("kafka");
        brokerPort = Ports.free();
        int controllerPort = Ports.free();
        EmbeddedBroker broker = EmbeddedBroker.start(kafka, brokerPort, controllerPort);
        try {
            move(dayOne, staged, logs);
            RunProcess a = start("a", List.of("--source", logs.toString()));
            double atStop = a.awaitConsumedAbove(dayOneEvents / 3.0, START_WAIT);
            assertThat(atStop).as(() -> "a consumed part of day one; " + a.tails()).isGreaterThan(0);
            assertThat(a.isAlive()).as(a::tails).isTrue();

            if (restartBroker) {
                broker.close();
                broker = null;
                Thread.sleep(5_000);
                broker = EmbeddedBroker.start(kafka, brokerPort, controllerPort);
                log.add("broker stopped at consumed=" + (long) atStop + " for 5 s");
            }

            // b joins while a reads: Streams gives a newcomer only warm-up copies until a probing rebalance (ten
            // minutes), so it is the SIGKILL of a, below, that moves every partition and its state to b.
            RunProcess b = start("b", List.of("--no-connect"));
            awaitRunning(b);
            assertThat(a.isAlive()).as(() -> "a still runs; " + a.tails()).isTrue();
            move(rest, staged, logs);
            double aBeforeKill = a.awaitConsumedAbove(dayOneEvents, Duration.ofSeconds(60));
            a.kill();
            log.add("b joined; a (connector and all tasks) killed at consumed=" + (long) aBeforeKill);

            // a again, on its state dir: the connector resumes; the tasks now live on b, which processes the rest.
            RunProcess again = start("a", "a-again", List.of("--source", logs.toString()));
            double all = awaitTotal(List.of(again, b), expected.events(), FINISH_WAIT);
            log.add("a restarted; both instances at consumed=" + (long) all + " (b " + b.consumed() + ")");
            assertThat(all).as(() -> context(expected) + again.tails() + b.tails()).isEqualTo(expected.events());
            again.stop();
            b.stop();

            Path out = tmp.resolve("out");
            JsonNode summary = once("final", tmp.resolve("state-a"), out);
            String withSummary = context(expected) + "; summary: " + summary;
            assertThat(summary.path("events_ingested").asLong()).as(withSummary).isEqualTo(expected.events());
            assertThat(summary.path("events_duplicate").asLong()).as(withSummary).isZero();
            assertThat(summary.path("events_rejected").asLong()).as(withSummary).isZero();
            assertThat(summary.path("events_unique").asLong()).as(withSummary).isEqualTo(expected.eventIds().size());
            assertThat(summary.path("files_read").asLong()).as(withSummary).isEqualTo(expected.eventFiles());
            assertThat(summary.path("principals").asLong()).as(withSummary).isEqualTo(expected.principals().size());
            expectedFindings.assertSummary(summary, withSummary);
            expectedFindings.assertFindingsFile(out.resolve("findings.jsonl"), withSummary);

            // A lost state dir: everything local is gone; the changelogs and the connector's offsets are in Kafka.
            deleteRecursively(tmp.resolve("state-a"));
            Path rebuiltOut = tmp.resolve("rebuilt");
            JsonNode rebuilt = once("rebuilt", tmp.resolve("state-a"), rebuiltOut);
            assertThat(rebuilt).as("summary rebuilt from the changelogs; " + withSummary).isEqualTo(summary);
            assertThat(lines(rebuiltOut.resolve("principals.jsonl"))).as("profiles rebuilt from the changelogs")
                    .isEqualTo(lines(out.resolve("principals.jsonl")));
            assertThat(lines(rebuiltOut.resolve("findings.jsonl"))).as("findings after the rebuild")
                    .isEqualTo(lines(out.resolve("findings.jsonl")));

            FindingsTopicHistory history = FindingsTopicHistory.read(broker.bootstrapServers());
            history.assertEachFindingCreatedOnceAndNeverRepeated(withSummary);
            assertThat(history.uids()).as(withSummary).containsExactlyInAnyOrderElementsOf(
                    expectedFindings.groups().keySet().stream().map(ExpectedFindings.Key::uid).toList());
            System.out.println("BrokerRestartRebalanceIT " + log + "; findings topic: " + history.records()
                    + " records of " + history.uids().size() + " findings");
        } finally {
            for (RunProcess process : processes) {
                process.kill();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    private RunProcess start(String name, List<String> extra) throws IOException {
        return start(name, name, extra);
    }

    /** An instance on {@code state-<instance>}, its output in {@code <name>.std{out,err}.txt}. */
    private RunProcess start(String instance, String name, List<String> extra) throws IOException {
        int port = Ports.free();
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", brokerAddress(),
                "--application-id", APPLICATION, "--state-dir", tmp.resolve("state-" + instance).toString(),
                "--http-port", String.valueOf(port), "--partitions", "4"));
        args.addAll(extra);
        if (Boolean.getBoolean("reliability.verbose")) {
            args.add("--verbose");
        }
        RunProcess process = RunProcess.start(name, tmp, "640m", port, args);
        processes.add(process);
        return process;
    }

    /** The broker's address, the same across its restart (same ports). */
    private String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    /** A {@code --once} run of the same application on {@code state}: nothing new to read; its summary. */
    private JsonNode once(String name, Path state, Path out) throws Exception {
        RunProcess run = RunProcess.start(name, tmp, "640m", -1, List.of("run", "--bootstrap-servers",
                brokerAddress(), "--application-id", APPLICATION, "--state-dir", state.toString(),
                "--source", tmp.resolve("watched").resolve("AWSLogs").toString(), "--once", "--out", out.toString(),
                "--partitions", "4"));
        processes.add(run);
        long started = System.nanoTime();
        assertThat(run.awaitExit(FINISH_WAIT)).as(run::tails).isZero();
        log.add(name + " --once took " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        return JSON.readTree(out.resolve("summary.json").toFile());
    }

    /** Polls until the instance's Streams application is RUNNING (tasks or none). */
    private static void awaitRunning(RunProcess process) throws InterruptedException {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (process.get("/metrics").orElse("").matches("(?s).*\\ntrailstream_streams_running\\{[^}]*} 1\\.0.*")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not RUNNING within " + START_WAIT + "; " + process.tails());
    }

    /**
     * Polls until the instances' consumed counts (each its tasks' part of the pipeline-stats store) add up to
     * {@code target}, or the wait runs out; the last sum seen.
     */
    private static double awaitTotal(List<RunProcess> instances, long target, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        double sum = -1;
        while (System.nanoTime() < deadline) {
            sum = 0;
            for (RunProcess instance : instances) {
                sum += instance.consumed().orElse(0);
            }
            // Equal, not at least: more would be an event counted twice (or a gauge left behind by a moved task).
            if (sum == target) {
                return sum;
            }
            Thread.sleep(500);
        }
        return sum;
    }

    private String context(CloudTrailFolder expected) {
        return "steps: " + log + "; expected " + expected.events() + " events, " + expected.eventIds().size()
                + " eventIDs, " + expected.eventFiles() + " files; ";
    }

    /** {@code YYYY/MM/DD} of a CloudTrail key {@code <account>/CloudTrail[-Digest]/<region>/YYYY/MM/DD/file}. */
    private static String day(Path relative) {
        int n = relative.getNameCount();
        return n < 4 ? "" : relative.subpath(n - 4, n - 1).toString();
    }

    /** Moves files into the watched folder, each appearing whole (a rename), in key order. */
    private static void move(List<Path> files, Path from, Path to) throws IOException {
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.move(file, target);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().sorted().toList();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
