package dev.trailstream.ingest;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * Kafka Connect source connector for CloudTrail log files in a local folder (S3 to follow).
 *
 * <p>Writes each CloudTrail record to {@code topic} keyed by principal, unreadable records and files to
 * {@code errors.topic}, and one record per listed file to {@code objects.topic}. Exactly-once capable: offsets are
 * plain positions in the files, so a transaction per poll batch (Connect's default boundary) commits records and
 * offsets together.
 */
public final class CloudTrailSourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return ConnectorVersion.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        new CloudTrailSourceConfig(props); // fail here, with the config's message, rather than in every task
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CloudTrailSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        // One task whatever maxTasks says: a source is one ordered listing with a single cursor, and two tasks would
        // both read it all. Splitting comes with prefixes (one partition per account/region prefix) later.
        return List.of(props);
    }

    @Override
    public void stop() {
        // Nothing held: the task owns the files it reads.
    }

    @Override
    public ConfigDef config() {
        return CloudTrailSourceConfig.CONFIG_DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    /** Accepts offset resets (null) and offsets of this connector's shape, so that mistakes fail at the REST call. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        offsets.forEach((partition, offset) -> {
            if (partition == null || !(partition.get("source") instanceof String)) {
                throw new org.apache.kafka.connect.errors.ConnectException(
                        "Source partition must be {\"source\": <folder URI>}, not " + partition);
            }
            SourceOffset.fromMap(offset);
        });
        return true;
    }
}
