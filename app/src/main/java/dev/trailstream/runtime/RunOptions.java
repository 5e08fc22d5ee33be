package dev.trailstream.runtime;

import dev.trailstream.detect.AllowList;
import dev.trailstream.detect.FindingsFile;
import dev.trailstream.detect.RulePack;
import dev.trailstream.topology.TopologyConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code trailstream run} was asked to do, validated.
 *
 * @param source           the connector's source settings: {@code source} (a folder or {@code s3://bucket/prefix})
 *                         and, for S3, {@code s3.region}, {@code s3.endpoint}, {@code s3.path.style}; empty with
 *                         {@code --no-connect}
 * @param bootstrapServers an existing Kafka cluster, or empty for the embedded broker
 * @param httpPort         -1 for no HTTP server, 0 for any free port
 * @param topPrincipals    how many principals {@code /metrics} reports one by one (see {@code Metrics.forPipeline}),
 *                         1 to 1000: a label per principal of a large organisation would swamp Prometheus
 * @param rules            the detection rules the topology runs: the built-in pack, plus the rule files of
 *                         {@code --rules} folders (loaded and checked before anything starts)
 * @param findings         the findings file ({@code --allow}): known-good activity that raises no finding and
 *                         suppression windows; none by default
 * @param replicationFactor replication of the topics TrailStream creates, Streams' internal topics and the
 *                         in-process Connect worker's storage topics on an existing cluster; empty for the broker's
 *                         {@code default.replication.factor} (the embedded broker is one node: always 1)
 * @param principalRetention how long a principal may stay idle before its per-principal state is deleted
 *                         ({@code --principal-retention}; {@link TopologyConfig#DEFAULT_PRINCIPAL_RETENTION})
 */
public record RunOptions(Map<String, String> source, Optional<String> bootstrapServers, Path stateDir, boolean once,
                         Optional<Path> out, boolean connect, String applicationId, int partitions,
                         String httpBind, int httpPort, int brokerPort, int controllerPort, int connectPort,
                         int topPrincipals, RulePack rules, FindingsFile findings,
                         Optional<Short> replicationFactor, Duration principalRetention) {

    public RunOptions {
        source = Map.copyOf(source);
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        Objects.requireNonNull(principalRetention, "principalRetention");
    }

    /** Options with the default principal retention. */
    public RunOptions(Map<String, String> source, Optional<String> bootstrapServers, Path stateDir, boolean once,
                      Optional<Path> out, boolean connect, String applicationId, int partitions, String httpBind,
                      int httpPort, int brokerPort, int controllerPort, int connectPort, int topPrincipals,
                      RulePack rules, FindingsFile findings, Optional<Short> replicationFactor) {
        this(source, bootstrapServers, stateDir, once, out, connect, applicationId, partitions, httpBind, httpPort,
                brokerPort, controllerPort, connectPort, topPrincipals, rules, findings, replicationFactor,
                TopologyConfig.DEFAULT_PRINCIPAL_RETENTION);
    }

    /** Options leaving replication to the broker's default. */
    public RunOptions(Map<String, String> source, Optional<String> bootstrapServers, Path stateDir, boolean once,
                      Optional<Path> out, boolean connect, String applicationId, int partitions, String httpBind,
                      int httpPort, int brokerPort, int controllerPort, int connectPort, int topPrincipals,
                      RulePack rules, FindingsFile findings) {
        this(source, bootstrapServers, stateDir, once, out, connect, applicationId, partitions, httpBind, httpPort,
                brokerPort, controllerPort, connectPort, topPrincipals, rules, findings, Optional.empty());
    }

    /** Known-good activity that raises no finding. */
    public AllowList allowList() {
        return findings.allowList();
    }

    /** Options with no allow-list. */
    public RunOptions(Map<String, String> source, Optional<String> bootstrapServers, Path stateDir, boolean once,
                      Optional<Path> out, boolean connect, String applicationId, int partitions, String httpBind,
                      int httpPort, int brokerPort, int controllerPort, int connectPort, int topPrincipals,
                      RulePack rules) {
        this(source, bootstrapServers, stateDir, once, out, connect, applicationId, partitions, httpBind, httpPort,
                brokerPort, controllerPort, connectPort, topPrincipals, rules,
                FindingsFile.none());
    }

    /** Options running the built-in rules only. */
    public RunOptions(Map<String, String> source, Optional<String> bootstrapServers, Path stateDir, boolean once,
                      Optional<Path> out, boolean connect, String applicationId, int partitions, String httpBind,
                      int httpPort, int brokerPort, int controllerPort, int connectPort, int topPrincipals) {
        this(source, bootstrapServers, stateDir, once, out, connect, applicationId, partitions, httpBind, httpPort,
                brokerPort, controllerPort, connectPort, topPrincipals, RulePack.builtIn());
    }

    /** Options with the default number of top principals in {@code /metrics} and the built-in rules. */
    public RunOptions(Map<String, String> source, Optional<String> bootstrapServers, Path stateDir, boolean once,
                      Optional<Path> out, boolean connect, String applicationId, int partitions, String httpBind,
                      int httpPort, int brokerPort, int controllerPort, int connectPort) {
        this(source, bootstrapServers, stateDir, once, out, connect, applicationId, partitions, httpBind, httpPort,
                brokerPort, controllerPort, connectPort, Metrics.DEFAULT_TOP_PRINCIPALS);
    }

    /** The folder or bucket being read, as the user named it. */
    public String sourceLocation() {
        return source.getOrDefault("source", "");
    }

    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    public String connectGroupId() {
        return applicationId + "-connect";
    }

    public String connectorName() {
        return applicationId + "-source";
    }
}
