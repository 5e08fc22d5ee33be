package dev.trailstream.ingest;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudTrailSourceConnectorTest {
    @TempDir
    Path folder;

    @Test
    void givesEachOfMaxTasksTasksTheConnectorsConfigWithItsIndexAndTheTaskCount() {
        CloudTrailSourceConnector connector = new CloudTrailSourceConnector();
        Map<String, String> props = Map.of("name", "trails", "source", folder.toString(), "topic", "t");
        connector.start(props);

        List<Map<String, String>> configs = connector.taskConfigs(3);

        assertThat(configs).hasSize(3);
        for (int index = 0; index < 3; index++) {
            Map<String, String> expected = new HashMap<>(props);
            expected.put("task.index", Integer.toString(index));
            expected.put("task.count", "3");
            assertThat(configs.get(index)).isEqualTo(expected);
            assertThat(new CloudTrailSourceConfig(configs.get(index)).taskShare()).isEqualTo(new TaskShare(index, 3));
        }
        assertThat(connector.taskConfigs(1)).containsExactly(with(props, "task.index", "0", "task.count", "1"));
        assertThat(connector.taskClass()).isEqualTo(CloudTrailSourceTask.class);
        assertThat(connector.config()).isSameAs(CloudTrailSourceConfig.CONFIG_DEF);
    }

    @Test
    void overridesTaskSettingsAUserPutInTheConnectorsConfig() {
        CloudTrailSourceConnector connector = new CloudTrailSourceConnector();
        connector.start(Map.of("source", folder.toString(), "task.index", "0", "task.count", "7"));

        assertThat(connector.taskConfigs(2)).extracting(config -> config.get("task.index") + "/"
                + config.get("task.count")).containsExactly("0/2", "1/2");
    }

    private static Map<String, String> with(Map<String, String> props, String... entries) {
        Map<String, String> result = new HashMap<>(props);
        for (int i = 0; i < entries.length; i += 2) {
            result.put(entries[i], entries[i + 1]);
        }
        return result;
    }

    @Test
    void supportsExactlyOnceWithPollBatchesAsTransactions() {
        CloudTrailSourceConnector connector = new CloudTrailSourceConnector();

        assertThat(connector.exactlyOnceSupport(Map.of())).isEqualTo(ExactlyOnceSupport.SUPPORTED);
        assertThat(connector.canDefineTransactionBoundaries(Map.of()))
                .isEqualTo(ConnectorTransactionBoundaries.UNSUPPORTED);
    }

    @Test
    void refusesToStartOnAFolderThatDoesNotExist() {
        assertThatThrownBy(() -> new CloudTrailSourceConnector().start(Map.of("source", folder + "/missing")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void reportsTheVersionMavenBuilt() {
        assertThat(new CloudTrailSourceConnector().version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(new CloudTrailSourceTask().version()).isEqualTo(new CloudTrailSourceConnector().version());
    }

    @Test
    void isFoundByTheServiceLoaderThatWorkersUse() {
        assertThat(ServiceLoader.load(SourceConnector.class).stream().map(ServiceLoader.Provider::type))
                .contains(CloudTrailSourceConnector.class);
    }

    @Test
    void acceptsOffsetResetsAndWellFormedOffsetsOnly() {
        CloudTrailSourceConnector connector = new CloudTrailSourceConnector();
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(Map.of("source", "file:///logs/"), null);
        offsets.put(Map.of("source", "file:///other/"), new SourceOffset("a.json", 3, false).toMap());
        assertThat(connector.alterOffsets(Map.of(), offsets)).isTrue();

        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(Map.of("source", "file:///logs/"), Map.of("object", "a.json", "index", "3"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("index");
    }

    @Test
    void acceptsOffsetsPerListingPrefixOnlyForObjectsInThatPrefix() {
        CloudTrailSourceConnector connector = new CloudTrailSourceConnector();
        String prefix = "AWSLogs/111122223333/CloudTrail/us-east-1/";
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(Map.of("source", "file:///logs/", "prefix", prefix),
                new SourceOffset(prefix + "2024/01/01/a.json", 3, false).toMap());
        offsets.put(Map.of("source", "file:///logs/", "prefix", ""), new SourceOffset("notes.txt", 0, true).toMap());
        offsets.put(Map.of("source", "file:///other/", "prefix", prefix), null);
        assertThat(connector.alterOffsets(Map.of(), offsets)).isTrue();

        assertThatThrownBy(() -> connector.alterOffsets(Map.of(), Map.of(Map.of("source", "file:///logs/",
                "prefix", prefix), new SourceOffset("notes.txt", 0, true).toMap())))
                .isInstanceOf(ConnectException.class).hasMessageContaining("not in the prefix");
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(), Map.of(Map.of("source", "file:///logs/",
                "prefix", "AWSLogs/"), new SourceOffset("AWSLogs/x.json", 0, true).toMap())))
                .isInstanceOf(ConnectException.class).hasMessageContaining("Source partition must be");
    }

    @Test
    void acceptsOffsetsWithALookBackWindowOnlyWhenTheWindowIsWellFormed() {
        CloudTrailSourceConnector connector = new CloudTrailSourceConnector();
        String prefix = "AWSLogs/111122223333/CloudTrail/us-east-1/";
        Map<String, ?> partition = Map.of("source", "file:///logs/", "prefix", prefix);
        Map<String, Object> offset = new SourceOffset(prefix + "2024/01/01/b.json", 0, true, java.util.Optional.of(
                new LookbackWindow(prefix + "2024/01/01/a", java.util.List.of(prefix + "2024/01/01/b.json")))).toMap();
        assertThat(connector.alterOffsets(Map.of(), Map.of(partition, offset))).isTrue();

        offset.put("recent", "2024/01/01/b.json");
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(), Map.of(partition, offset)))
                .isInstanceOf(ConnectException.class).hasMessageContaining("JSON array");
    }
}
