package dev.trailstream.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything {@code trailstream run} was asked to do, validated.
 *
 * @param bootstrapServers an existing Kafka cluster, or empty for the embedded broker
 * @param httpPort         -1 for no HTTP server, 0 for any free port
 */
public record RunOptions(Path source, Optional<String> bootstrapServers, Path stateDir, boolean once,
                         Optional<Path> out, boolean connect, String applicationId, int partitions,
                         String httpBind, int httpPort, int brokerPort, int controllerPort, int connectPort) {

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
