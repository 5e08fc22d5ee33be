package dev.trailstream.cli;

import com.sun.net.httpserver.HttpServer;
import dev.trailstream.deliver.SinkSpec;
import dev.trailstream.deliver.Sinks;
import dev.trailstream.runtime.KafkaClientSettings;
import dev.trailstream.runtime.UsageException;
import dev.trailstream.topology.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code trailstream deliver}: only the SIEM sinks, against a cluster where {@code run} runs elsewhere. The sinks'
 * consumer groups are the same as {@code run --sink} would use with the same application id, so the two can take
 * turns without delivering anything twice.
 */
@Command(name = "deliver", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deliver the findings topic of a Kafka cluster to SIEMs (--sink), until Ctrl-C.",
                "Delivery is at-least-once; each sink resumes from its own consumer group."})
public final class DeliverCommand implements Callable<Integer> {
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
            description = "The Kafka cluster whose findings topic to deliver.")
    String bootstrapServers;

    @Mixin
    SinkOptions sinkOptions = new SinkOptions();

    @Option(names = "--application-id", defaultValue = "trailstream",
            description = "The pipeline's application id: names the sinks' consumer groups (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "trailstream-data",
            description = "Spools live in DIR/sinks/<name>/spool (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--once", description = "Deliver (or spool) what the topic holds now, then exit.")
    boolean once;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Client security settings of the cluster (security.protocol, sasl.*, ssl.*), as for run.")
    Path kafkaConfig;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve the sinks' metrics at http://127.0.0.1:PORT/metrics (default: none).")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        if (!bootstrapServers.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*")) {
            throw new UsageException("--bootstrap-servers " + bootstrapServers + ": expected HOST:PORT[,HOST:PORT...]");
        }
        if (!applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new UsageException("--application-id " + applicationId + ": use letters, digits, '.', '_' and '-' only");
        }
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw new UsageException("--http-port " + httpPort + ": must be a port number from 0 to 65535");
        }
        sinkOptions.check();
        if (!sinkOptions.any()) {
            throw new UsageException("--sink is required: where to deliver; the forms are "
                    + SinkSpec.FORMS);
        }
        KafkaClientSettings.use(kafkaConfig == null ? Map.of()
                : KafkaClientSettings.load(kafkaConfig, "--kafka-config"));
        PrintWriter err = spec.commandLine().getErr();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", applicationId);
        String topic = Topics.defaults().findings().name();
        HttpServer http = metricsServer(registry);
        try (Sinks sinks = sinkOptions.start(bootstrapServers, topic, applicationId, stateDir, registry, err)) {
            if (once) {
                sinkOptions.awaitDelivered(sinks, bootstrapServers, topic, err);
                return 0;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                TrailStreamCli.exiting = true;
                stopRequested.countDown();
                try {
                    stopped.await(45, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "trailstream-shutdown"));
            stopRequested.await();
            err.println("Stopping…");
            err.flush();
            return 0;
        } finally {
            if (http != null) {
                http.stop(0);
            }
            KafkaClientSettings.use(Map.of());
            stopped.countDown();
        }
    }

    private HttpServer metricsServer(PrometheusMeterRegistry registry) throws IOException {
        if (httpPort == null) {
            return null;
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
        } catch (BindException e) {
            throw new UsageException("cannot listen on 127.0.0.1:" + httpPort + ": choose another --http-port");
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
