package dev.trailstream.cli;

import dev.trailstream.deliver.SinkSpec;
import dev.trailstream.deliver.SinkToken;
import dev.trailstream.deliver.Sinks;
import io.micrometer.core.instrument.MeterRegistry;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code --sink} options, shared by {@code run} and {@code deliver} (a picocli mixin): parsed and checked before
 * anything starts, then started once the findings topic exists.
 */
final class SinkOptions {
    /** How long {@code run --once} waits for its sinks to deliver or spool the last findings. */
    static final Duration ONCE_DELIVERY_TIMEOUT = Duration.ofMinutes(10);

    @Option(names = "--sink", paramLabel = "SPEC",
            description = {"Deliver findings to a SIEM; repeatable. " + SinkSpec.FORMS + ".",
                    "Each sink is a consumer group of its own (<application-id>-sink-<name>); at-least-once."})
    List<String> sinks = List.of();

    @Option(names = "--sink-token-file", paramLabel = "FILE",
            description = {"File holding the Splunk HEC token or Elasticsearch API key (else the environment",
                    "variable " + SinkToken.ENV + "); never given as a flag value, never logged."})
    Path tokenFile;

    private List<SinkSpec> specs = List.of();
    private Optional<String> token = Optional.empty();

    /** Parses the specs and reads the token: usage errors before anything starts. */
    void check() {
        specs = Sinks.parse(sinks);
        token = specs.isEmpty() ? Optional.empty() : SinkToken.of(tokenFile, System.getenv());
    }

    boolean any() {
        return !specs.isEmpty();
    }

    Sinks start(String bootstrapServers, String topic, String applicationId, Path stateDir, MeterRegistry registry,
                PrintWriter err) throws IOException {
        Sinks started = Sinks.start(specs, bootstrapServers, topic, applicationId, stateDir, token, registry);
        if (any()) {
            err.println("Delivering findings to " + specs.stream().map(s -> s.name() + " (" + s.kind().name()
                    .toLowerCase(Locale.ROOT) + ")").collect(Collectors.joining(", "))
                    + "; consumer groups " + applicationId + "-sink-<name>");
            err.flush();
        }
        return started;
    }

    /** With {@code --once}: waits until every finding so far is delivered or spooled, and says so. */
    void awaitDelivered(Sinks started, String bootstrapServers, String topic, PrintWriter err)
            throws InterruptedException {
        if (started.isEmpty()) {
            return;
        }
        boolean done = started.awaitDelivered(bootstrapServers, topic, ONCE_DELIVERY_TIMEOUT);
        long spooled = started.runners().stream().mapToLong(r -> r.spooled()).sum();
        err.println(done
                ? "Sinks: every finding delivered" + (spooled > 0 ? " or spooled (" + spooled
                + " waiting for the endpoint; the next run re-sends them)" : "")
                : "Sinks: not every finding delivered within " + ONCE_DELIVERY_TIMEOUT.toMinutes()
                + " minutes; the next run resumes from the sinks' consumer groups");
        err.flush();
    }
}
