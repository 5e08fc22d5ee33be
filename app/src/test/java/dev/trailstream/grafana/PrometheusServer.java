package dev.trailstream.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.runtime.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus process scraping one target every second, on a free loopback port with its TSDB in a folder of
 * the test's; stopped by its PID.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String JOB = "trailstream";

    private final Process process;
    private final String base;
    private final Path log;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, String base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** The {@code prometheus} binary on the PATH, else Debian's {@code /usr/bin/prometheus}. */
    static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        Path debian = Path.of("/usr/bin/prometheus");
        return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
    }

    /** Starts Prometheus scraping {@code http://target/metrics} every second. */
    static PrometheusServer start(Path binary, String target, Path dir) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["%s"]
                """.formatted(JOB, target));
        int port = Ports.free();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PrometheusServer(process, "http://127.0.0.1:" + port, log);
    }

    long pid() {
        return process.pid();
    }

    /** The last lines of Prometheus' own log, for a failure message. */
    String logTail() {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * Waits until the target has been scraped at least {@code scrapes} times with the given metric in the samples,
     * giving up with a message that says what was missing.
     */
    void awaitScrapes(int scrapes, String metric, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                JsonNode up = query("count_over_time(up{job=\"" + JOB + "\"}[5m]) and on() (up{job=\"" + JOB
                        + "\"} == 1) and on() count(" + metric + ") > 0");
                JsonNode result = up.path("data").path("result");
                if (result.size() == 1 && result.get(0).path("value").path(1).asDouble() >= scrapes) {
                    return;
                }
                last = up.toString();
            } catch (IOException notReadyYet) {
                last = notReadyYet.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no " + scrapes + " scrapes with " + metric + " within " + timeout
                + "; last answer: " + last + "\n" + logTail());
    }

    /** {@code /api/v1/query} at the current time: the whole answer, whatever its status. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + encode(promql));
    }

    /** {@code /api/v1/label/<label>/values}, optionally restricted to the series of one selector. */
    Set<String> labelValues(String label, Optional<String> match) throws IOException, InterruptedException {
        JsonNode answer = get("/api/v1/label/" + label + "/values"
                + match.map(m -> "?match[]=" + encode(m)).orElse(""));
        if (!answer.path("status").asText().equals("success")) {
            throw new IOException("label values of " + label + ": " + answer);
        }
        Set<String> values = new LinkedHashSet<>();
        answer.path("data").forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The label names of the series of one metric ({@code /api/v1/labels?match[]=metric}). */
    Set<String> labelNames(String metric) throws IOException, InterruptedException {
        JsonNode answer = get("/api/v1/labels?match[]=" + encode(metric));
        if (!answer.path("status").asText().equals("success")) {
            throw new IOException("label names of " + metric + ": " + answer);
        }
        Set<String> names = new LinkedHashSet<>();
        answer.path("data").forEach(v -> names.add(v.asText()));
        return names;
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        // Prometheus answers a bad query with 400 and a JSON error: the caller reports it.
        return JSON.readTree(response.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Stops the process by its PID: SIGTERM, then SIGKILL if it has not gone within 10 s. */
    @Override
    public void close() throws InterruptedException {
        Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
        if (handle.isEmpty()) {
            return;
        }
        handle.get().destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            handle.get().destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
