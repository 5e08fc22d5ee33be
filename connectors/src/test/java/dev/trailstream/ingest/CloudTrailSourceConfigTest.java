package dev.trailstream.ingest;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudTrailSourceConfigTest {
    @TempDir
    Path folder;

    @Test
    void appliesTheDocumentedDefaults() {
        CloudTrailSourceConfig config = new CloudTrailSourceConfig(Map.of("source", folder.toString()));

        assertThat(config.sourceFolder()).isEqualTo(folder.toAbsolutePath().normalize());
        assertThat(config.topic()).isEqualTo("cloudtrail.events");
        assertThat(config.errorsTopic()).isEqualTo("cloudtrail.ingest-errors");
        assertThat(config.objectsTopic()).isEqualTo("cloudtrail.objects");
        assertThat(config.pollIntervalMs()).isEqualTo(10_000L);
        assertThat(config.batchSize()).isEqualTo(2000);
        assertThat(config.maxRecordBytes()).isEqualTo(1_048_576);
        assertThat(config.errorsTolerance()).isEqualTo(CloudTrailSourceConfig.ErrorTolerance.ALL);
    }

    @Test
    void acceptsAFileUriForTheSource() {
        CloudTrailSourceConfig config = new CloudTrailSourceConfig(Map.of("source", folder.toUri().toString(),
                "errors.tolerance", "none"));

        assertThat(config.sourceFolder()).isEqualTo(folder.toAbsolutePath().normalize());
        assertThat(config.errorsTolerance()).isEqualTo(CloudTrailSourceConfig.ErrorTolerance.NONE);
    }

    @Test
    void refusesASourceThatIsNotAnExistingReadableFolder() throws IOException {
        Path file = Files.writeString(folder.resolve("file.json"), "{}");

        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.resolve("nope").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("readable directory")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", file.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not a readable directory");
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", "s3://bucket/prefix")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only local folders");
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("source");
    }

    @Test
    void listsTheAllowedValuesWhenErrorToleranceIsWrong() {
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "errors.tolerance", "some")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("all").hasMessageContaining("none");
    }

    @Test
    void refusesABatchSizeBelowOne() {
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(), "batch.size", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("batch.size");
    }

    @Test
    void documentsEverySettingInAGroup() {
        for (ConfigDef.ConfigKey key : CloudTrailSourceConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.group).as(key.name).isNotBlank();
        }
        assertThat(CloudTrailSourceConfig.CONFIG_DEF.names()).containsExactlyInAnyOrder("source", "topic",
                "errors.topic", "objects.topic", "poll.interval.ms", "batch.size", "max.record.bytes",
                "errors.tolerance");
    }
}
