package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.access.PolicyDocument;
import dev.trailstream.runtime.Ports;
import dev.trailstream.simulate.IamFiles;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged {@code trailstream run} watching, with IAM exports: the scheduled access review runs by itself, its
 * findings are counted on {@code /metrics}, and the HTTP API serves the review and each principal's rightsized
 * policy — the whole path a user takes, on the real embedded broker, Connect worker and Streams app.
 */
class AccessReviewWatchIT {
    private static final Path JAR = Path.of(System.getProperty("trailstream.jar", "target/trailstream.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OPEN = Pattern.compile(
            "(?m)^trailstream_access_findings_open\\{analytic=\"([^\"]+)\"[^}]*} ([0-9.E]+)$");
    private static final Duration WAIT = Duration.ofSeconds(240);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void reviewsWhileWatchingAndServesTheRightsizedPolicies() throws Exception {
        Path sim = tmp.resolve("sim");
        Simulator.run(new SimulationSpec(2, 12, 1, 4_000, SimulationSpec.defaults().start(), 7, List.of()), sim);
        IamFiles iam = IamFiles.in(sim);
        int port = Ports.free();
        Path stdout = tmp.resolve("stdout.txt");
        Path stderr = tmp.resolve("stderr.txt");
        Process process = new ProcessBuilder("java", "-Xmx768m", "-jar", JAR.toString(), "run",
                "--source", sim.resolve("AWSLogs").toString(), "--state-dir", tmp.resolve("state").toString(),
                "--http-port", String.valueOf(port), "--partitions", "2", "--access-review-minutes", "1",
                "--iam", iam.exportsFlag(), "--credential-report", iam.credentialReportsFlag())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        try {
            JsonNode review = awaitReview(process, base + "/api/access?limit=1000");
            assertThat(review).as(() -> "a review within " + WAIT + "; " + CrashRestartIT.tails(stdout, stderr)).isNotNull();
            JsonNode items = review.path("items");
            assertThat(items.size()).as(review.toString()).isGreaterThan(5);

            String metrics = get(base + "/metrics").body();
            Matcher m = OPEN.matcher(metrics);
            double open = 0;
            while (m.find()) {
                open += Double.parseDouble(m.group(2));
            }
            assertThat(open).as("open access findings on /metrics").isPositive();

            int served = 0;
            for (JsonNode item : items) {
                String arn = item.path("principal").asText();
                assertThat(arn).as(item.toString()).startsWith("arn:aws:iam::");
                HttpResponse<String> policy = get(base + "/api/principals/"
                        + URLEncoder.encode(arn, StandardCharsets.UTF_8) + "/rightsize?format=policy");
                assertThat(policy.statusCode()).as(arn + ": " + policy.body()).isEqualTo(200);
                assertThat(PolicyDocument.parse(policy.body(), arn).version()).isEqualTo("2012-10-17");
                served++;
            }
            assertThat(served).isEqualTo(items.size());
            assertThat(process.isAlive()).as(() -> CrashRestartIT.tails(stdout, stderr)).isTrue();
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Polls the review endpoint until it answers 200 (503 until the first review), or the wait runs out. */
    private JsonNode awaitReview(Process process, String url) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> response = get(url);
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
            } catch (IOException notUpYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        return null;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
