package dev.trailstream.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.trailstream.ingest.CloudTrailRecordReaderTest.gzip;
import static dev.trailstream.ingest.CloudTrailRecordReaderTest.utf8;
import static dev.trailstream.ingest.TaskRuns.ERRORS;
import static dev.trailstream.ingest.TaskRuns.EVENTS;
import static dev.trailstream.ingest.TaskRuns.drain;
import static dev.trailstream.ingest.TaskRuns.json;
import static dev.trailstream.ingest.TaskRuns.ofTopic;
import static dev.trailstream.ingest.TaskRuns.taskConfigs;
import static org.assertj.core.api.Assertions.assertThat;

/** The task's meters, read through a registry added to Micrometer's global registry, as the app adds its own. */
class ConnectorMetricsTest {
    private static final String NAME = "metrics-test";
    /** 3 statuses, one per error code, events, bytes, lag, listing, 2 late outcomes and look-back truncations. */
    private static final int METERS_PER_TASK = 3 + IngestErrorCode.values().length + 7;
    private static final String TRAIL = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/01/";
    /** When the fixture's files were (said to be) written. */
    private static final Instant WRITTEN = Instant.parse("2024-01-01T00:00:00Z");
    /** A gzip header, then a deflate block of the reserved type 11: the stream is damaged from its first block. */
    private static final byte[] CORRUPT_GZIP = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff, 0x07, 0, 0, 0};

    @TempDir
    Path root;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TaskRuns runs = new TaskRuns();

    @BeforeEach
    void addRegistryAndWriteFixture() throws IOException {
        Metrics.addRegistry(registry);
        write(TRAIL + "a.json", utf8(records(3)));
        write(TRAIL + "b.json.gz", gzip(utf8(records(2))));
        write(TRAIL + "c.json.gz", CORRUPT_GZIP);
        write(TRAIL + "d.json", utf8("{\"Records\":[" + event(0) + ",{\"broken\":]}"));
        write("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/01/"
                + "111122223333_CloudTrail-Digest_us-east-1_x.json.gz", gzip(utf8("{}")));
        write("notes.txt", utf8("not a log"));
    }

    @AfterEach
    void stopTasksAndRemoveRegistry() {
        runs.close();
        Metrics.removeRegistry(registry);
        registry.close();
    }

    @Test
    void countsWhatTheTaskProducedByObjectStatusAndErrorCode() throws Exception {
        List<SourceRecord> records = drain(runs.start(props(), Map.of()));

        assertThat(ofTopic(records, ERRORS)).extracting(r -> json(r).get("error").asText())
                .containsExactly("corrupt_gzip", "invalid_json");
        assertThat(count("objects", "status", "read")).isEqualTo(2);
        assertThat(count("objects", "status", "failed")).isEqualTo(2);
        assertThat(count("objects", "status", "skipped")).isEqualTo(2);
        assertThat(count("events")).isEqualTo(6).isEqualTo(ofTopic(records, EVENTS).size());
        assertThat(count("bytes")).isEqualTo(ofTopic(records, EVENTS).stream()
                .mapToLong(r -> ((byte[]) r.value()).length).sum());
        for (IngestErrorCode code : IngestErrorCode.values()) {
            assertThat(count("errors", "code", code.code())).as(code.code())
                    .isEqualTo(code == IngestErrorCode.CORRUPT_GZIP || code == IngestErrorCode.INVALID_JSON ? 1 : 0);
        }
        assertThat(registry.find("trailstream.connector.listing").tags("connector", NAME).timer().count())
                .isPositive();
    }

    @Test
    void measuresLagFromTheLastModifiedTimeOfTheObjectBeingReadAndZeroOnceAPassFindsNothingNew() throws Exception {
        Map<String, String> props = props();
        props.put(CloudTrailSourceConfig.BATCH_SIZE, "1");
        CloudTrailSourceTask task = runs.start(props, Map.of());
        assertThat(lagSeconds()).as("before anything is read").isNaN();

        long before = Instant.now().getEpochSecond();
        assertThat(task.poll()).hasSize(1);
        long after = Instant.now().getEpochSecond() + 1;
        assertThat(lagSeconds()).isBetween((double) before - WRITTEN.getEpochSecond(),
                (double) after - WRITTEN.getEpochSecond());

        drain(task); // the rest of this pass
        assertThat(drain(task)).as("a pass that finds nothing new").isEmpty();
        assertThat(lagSeconds()).isZero();

        Instant hourAgo = Instant.now().minusSeconds(3600);
        write(TRAIL + "e.json", utf8(records(1)));
        Files.setLastModifiedTime(root.resolve(TRAIL + "e.json"), FileTime.from(hourAgo));
        assertThat(task.poll()).hasSize(1);
        assertThat(lagSeconds()).isBetween(3600.0, 3600.0 + 60);
    }

    @Test
    void stopRemovesTheTasksMetersSoThatNoStaleSeriesRemain() throws Exception {
        CloudTrailSourceTask task = runs.start(props(), Map.of());
        drain(task);
        assertThat(meters()).hasSize(METERS_PER_TASK);

        task.stop();

        assertThat(meters()).isEmpty();
        assertThat(Metrics.globalRegistry.find("trailstream.connector.events").tags("connector", NAME).meters())
                .isEmpty();
    }

    @Test
    void tagsEachTasksMetersWithItsIndexAndNothingPerObjectOrPrefix() throws Exception {
        long total = 0;
        for (Map<String, String> config : taskConfigs(props(), 2)) {
            total += ofTopic(drain(runs.start(config, Map.of())), EVENTS).size();
        }

        // Per task, whatever the number of objects.
        assertThat(meters()).hasSize(2 * METERS_PER_TASK);
        assertThat(meters()).flatExtracting(meter -> meter.getId().getTags()).extracting(Tag::getKey)
                .containsOnly("connector", "task", "status", "code", "outcome");
        assertThat(meters().stream().map(meter -> meter.getId().getTag("task")).collect(Collectors.toSet()))
                .isEqualTo(Set.of("0", "1"));
        assertThat(registry.find("trailstream.connector.events").tags("connector", NAME).functionCounters())
                .extracting(FunctionCounter::count).containsExactlyInAnyOrder(0.0, 6.0).hasSize(2);
        assertThat(total).isEqualTo(6);
    }

    @Test
    void aTaskStartedBeforeItsPredecessorStoppedReportsItsOwnCounts() throws Exception {
        CloudTrailSourceTask stuck = runs.start(props(), Map.of());
        drain(stuck);
        Map<String, String> oneFile = props();
        oneFile.put(CloudTrailSourceConfig.BATCH_SIZE, "1");
        CloudTrailSourceTask successor = runs.start(oneFile, Map.of());
        assertThat(successor.poll()).hasSize(1);

        stuck.stop();

        assertThat(meters()).hasSize(METERS_PER_TASK);
        assertThat(count("events")).isEqualTo(1);
    }

    private double count(String name, String... tags) {
        return registry.find("trailstream.connector." + name).tags("connector", NAME).tags(tags).functionCounter()
                .count();
    }

    private double lagSeconds() {
        TimeGauge lag = registry.find("trailstream.connector.lag").tags("connector", NAME).timeGauge();
        return lag.value(TimeUnit.SECONDS);
    }

    private List<Meter> meters() {
        return registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("trailstream.connector."))
                .filter(meter -> NAME.equals(meter.getId().getTag("connector"))).toList();
    }

    private Map<String, String> props() {
        Map<String, String> props = new HashMap<>();
        props.put("name", NAME);
        props.put(CloudTrailSourceConfig.SOURCE, root.toString());
        props.put(CloudTrailSourceConfig.POLL_INTERVAL_MS, "0");
        return props;
    }

    private void write(String key, byte[] content) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(WRITTEN));
    }

    private static String records(int count) {
        StringBuilder records = new StringBuilder("{\"Records\":[");
        for (int n = 0; n < count; n++) {
            records.append(n == 0 ? "" : ",").append(event(n));
        }
        return records.append("]}").toString();
    }

    private static String event(int n) {
        return "{\"eventID\":\"e" + n + "\",\"userIdentity\":{\"type\":\"IAMUser\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/u" + n + "\"}}";
    }
}
