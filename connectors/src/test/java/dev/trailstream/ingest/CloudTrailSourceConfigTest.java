package dev.trailstream.ingest;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        assertThat(config.lookback()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(config.readLimits()).isEqualTo(new ReadLimits(1_048_576, 1L << 30, 200));
    }

    @Test
    void takesTheDecompressionLimitsAndRefusesOnesThatCouldNotHoldARecord() {
        CloudTrailSourceConfig config = new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "max.object.bytes", "104857600", "max.compression.ratio", "50"));
        assertThat(config.readLimits()).isEqualTo(new ReadLimits(1_048_576, 104_857_600L, 50));
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "max.object.bytes", "1000"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("max.object.bytes");
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "max.compression.ratio", "1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("max.compression.ratio");
        assertThat(CloudTrailSourceConfig.CONFIG_DEF.configKeys().get("max.compression.ratio").documentation)
                .contains("gzip bomb");
    }

    @Test
    void acceptsALookBackFromZeroToADayAndSaysWhatTheBoundsMeanOtherwise() {
        assertThat(new CloudTrailSourceConfig(Map.of("source", folder.toString(), "lookback.minutes", "0"))
                .lookback()).isZero();
        assertThat(new CloudTrailSourceConfig(Map.of("source", folder.toString(), "lookback.minutes", "1440"))
                .lookback()).hasHours(24);
        for (String wrong : new String[]{"-1", "1441"}) {
            assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                    "lookback.minutes", wrong)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("lookback.minutes")
                    .hasMessageContaining("whole number of minutes from 0 (no look-back")
                    .hasMessageContaining("to 1440 (one day)");
        }
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "lookback.minutes", "half an hour"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("lookback.minutes");
        ConfigDef.ConfigKey key = CloudTrailSourceConfig.CONFIG_DEF.configKeys().get("lookback.minutes");
        assertThat(key.group).isEqualTo("Reading");
        assertThat(key.documentation).contains("StartAfter=<prefix>YYYY/MM/DD/").contains("0 turns the look-back off");
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
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", "gs://bucket/prefix")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("s3://bucket/prefix")
                .hasMessageContaining("file:");
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", "s3:///prefix")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("s3://<bucket>");
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("source");
    }

    @Test
    void refusesAwsCredentialsInTheConfigAndPointsToRolesWithoutEchoingThem() {
        for (String name : new String[]{"aws.access.key.id", "aws.secret.access.key", "s3.secret.key",
                "aws.session.token", "secret_access_key", "AWS_ACCESS_KEY_ID", "s3.access-key"}) {
            assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", "s3://b/p", name, "wJalrXUtnFEMI")))
                    .as(name).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(name).hasMessageContaining("IAM role").hasMessageNotContaining("wJalrXUtnFEMI");
        }
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", "s3://b/p", "note", "AKIAIOSFODNN7EXAMPLE")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("note holds what looks like an AWS access key")
                .hasMessageNotContaining("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void leavesKafkaClientOverridesAndOrdinarySettingsAlone() {
        CloudTrailSourceConfig config = new CloudTrailSourceConfig(Map.of("source", "s3://b/p",
                "producer.override.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"u\" password=\"p\";",
                "producer.override.ssl.keystore.password", "changeit", "s3.region", "eu-west-1"));

        assertThat(config.s3Region()).contains("eu-west-1");
    }

    @Test
    void acceptsAnS3SourceWithItsRegionEndpointAndPathStyle() {
        CloudTrailSourceConfig config = new CloudTrailSourceConfig(Map.of("source", "s3://trail-bucket/org/AWSLogs",
                "s3.region", "eu-west-1", "s3.endpoint", "http://127.0.0.1:9000", "s3.path.style", "true"));

        assertThat(config.s3Location()).contains(new S3Location("trail-bucket", "org/AWSLogs/"));
        assertThat(config.s3Location().orElseThrow().uri()).hasToString("s3://trail-bucket/org/AWSLogs/");
        assertThat(config.s3Region()).contains("eu-west-1");
        assertThat(config.s3Endpoint()).contains(java.net.URI.create("http://127.0.0.1:9000"));
        assertThat(config.s3PathStyle()).isTrue();
        assertThat(new CloudTrailSourceConfig(Map.of("source", "s3://trail-bucket")).s3Location())
                .contains(new S3Location("trail-bucket", ""));
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", "s3://b/p", "s3.endpoint", "minio:9000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http:// or https://");
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
                "errors.topic", "objects.topic", "poll.interval.ms", "lookback.minutes", "batch.size",
                "max.record.bytes", "max.object.bytes", "max.compression.ratio", "errors.tolerance", "s3.region",
                "s3.endpoint", "s3.path.style", "accounts", "regions", "start.date");
    }

    @Test
    void readsEverythingAsOneTaskWhenTheConnectorSetNoTaskShare() {
        CloudTrailSourceConfig config = new CloudTrailSourceConfig(Map.of("source", folder.toString()));

        assertThat(config.taskShare()).isEqualTo(TaskShare.ALL);
        assertThat(config.connectorName()).isEqualTo("cloudtrail-source");
        assertThat(new CloudTrailSourceConfig(Map.of("source", folder.toString(), "name", "org-trail",
                "task.index", "2", "task.count", "3")))
                .satisfies(c -> assertThat(c.taskShare()).isEqualTo(new TaskShare(2, 3)))
                .satisfies(c -> assertThat(c.connectorName()).isEqualTo("org-trail"));
    }

    @Test
    void keepsTheTaskSettingsOutOfWhatUsersAreShownAndRefusesAnIndexBeyondTheCount() {
        assertThat(CloudTrailSourceConfig.CONFIG_DEF.names()).doesNotContain("task.index", "task.count");
        assertThat(CloudTrailSourceConfig.TASK_CONFIG_DEF.names()).contains("task.index", "task.count")
                .containsAll(CloudTrailSourceConfig.CONFIG_DEF.names());
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "task.index", "3", "task.count", "3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.index")
                .hasMessageContaining("set by the connector");
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "task.count", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("task.count");
    }

    @Test
    void readsNoFiltersByDefault() {
        CloudTrailSourceConfig config = new CloudTrailSourceConfig(Map.of("source", folder.toString()));

        assertThat(config.accounts()).isEmpty();
        assertThat(config.regions()).isEmpty();
        assertThat(config.startDate()).isEmpty();
        assertThat(config.listingFilter()).isEqualTo(ListingFilter.NONE);
    }

    @Test
    void parsesTheAccountsRegionsAndStartDate() {
        CloudTrailSourceConfig config = new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "accounts", "111122223333, 444455556666", "regions", "us-east-1,us-gov-west-1",
                "start.date", "2026-11-02"));

        assertThat(config.accounts()).containsExactlyInAnyOrder("111122223333", "444455556666");
        assertThat(config.regions()).containsExactlyInAnyOrder("us-east-1", "us-gov-west-1");
        assertThat(config.startDate()).contains(LocalDate.of(2026, 11, 2));
        assertThat(config.listingFilter()).isEqualTo(new ListingFilter(Set.of("111122223333", "444455556666"),
                Set.of("us-east-1", "us-gov-west-1"), Optional.of(LocalDate.of(2026, 11, 2))));
    }

    @Test
    void refusesAnAccountIdThatIsNotTwelveDigitsNamingIt() {
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "accounts", "111122223333,1234")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("accounts")
                .hasMessageContaining("12-digit AWS account ids").hasMessageContaining("'1234' is not one");
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "accounts", "111122223333,,444455556666")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'' is not one");
    }

    @Test
    void refusesARegionThatIsNotARegionName() {
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "regions", "us-east-1,US East")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("regions")
                .hasMessageContaining("AWS region names").hasMessageContaining("'US East' is not one");
    }

    @Test
    void refusesAStartDateThatIsNotAnIsoDay() {
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "start.date", "02/11/2026")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("start.date")
                .hasMessageContaining("must be a date as YYYY-MM-DD (e.g. 2026-11-02)");
        assertThatThrownBy(() -> new CloudTrailSourceConfig(Map.of("source", folder.toString(),
                "start.date", "2026-02-30")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("2026-02-30 is not a day of the calendar");
    }
}
