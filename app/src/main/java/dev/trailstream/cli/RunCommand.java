package dev.trailstream.cli;

import dev.trailstream.access.CredentialReport;
import dev.trailstream.detect.FindingWindows;
import dev.trailstream.detect.FindingsFile;
import dev.trailstream.detect.InvalidAllowListException;
import dev.trailstream.detect.InvalidRulesException;
import dev.trailstream.detect.RulePack;
import dev.trailstream.export.LeastPrivilegeOutputs;
import dev.trailstream.export.RunOutputs;
import dev.trailstream.export.Summary;
import dev.trailstream.http.BearerToken;
import dev.trailstream.http.HttpEndpoints;
import dev.trailstream.iam.AccessReview;
import dev.trailstream.iam.PreparedSnapshot;
import dev.trailstream.iam.SnapshotFiles;
import dev.trailstream.iam.SnapshotPublisher;
import dev.trailstream.ingest.CloudTrailSourceConfig;
import org.apache.kafka.common.config.ConfigException;
import dev.trailstream.ingest.ObjectLister;
import dev.trailstream.ingest.ObjectListers;
import dev.trailstream.runtime.Completion;
import dev.trailstream.runtime.KafkaClientSettings;
import dev.trailstream.runtime.Metrics;
import dev.trailstream.runtime.Pipeline;
import dev.trailstream.runtime.RunOptions;
import dev.trailstream.runtime.UsageException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** {@code trailstream run}: the whole pipeline over a source of CloudTrail files. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read CloudTrail files, analyse them on Kafka, and report findings and behaviour.",
                "Without --bootstrap-servers an embedded Kafka broker runs in this process."})
public final class RunCommand implements Callable<Integer> {
    private static final Duration MIN_RETENTION = Duration.ofDays(1);
    private static final Duration MAX_RETENTION = Duration.ofDays(3650);
    /** Ctrl-C or SIGTERM asked the watching run to stop; then the pipeline is closed. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "DIR",
            description = {"Folder of CloudTrail files (*.json, *.json.gz), read recursively, or s3://BUCKET/PREFIX",
                    "(AWS credentials from the default chain: environment, profile or role; never in flags)."})
    String source;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "Region of the S3 bucket (default: the AWS SDK's region chain, else us-east-1).")
    Optional<String> s3Region = Optional.empty();

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3 endpoint for S3-compatible stores (MinIO, S3Proxy...).")
    Optional<String> s3Endpoint = Optional.empty();

    @Option(names = "--s3-path-style", description = "Path-style S3 requests, as most S3-compatible stores need.")
    boolean s3PathStyle;

    @Option(names = "--accounts", paramLabel = "ID,...", split = ",",
            description = "Read only these AWS accounts' CloudTrail prefixes (default: all).")
    List<String> accounts = List.of();

    @Option(names = "--regions", paramLabel = "REGION,...", split = ",",
            description = "Read only these regions' CloudTrail prefixes (default: all).")
    List<String> regions = List.of();

    @Option(names = "--start-date", paramLabel = "YYYY-MM-DD",
            description = "Skip day folders before this date; S3 listing starts there instead of at the beginning.")
    Optional<String> startDate = Optional.empty();

    @Option(names = "--lookback-minutes", paramLabel = "MINUTES",
            description = "Minutes of CloudTrail time before each prefix's last file that every listing looks at again "
                    + "for files delivered late (default: 30; 0 = off).")
    Optional<Integer> lookbackMinutes = Optional.empty();

    @Option(names = "--connect-tasks", paramLabel = "N",
            description = "Connector tasks sharing the account/region prefixes (default: 1).")
    int connectTasks = 1;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of the embedded broker.")
    String bootstrapServers;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "trailstream-data",
            description = "Where the embedded broker, Connect offsets and Streams state live (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--once", description = "Read every file present now, finish the analysis, report and exit.")
    boolean once;

    @Option(names = "--out", paramLabel = "DIR",
            description = {"Write summary.json, findings.jsonl and principals.jsonl here (with --once); with IAM",
                    "snapshots (--iam), also least-privilege.jsonl and rightsized policies under policies/."})
    Path out;

    @Option(names = "--rules", paramLabel = "DIR", split = ",",
            description = {"Also run the detection rules in every *.yml and *.yaml file under this folder (recursively),",
                    "beside the built-in pack; repeatable or comma-separated. See topology/RULES.md."})
    List<Path> ruleFolders = List.of();

    @Option(names = "--allow", paramLabel = "FILE",
            description = {"The findings file: known-good activity that raises no finding (allow:), suppression",
                    "windows (suppress:) and anomaly thresholds (anomalies:), YAML, loaded and checked at start.",
                    "See topology/RULES.md."})
    Path allowFile;

    @Option(names = "--iam", paramLabel = "FILE", split = ",",
            description = {"Publish these exports of `aws iam get-account-authorization-details`, one account",
                    "each, to trailstream.iam-snapshots before reading logs; repeatable or comma-separated."})
    List<Path> iamFiles = List.of();

    @Option(names = "--credential-report", paramLabel = "FILE", split = ",",
            description = {"The CSV of `aws iam get-credential-report` (decoded), one per account, so that the",
                    "access review assesses access keys and console passwords; repeatable or comma-separated."})
    List<Path> credentialReportFiles = List.of();

    @Option(names = "--unused-lookback-days", paramLabel = "DAYS", defaultValue = "90",
            description = {"How far back the access review looks for use before calling access unused, ending at",
                    "the newest event seen (default: ${DEFAULT-VALUE})."})
    int unusedLookbackDays;

    @Option(names = "--principal-retention", paramLabel = "DURATION", defaultValue = "400d",
            description = {"Forget a principal idle this long (event time): its profile and detector state are",
                    "deleted, and back later it starts a new learning period (default: ${DEFAULT-VALUE}, IAM's own",
                    "last-accessed window; 36h, 30d or ISO-8601 such as P400D; at least 1d)."})
    String principalRetention;

    @Option(names = "--access-review-minutes", paramLabel = "MINUTES", defaultValue = "5",
            description = {"While watching: review IAM snapshots against the profiles this often, writing",
                    "unused-access findings (default: ${DEFAULT-VALUE}); with --once, once at the end."})
    int accessReviewMinutes;

    /** The {@code --credential-report} files by account, read by {@link #validate()}. */
    private Map<String, CredentialReport> credentialReports = Map.of();

    /** The {@code --iam} files, read and checked by {@link #validate()}. */
    private List<PreparedSnapshot> iamSnapshots = List.of();

    @Option(names = "--no-connect", negatable = false,
            description = "Do not run the source connector here: a Connect cluster elsewhere feeds cloudtrail.events.")
    boolean noConnect;

    @Option(names = "--application-id", defaultValue = "trailstream",
            description = "Kafka Streams application id; also names the Connect group and connector (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--partitions", defaultValue = "4",
            description = "Partitions of the topics TrailStream creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = {"With --bootstrap-servers: replication of the topics TrailStream creates and of Kafka",
                    "Streams' internal topics (default: the cluster's default.replication.factor)."})
    Short replicationFactor;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = {"Port of /metrics, /health and the profiles API /api/principals",
                    "(default: 8080; with --once, no HTTP unless given; 0: any free port)."})
    Integer httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the HTTP server binds to (default: ${DEFAULT-VALUE}).")
    String httpBind;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = {"Client security settings of the --bootstrap-servers cluster (a properties file:",
                    "security.protocol, sasl.*, ssl.*), used by every Kafka client of this run."})
    Path kafkaConfig;

    @Option(names = "--http-token-file", paramLabel = "FILE",
            description = {"A file holding a token that every HTTP endpoint but /health then requires",
                    "(Authorization: Bearer <token>); or set " + BearerToken.ENV + ". Give every instance the same."})
    Path httpTokenFile;
    private BearerToken httpToken;

    @Option(names = "--top-principals", paramLabel = "N", defaultValue = "10",
            description = "How many principals /metrics reports one by one, the busiest (default: ${DEFAULT-VALUE}).")
    int topPrincipals;

    @Option(names = "--broker-port", defaultValue = "0", description = "Embedded broker port (default: any free one).")
    int brokerPort;

    @Option(names = "--controller-port", defaultValue = "0",
            description = "Embedded KRaft controller port (default: any free one).")
    int controllerPort;

    @Option(names = "--connect-port", defaultValue = "0",
            description = "Connect worker REST port, on 127.0.0.1 (default: any free one).")
    int connectPort;

    @Mixin
    SinkOptions sinkOptions = new SinkOptions();

    @Override
    public Integer call() throws Exception {
        RunOptions options = validate();
        sinkOptions.check();
        httpToken = BearerToken.resolve(httpTokenFile, System.getenv(), "--http-token-file").orElse(null);
        if (kafkaConfig != null && options.embedded()) {
            throw new UsageException("--kafka-config goes with --bootstrap-servers: the embedded broker takes no "
                    + "security settings");
        }
        // Set before anything connects, cleared when the run ends (tests run several in one JVM).
        KafkaClientSettings.use(kafkaConfig == null ? Map.of()
                : KafkaClientSettings.load(kafkaConfig, "--kafka-config"));
        // RocksDB's native library and Kafka's temp files land in java.io.tmpdir: keep them beside the state.
        Path tmp = Files.createDirectories(options.stateDir().resolve("tmp"));
        String previousTmp = System.setProperty("java.io.tmpdir", tmp.toAbsolutePath().toString());
        try {
            return call(options);
        } finally {
            // Tests run several pipelines in one JVM; each state dir (and its tmp) is gone afterwards.
            System.setProperty("java.io.tmpdir", previousTmp);
            KafkaClientSettings.use(Map.of());
        }
    }

    private int call(RunOptions options) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        // What "every file present now" means for --once: the last key of each prefix, listed before we start.
        Collection<String> lastKeys = options.connect() && options.once() ? lastKeys(options) : List.of();
        if (!options.allowList().isEmpty()) {
            err.println("Allow-list: " + options.allowList().size() + (options.allowList().size() == 1 ? " entry" : " entries")
                    + " from " + allowFile + "; suppressed matches count as findings.allowed|<analytic> in pipeline-stats");
        }
        if (!options.findings().anomalies().equals(dev.trailstream.anomaly.AnomalySettings.defaults())) {
            err.println("Anomaly thresholds from " + allowFile + ": " + options.findings().anomalies());
        }
        if (!options.findings().windows().isDefault()) {
            err.println("Suppression windows from " + allowFile + ": " + options.findings().windows().overrides());
        }
        if (!ruleFolders.isEmpty()) {
            int builtIn = RulePack.builtIn().rules().size();
            err.println("Detection rules: " + builtIn + " built-in, " + (options.rules().rules().size() - builtIn)
                    + " from " + ruleFolders.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
        err.println(options.embedded()
                ? "Starting embedded Kafka, Connect and Streams (state in " + options.stateDir() + ")…"
                : "Connecting to Kafka at " + options.bootstrapServers().get() + "…");
        err.flush();
        try {
            return runPipeline(options, lastKeys, err, outw);
        } finally {
            stopped.countDown();
        }
    }

    private int runPipeline(RunOptions options, Collection<String> lastKeys, PrintWriter err, PrintWriter outw)
            throws Exception {
        // HTTP first: Streams announces its address (application.server) to the other instances when it starts.
        try (HttpEndpoints http = bindHttp(options, httpToken);
             Pipeline pipeline = Pipeline.start(options, announced(http), publishIam(err))) {
            PrometheusMeterRegistry registry = Metrics.forPipeline(pipeline, options.topPrincipals());
            try (var sinks = sinkOptions.start(pipeline.bootstrapServers(), pipeline.topics().findings().name(),
                    options.applicationId(), options.stateDir(), registry, err);
                 AccessReview review = new AccessReview(pipeline.bootstrapServers(), pipeline.topics().iamSnapshots().name(),
                    pipeline.topics().findings().name(), pipeline.topics().accessReview().name(),
                    options.applicationId(), pipeline.streams(), announced(http), credentialReports,
                    Duration.ofDays(unusedLookbackDays), Clock.systemUTC())) {
                review.bindTo(registry);
                if (http != null) {
                    http.attach(registry, pipeline::streamsRunning, pipeline.streams());
                    http.attachAccess(review::latest, review::reviewer);
                    String base = "http://" + http.applicationServer();
                    err.println("Metrics at " + base + "/metrics, profiles at " + base + "/api/principals");
                }
                if (options.once()) {
                    Completion.await(pipeline, lastKeys, line -> {
                        err.println(line);
                        err.flush();
                    });
                    // Once, after the last event: the findings it writes are on the topic before the outputs read it.
                    long started = System.nanoTime();
                    review.reviewNow().ifPresent(o -> err.printf("Access review: %,d users and roles, %,d findings"
                                    + " created, %,d updated, %,d closed (%.1f s)%n", o.principals(), o.created(),
                            o.updated(), o.closed(), (System.nanoTime() - started) / 1e9));
                    Summary summary = RunOutputs.write(pipeline, options.out().orElse(null), review.latest());
                    sinkOptions.awaitDelivered(sinks, pipeline.bootstrapServers(),
                            pipeline.topics().findings().name(), err);
                    SummaryPrinter.print(summary, options.out(), outw);
                    return 0;
                }
                review.start(Duration.ofMinutes(accessReviewMinutes));
                err.println("Watching " + (options.connect() ? options.sourceLocation() : "cloudtrail.events")
                        + " for new CloudTrail files; Ctrl-C to stop.");
                err.flush();
                awaitShutdownSignal();
                err.println("Stopping…");
                err.flush();
                return 0;
            }
        }
    }

    /** The {@code --credential-report} files by account; one that cannot be read is a usage error. */
    private Map<String, CredentialReport> credentialReports() {
        try {
            return LeastPrivilegeOutputs.credentialReports(credentialReportFiles);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--credential-report: " + oneLine(e.getMessage()));
        }
    }

    /** Publishes the {@code --iam} snapshots once the topics exist, a line per account on stderr. */
    private Pipeline.TopicsReady publishIam(PrintWriter err) {
        if (iamSnapshots.isEmpty()) {
            return Pipeline.TopicsReady.NOTHING;
        }
        return (bootstrap, topics) -> {
            for (SnapshotPublisher.Outcome outcome : SnapshotPublisher.publish(bootstrap, topics.iamSnapshots().name(),
                    iamSnapshots, false)) {
                err.println("IAM snapshot of " + outcome.line());
            }
            err.flush();
        };
    }

    /** The last key of every listing prefix of the source, read now; an unreadable source is the user's to fix. */
    private static Collection<String> lastKeys(RunOptions options) {
        CloudTrailSourceConfig config = new CloudTrailSourceConfig(options.source());
        try (ObjectLister lister = ObjectListers.open(config)) {
            return lister.lastKeyPerPrefix().values();
        } catch (RuntimeException e) {
            // S3: no such bucket, no credentials, access denied. The SDK's message says which, never the secret.
            // UncheckedIOException's own message is its cause's toString(): say the cause's words.
            Throwable cause = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            throw new UsageException("cannot list " + options.sourceLocation() + ": " + oneLine(cause.getMessage())
                    + (options.sourceLocation().startsWith("s3://")
                    ? " (AWS credentials come from the default chain: environment, profile or role)" : ""));
        } catch (Exception e) {
            throw new UsageException("cannot list " + options.sourceLocation() + ": " + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The HTTP server bound and serving (503 until the pipeline runs), or null when there is none. */
    private static HttpEndpoints bindHttp(RunOptions options, BearerToken token) throws IOException {
        if (options.httpPort() < 0) {
            return null;
        }
        if (token == null && !InetAddress.getByName(options.httpBind()).isLoopbackAddress()) {
            System.err.println("trailstream: warning: HTTP on " + options.httpBind() + " without a token: anyone who"
                    + " reaches it can read every principal's profile; give --http-token-file or "
                    + BearerToken.ENV);
        }
        try {
            return HttpEndpoints.start(options.httpBind(), options.httpPort(), token);
        } catch (BindException e) {
            throw new UsageException("cannot listen on " + options.httpBind() + ":" + options.httpPort()
                    + " (" + e.getMessage() + "): choose another --http-port");
        }
    }

    /** Where the other instances of the application reach this one's API: nowhere without HTTP. */
    private static Optional<String> announced(HttpEndpoints http) {
        return http == null ? Optional.empty() : Optional.of(http.applicationServer());
    }

    /** Blocks until Ctrl-C or SIGTERM; the hook then waits (bounded) for the pipeline to close. */
    private void awaitShutdownSignal() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            TrailStreamCli.exiting = true;
            stopRequested.countDown();
            try {
                // Let the main thread close Kafka cleanly, but never hang the exit for long.
                stopped.await(45, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "trailstream-shutdown"));
        stopRequested.await();
    }

    private RunOptions validate() {
        if (source == null && !noConnect) {
            throw new UsageException("--source is required: the folder of CloudTrail files to read "
                    + "(or --no-connect when a Connect cluster elsewhere feeds cloudtrail.events)");
        }
        Map<String, String> sourceSettings = new HashMap<>();
        if (source != null) {
            if (source.startsWith("s3://")) {
                if (!source.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
                    throw new UsageException("--source " + source + ": expected s3://BUCKET[/PREFIX]");
                }
                sourceSettings.put("source", source);
                s3Region.ifPresent(r -> sourceSettings.put("s3.region", r));
                s3Endpoint.ifPresent(e -> sourceSettings.put("s3.endpoint", e));
                sourceSettings.put("s3.path.style", String.valueOf(s3PathStyle));
            } else {
                Path folder = Path.of(source.startsWith("file:") ? source.substring("file:".length()) : source);
                if (!Files.isDirectory(folder)) {
                    throw new UsageException("--source " + source + ": no such folder");
                }
                if (!Files.isReadable(folder)) {
                    throw new UsageException("--source " + source + ": folder is not readable");
                }
                sourceSettings.put("source", folder.toAbsolutePath().toString());
            }
        }
        if (!sourceSettings.isEmpty()) {
            if (!accounts.isEmpty()) {
                sourceSettings.put(CloudTrailSourceConfig.ACCOUNTS, String.join(",", accounts));
            }
            if (!regions.isEmpty()) {
                sourceSettings.put(CloudTrailSourceConfig.REGIONS, String.join(",", regions));
            }
            startDate.ifPresent(d -> sourceSettings.put(CloudTrailSourceConfig.START_DATE, d));
            lookbackMinutes.ifPresent(m -> sourceSettings.put(CloudTrailSourceConfig.LOOKBACK_MINUTES,
                    String.valueOf(m)));
            if (connectTasks < 1 || connectTasks > 64) {
                throw new UsageException("--connect-tasks " + connectTasks + ": must be between 1 and 64");
            }
            sourceSettings.put("tasks.max", String.valueOf(connectTasks));
            try {
                // The connector's own validators, so a typo is one line here rather than a refused connector later.
                new CloudTrailSourceConfig(sourceSettings);
            } catch (ConfigException e) {
                throw new UsageException(e.getMessage().replace("Invalid value ", "")
                        .replace("for configuration accounts", "(--accounts)")
                        .replace("for configuration regions", "(--regions)")
                        .replace("for configuration start.date", "(--start-date)")
                        .replace("for configuration lookback.minutes", "(--lookback-minutes)"));
            }
        }
        if ((s3Region.isPresent() || s3Endpoint.isPresent() || s3PathStyle)
                && (source == null || !source.startsWith("s3://"))) {
            throw new UsageException("--s3-region, --s3-endpoint and --s3-path-style go with an s3:// --source");
        }
        if (partitions < 1 || partitions > 1000) {
            throw new UsageException("--partitions " + partitions + ": must be between 1 and 1000");
        }
        if (unusedLookbackDays < 1 || unusedLookbackDays > 3650) {
            throw new UsageException("--unused-lookback-days " + unusedLookbackDays + ": must be between 1 and 3650");
        }
        if (accessReviewMinutes < 1 || accessReviewMinutes > 1440) {
            throw new UsageException("--access-review-minutes " + accessReviewMinutes
                    + ": must be between 1 and 1440 (a day)");
        }
        if (topPrincipals < 1 || topPrincipals > 1000) {
            throw new UsageException("--top-principals " + topPrincipals + ": must be between 1 and 1000");
        }
        checkPort("--broker-port", brokerPort);
        checkPort("--controller-port", controllerPort);
        checkPort("--connect-port", connectPort);
        int http = httpPort != null ? httpPort : (once ? -1 : 8080);
        if (httpPort != null) {
            checkPort("--http-port", httpPort);
        }
        if (out != null && !once) {
            throw new UsageException("--out needs --once: the outputs are written when the run is complete");
        }
        if (bootstrapServers != null && !bootstrapServers.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*")) {
            throw new UsageException("--bootstrap-servers " + bootstrapServers
                    + ": expected HOST:PORT[,HOST:PORT...]");
        }
        if (replicationFactor != null && bootstrapServers == null) {
            throw new UsageException("--replication-factor goes with --bootstrap-servers: the embedded broker is a"
                    + " single node");
        }
        if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > 32)) {
            throw new UsageException("--replication-factor " + replicationFactor + ": must be between 1 and 32");
        }
        if (!applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new UsageException("--application-id " + applicationId
                    + ": use letters, digits, '.', '_' and '-' only");
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + ": exists and is not a folder");
        }
        Duration retention = principalRetention();
        RulePack rules = rules();
        FindingsFile findings = findingsFile();
        // Last: reading and compressing exports of megabytes is the slowest check, and the flags' mistakes come first.
        iamSnapshots = SnapshotFiles.prepare(iamFiles, Optional.empty(), "--iam ");
        credentialReports = credentialReports();
        return new RunOptions(sourceSettings, Optional.ofNullable(bootstrapServers), stateDir, once,
                Optional.ofNullable(out), !noConnect, applicationId, partitions, httpBind, http, brokerPort,
                controllerPort, connectPort, topPrincipals, rules, findings, Optional.ofNullable(replicationFactor),
                retention);
    }

    /**
     * {@code --principal-retention}: {@code 36h}, {@code 30d} (the syntax of the findings file's suppression windows)
     * or ISO-8601 ({@code P400D}, {@code PT36H}); from a day, since a shorter one would forget principals between
     * their working days, to ten years.
     */
    static Duration parseRetention(String text) {
        Duration d = FindingWindows.parseHoursOrDays(text);
        if (d == null) {
            return null;
        }
        return d.compareTo(MIN_RETENTION) < 0 || d.compareTo(MAX_RETENTION) > 0 ? null : d;
    }

    private Duration principalRetention() {
        Duration retention = parseRetention(principalRetention);
        if (retention == null) {
            throw new UsageException("--principal-retention " + principalRetention + ": expected a duration such as "
                    + "400d, 36h or P400D, from 1d to 3650d");
        }
        if (retention.compareTo(Duration.ofDays(unusedLookbackDays)) < 0) {
            // Allowed (tests and short-lived demos want it), but the review would call a forgotten principal unused.
            spec.commandLine().getErr().println("Note: --principal-retention " + principalRetention + " is shorter than"
                    + " --unused-lookback-days " + unusedLookbackDays + ": the access review sees principals idle"
                    + " longer than the retention as unused");
        }
        return retention;
    }

    /**
     * The built-in pack plus the {@code --rules} folders' files, loaded before anything starts: a mistake in a rule
     * is the user's to fix, so it is one line naming the file, the rule and what is wrong (every problem found,
     * joined, so that one run shows them all).
     */
    private RulePack rules() {
        if (ruleFolders.isEmpty()) {
            return RulePack.builtIn();
        }
        try {
            return RulePack.load(ruleFolders);
        } catch (InvalidRulesException e) {
            List<String> problems = e.problems();
            throw new UsageException("--rules: " + (problems.size() == 1 ? "" : problems.size() + " problems: ")
                    + problems.stream().map(RunCommand::oneLine).collect(Collectors.joining("; ")));
        }
    }

    /**
     * The {@code --allow} file, loaded and compiled before anything starts: one line naming the file, the entry,
     * the field and what is allowed (every problem, joined), as for {@code --rules}.
     */
    private FindingsFile findingsFile() {
        if (allowFile == null) {
            return FindingsFile.none();
        }
        if (!Files.isRegularFile(allowFile)) {
            throw new UsageException("--allow " + allowFile + ": no such file");
        }
        try {
            return FindingsFile.load(allowFile);
        } catch (InvalidAllowListException e) {
            List<String> problems = e.problems();
            throw new UsageException("--allow: " + (problems.size() == 1 ? "" : problems.size() + " problems: ")
                    + problems.stream().map(RunCommand::oneLine).collect(Collectors.joining("; ")));
        }
    }

    private static void checkPort(String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new UsageException(flag + " " + port + ": must be a port number from 0 to 65535");
        }
    }
}
