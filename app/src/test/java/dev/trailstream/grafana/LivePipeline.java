package dev.trailstream.grafana;

import dev.trailstream.detect.FindingsFile;
import dev.trailstream.detect.RulePack;
import dev.trailstream.export.LeastPrivilegeOutputs;
import dev.trailstream.deliver.Sinks;
import dev.trailstream.http.HttpEndpoints;
import dev.trailstream.iam.AccessReview;
import dev.trailstream.iam.SnapshotFiles;
import dev.trailstream.iam.SnapshotPublisher;
import dev.trailstream.ingest.LocalFolderLister;
import dev.trailstream.runtime.Completion;
import dev.trailstream.runtime.Metrics;
import dev.trailstream.runtime.Pipeline;
import dev.trailstream.runtime.RunOptions;
import dev.trailstream.simulate.IamFiles;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code trailstream run} as it watches, wired as {@code RunCommand} wires it (HTTP first, the pipeline, the
 * Prometheus registry, the access review bound to it), over a small simulated organisation with its IAM exports and
 * credential reports, a file delivered twice, one truncated file and one malformed event (so the duplicate,
 * ingest-error and DLQ series have data) and an allow-list entry that silences a rule the simulation fires. Started,
 * it has read everything and reviewed access once.
 */
final class LivePipeline implements AutoCloseable {
    /** The rule the allow-list silences: the console sign-in without MFA scenario fires it. */
    static final String ALLOWED_RULE = "trailstream.console-login-without-mfa";

    private final HttpEndpoints http;
    private final Sinks sinks;
    private final Pipeline pipeline;
    private final AccessReview review;

    private LivePipeline(HttpEndpoints http, Pipeline pipeline, AccessReview review, Sinks sinks) {
        this.sinks = sinks;
        this.http = http;
        this.pipeline = pipeline;
        this.review = review;
    }

    static LivePipeline start(Path dir) throws Exception {
        Path sim = dir.resolve("sim");
        // One day of 3 accounts: attacks fall in its second half, after a morning of ordinary traffic.
        Simulator.run(new SimulationSpec(3, 14, 1, 4_000, SimulationSpec.defaults().start(), 7,
                SimulationSpec.scenarioIds()), sim);
        Path logs = sim.resolve("AWSLogs");
        addBadInput(logs);
        IamFiles iam = IamFiles.in(sim);
        Path allow = Files.writeString(dir.resolve("allow.yml"), """
                allow:
                  - reason: "Sign-ins are behind the identity provider's MFA"
                    principal: "*"
                    rules: ["%s"]
                """.formatted(ALLOWED_RULE));

        RunOptions options = new RunOptions(Map.of("source", logs.toAbsolutePath().toString()), Optional.empty(),
                dir.resolve("state"), false, Optional.empty(), true, "trailstream", 2, "127.0.0.1", 0, 0, 0, 0,
                Metrics.DEFAULT_TOP_PRINCIPALS, RulePack.builtIn(), FindingsFile.load(allow));
        var lastKeys = new LocalFolderLister(logs).lastKeyPerPrefix().values();
        var snapshots = SnapshotFiles.prepare(iam.exports(), Optional.empty(), "");
        HttpEndpoints http = HttpEndpoints.start("127.0.0.1", 0);
        Pipeline pipeline = null;
        AccessReview review = null;
        Sinks sinks = null;
        try {
            pipeline = Pipeline.start(options, Optional.of(http.applicationServer()),
                    (bootstrap, topics) -> SnapshotPublisher.publish(bootstrap, topics.iamSnapshots().name(),
                            snapshots, false));
            PrometheusMeterRegistry registry = Metrics.forPipeline(pipeline, options.topPrincipals());
            review = new AccessReview(pipeline.bootstrapServers(), pipeline.topics().iamSnapshots().name(),
                    pipeline.topics().findings().name(), pipeline.topics().accessReview().name(),
                    options.applicationId(), pipeline.streams(),
                    LeastPrivilegeOutputs.credentialReports(iam.credentialReports()), Duration.ofDays(90),
                    Clock.systemUTC());
            review.bindTo(registry);
            // A file sink, as `run --sink file:DIR` starts one: the delivery panels need its meters.
            sinks = Sinks.start(Sinks.parse(List.of("file:" + dir.resolve("siem"))), pipeline.bootstrapServers(),
                    pipeline.topics().findings().name(), options.applicationId(), options.stateDir(),
                    Optional.empty(), registry);
            http.attach(registry, pipeline::streamsRunning, pipeline.streams());
            http.attachAccess(review::latest);
            Completion.await(pipeline, lastKeys, line -> { });
            // What the scheduled review would do minutes later, now: its gauges are set before the first scrape.
            review.reviewNow().orElseThrow(() -> new IllegalStateException("the access review found no snapshot"));
            if (!sinks.awaitDelivered(pipeline.bootstrapServers(), pipeline.topics().findings().name(),
                    Duration.ofMinutes(2))) {
                throw new IllegalStateException("the file sink did not deliver every finding within 2 minutes");
            }
            return new LivePipeline(http, pipeline, review, sinks);
        } catch (Exception | Error e) {
            closeAll(sinks, review, pipeline, http);
            throw e;
        }
    }

    /**
     * A gzip file cut in half (an ingest error) and a file whose events lack an id or are not objects (DLQ), in the
     * folder of the first simulated event log (not a digest's), so they are read within a prefix {@code Completion} waits for.
     */
    private static void addBadInput(Path logs) throws IOException {
        Path folder;
        try (Stream<Path> files = Files.walk(logs)) {
            folder = files.filter(p -> p.toString().contains("/CloudTrail/") && p.toString().endsWith(".json.gz")).sorted().findFirst().orElseThrow()
                    .getParent();
        }
        String event = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/dev\",\"accountId\":\"111122223333\"},"
                + "\"eventTime\":\"2026-11-02T00:00:30Z\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\",\"eventType\":\"AwsApiCall\"}";
        // A log file delivered twice (as an organisation trail and an account trail would): duplicates by eventID.
        try (Stream<Path> files = Files.list(folder)) {
            Path first = files.filter(p -> p.toString().endsWith(".json.gz")).sorted().findFirst().orElseThrow();
            Files.copy(first, folder.resolve("000-copy-" + first.getFileName()));
        }
        Files.writeString(folder.resolve("000-malformed.json"), "{\"Records\":[" + event + ",42]}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(("{\"Records\":[" + String.join(",", Collections.nCopies(50, event)) + "]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] gz = bytes.toByteArray();
        Files.write(folder.resolve("000-truncated.json.gz"), Arrays.copyOf(gz, gz.length / 2));
    }

    /** Where Prometheus scrapes {@code /metrics}: {@code 127.0.0.1:port}. */
    String metricsTarget() {
        return "127.0.0.1:" + http.port();
    }

    @Override
    public void close() throws Exception {
        closeAll(sinks, review, pipeline, http);
    }

    private static void closeAll(AutoCloseable... inOrder) throws Exception {
        Exception first = null;
        for (AutoCloseable c : Arrays.stream(inOrder).filter(Objects::nonNull).toList()) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
