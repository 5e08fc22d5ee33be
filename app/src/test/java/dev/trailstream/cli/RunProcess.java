package dev.trailstream.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One packaged {@code trailstream} process started by a test, as a user starts it, with its output in files and its
 * {@code /metrics} read over HTTP.
 */
public final class RunProcess {
    static final Path JAR = Path.of(System.getProperty("trailstream.jar", "target/trailstream.jar"));
    private static final Pattern CONSUMED = Pattern.compile(
            "(?m)^trailstream_pipeline_events\\{[^}]*outcome=\"consumed\"[^}]*} ([0-9.E+]+)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int httpPort;

    private RunProcess(String name, Process process, Path stdout, Path stderr, int httpPort) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.httpPort = httpPort;
    }

    /**
     * Starts {@code java -Xmx<heap> -jar trailstream.jar <args>}, output in {@code <dir>/<name>.std{out,err}.txt}.
     *
     * @param httpPort the {@code --http-port} among {@code args}, or -1 when it serves no HTTP
     */
    public static RunProcess start(String name, Path dir, String heap, int httpPort, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap, "-jar", JAR.toString()));
        command.addAll(args);
        Path out = dir.resolve(name + ".stdout.txt");
        Path err = dir.resolve(name + ".stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new RunProcess(name, process, out, err, httpPort);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The body of a GET of {@code path} on this process's HTTP port, empty when it does not answer 200 (yet). */
    public Optional<String> get(String path) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException notUpYet) {
            return Optional.empty();
        }
    }

    /**
     * Events this instance's part of the exactly-once {@code pipeline-stats} store counts as consumed, as its
     * {@code /metrics} shows now; empty when it does not answer or shows no count yet.
     */
    public OptionalDouble consumed() throws InterruptedException {
        return get("/metrics").map(body -> {
            Matcher m = CONSUMED.matcher(body);
            return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
        }).orElse(OptionalDouble.empty());
    }

    /** Polls until {@code consumed() > threshold}, the process ends or the wait runs out; the last value seen. */
    public double awaitConsumedAbove(double threshold, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        double best = -1;
        while (System.nanoTime() < deadline && process.isAlive()) {
            OptionalDouble now = consumed();
            if (now.isPresent()) {
                best = now.getAsDouble();
                if (best > threshold) {
                    return best;
                }
            }
            Thread.sleep(200);
        }
        return best;
    }

    /** Waits for the process to end by itself; its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            kill();
        }
        assertThat(ended).as(() -> name + " finished within " + timeout + "; " + tails()).isTrue();
        return process.exitValue();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs, nothing is flushed or committed. */
    public void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(name + " exits within 30 s of SIGKILL").isTrue();
        }
    }

    /** SIGTERM, as Ctrl-C, with SIGKILL after a minute (Connect's shutdown can hang; see platform notes). */
    public void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** The last lines of the process's output, for a failed assertion's message. */
    public String tails() {
        return name + ": " + CrashRestartIT.tails(stdout, stderr);
    }

    public long pid() {
        return process.pid();
    }
}
