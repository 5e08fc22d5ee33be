package dev.trailstream.cli;

import dev.trailstream.runtime.Ports;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The packaged {@code trailstream} as a user runs it: a long-running {@code run}, and the launcher script. */
class WatchModeIT {
    private static final Path JAR = Path.of(System.getProperty("trailstream.jar", "target/trailstream.jar"));
    private static final Pattern UNIQUE = Pattern.compile(
            "(?m)^trailstream_pipeline_events\\{[^}]*outcome=\"unique\"[^}]*} ([0-9.E]+)$");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void servesMetricsAndHealthPicksUpNewFilesAndStopsCleanlyOnSigterm() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Files.writeString(logs.resolve("a.json"), "[" + String.join(",",
                BadInputTest.event("w-1", "IAMUser", "2026-11-02T10:00:00Z"),
                BadInputTest.event("w-2", "IAMUser", "2026-11-02T10:01:00Z"),
                BadInputTest.event("w-3", "Root", "2026-11-02T10:02:00Z")) + "]");
        int port = Ports.free();
        Path stderr = tmp.resolve("stderr.txt");
        Process process = new ProcessBuilder("java", "-Xmx768m", "-jar", JAR.toString(), "run",
                "--source", logs.toString(), "--state-dir", tmp.resolve("state").toString(),
                "--http-port", String.valueOf(port), "--partitions", "1")
                .redirectError(stderr.toFile()).redirectOutput(tmp.resolve("stdout.txt").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitBody(base + "/health", body -> body.contains("\"UP\""), Duration.ofSeconds(120), stderr);
            String metrics = awaitBody(base + "/metrics", body -> unique(body) == 3, Duration.ofSeconds(60), stderr);
            assertThat(metrics).contains("kafka_stream_").contains("jvm_memory_used_bytes");

            Files.writeString(logs.resolve("b.json"), "[" + String.join(",",
                    BadInputTest.event("w-4", "IAMUser", "2026-11-02T11:00:00Z"),
                    BadInputTest.event("w-5", "IAMUser", "2026-11-02T11:01:00Z")) + "]");
            awaitBody(base + "/metrics", body -> unique(body) == 5, Duration.ofSeconds(90), stderr);
            // The connector's own meters, and the gauges recomputed from the stores every few seconds.
            String later = awaitBody(base + "/metrics", body -> value(body, "trailstream_connector_events_total") == 5
                    && value(body, "trailstream_events\\{[^}]*kind=\"human\"[^}]*outcome=\"success\"") == 4
                    && value(body, "trailstream_principal_top_events\\{[^}]*rank=\"1\"") == 4,
                    Duration.ofSeconds(60), stderr);
            assertThat(value(later, "trailstream_events\\{[^}]*kind=\"root\"[^}]*outcome=\"success\"")).isEqualTo(1);
            assertThat(value(later, "trailstream_connector_objects_total\\{[^}]*status=\"read\"")).isEqualTo(2);

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        } finally {
            process.destroy(); // SIGTERM, as Ctrl-C or a service manager would
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited).as("exits within 60 s of SIGTERM").isTrue();
        }
        String err = Files.readString(stderr);
        assertThat(err).contains("Stopping").doesNotContain("Exception");
    }

    @Test
    void launcherBuildsIfNeededAndRefusesABadFlagWithExitCode2() throws Exception {
        Path launcher = Path.of("..", "trailstream").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(launcher.toString(), "run", "--source", tmp.toString(),
                "--partitions", "0").redirectErrorStream(true).start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        List<String> lines = output.lines().filter(l -> !l.startsWith("building trailstream")).toList();
        assertThat(lines).containsExactly("trailstream: --partitions 0: must be between 1 and 1000");
    }

    /** The value of the first series whose name and labels start with {@code series} (a regex), or -1. */
    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + "[^ ]* ([0-9.E]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static double unique(String metrics) {
        Matcher m = UNIQUE.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private String awaitBody(String url, Predicate<String> ready, Duration timeout, Path stderr)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && ready.test(response.body())) {
                    return response.body();
                }
            } catch (IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(500);
        }
        return fail("waited " + timeout + " for " + url + "; last answer: "
                + last.substring(0, Math.min(400, last.length())) + "; stderr: " + Files.readString(stderr));
    }
}
