package dev.trailstream.ingest;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka Connect source connector for CloudTrail log files in a local folder or an S3 bucket.
 *
 * <p>Writes each CloudTrail record to {@code topic} keyed by principal, unreadable records and files to
 * {@code errors.topic}, and one record per listed file to {@code objects.topic}. Exactly-once capable: offsets are
 * plain positions in the files, so a transaction per poll batch (Connect's default boundary) commits records and
 * offsets together. Runs up to {@code tasks.max} tasks, which share the source by account/region prefix.
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

    /**
     * {@code maxTasks} tasks, each the connector's config plus its {@code task.index} and {@code task.count}: each task
     * lists and reads only the listing prefixes that hash to it ({@link TaskShare}). The prefixes are not handed out
     * here because they are only known by listing and new accounts and regions keep appearing; the hash lets every
     * task tell its own on its next pass without any coordination. A task that owns no prefix just finds nothing, so
     * more tasks than account/region prefixes only adds idle listings.
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int index = 0; index < maxTasks; index++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(CloudTrailSourceConfig.TASK_INDEX, Integer.toString(index));
            task.put(CloudTrailSourceConfig.TASK_COUNT, Integer.toString(maxTasks));
            configs.add(Map.copyOf(task));
        }
        return configs;
    }

    @Override
    public void stop() {
        // Nothing held: the task owns the lister and what it reads.
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

    /**
     * Accepts offset resets (null) and offsets of this connector's shape, so that mistakes fail at the REST call: the
     * partition {@code {"source": <folder or s3:// URI>, "prefix": <listing prefix>}} (or the older {@code {"source": ...}},
     * which stands for the whole folder), and an offset whose object lies in that prefix.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        offsets.forEach((partition, offset) -> {
            Object prefix = partition == null ? null : partition.get(IngestRecords.PREFIX_KEY);
            boolean legacy = partition != null && partition.size() == 1;
            if (partition == null || !(partition.get(IngestRecords.SOURCE_KEY) instanceof String)
                    || !legacy && (partition.size() != 2 || !(prefix instanceof String p)
                    || !ListingPrefix.of(p + "x").equals(p))) {
                throw new ConnectException("Source partition must be {\"source\": <folder URI>, \"prefix\": "
                        + "<\"\" or AWSLogs/[o-xxxx/]<account>/CloudTrail/<region>/>}, not " + partition);
            }
            SourceOffset.fromMap(offset).filter(parsed -> !legacy && !ListingPrefix.of(parsed.object()).equals(prefix))
                    .ifPresent(parsed -> {
                        throw new ConnectException("Object " + parsed.object() + " is not in the prefix '" + prefix
                                + "' of partition " + partition);
                    });
        });
        return true;
    }
}
