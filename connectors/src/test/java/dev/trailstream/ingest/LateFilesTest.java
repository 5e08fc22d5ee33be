package dev.trailstream.ingest;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static dev.trailstream.ingest.TaskRuns.EVENTS;
import static dev.trailstream.ingest.TaskRuns.OBJECTS;
import static dev.trailstream.ingest.TaskRuns.committedAfter;
import static dev.trailstream.ingest.TaskRuns.drain;
import static dev.trailstream.ingest.TaskRuns.headers;
import static dev.trailstream.ingest.TaskRuns.json;
import static dev.trailstream.ingest.TaskRuns.ofTopic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files CloudTrail delivers after their prefix's cursor has passed them, read from a folder by the task: the
 * look-back ({@code lookback.minutes}). {@link S3ListerTest} has the same from S3; {@link PrefixCursorTest} the rules.
 */
class LateFilesTest {
    private static final String NAME = "late-files-test";
    private static final String P = "AWSLogs/111122223333/CloudTrail/us-east-1/";
    private static final String Q = "AWSLogs/o-aa11bb22cc/444455556666/CloudTrail/eu-west-1/";

    @TempDir
    Path root;
    private final TaskRuns runs = new TaskRuns();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void addRegistry() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void stopTasksAndRemoveRegistry() {
        runs.close();
        Metrics.removeRegistry(registry);
        registry.close();
    }

    @Test
    void aLateFileDeliveredAfterTheCursorPassedItIsReadExactlyOnceBeforeTheNewOnes() throws Exception {
        write(P, "1200", "a", 2);
        write(P, "1205", "c", 1);
        CloudTrailSourceTask task = runs.start(props(), Map.of());
        List<SourceRecord> first = drain(task);
        assertThat(objects(first)).containsExactly(key(P, "1200", "a"), key(P, "1205", "c"));

        write(P, "1210", "d", 1); // new
        write(P, "1200", "b", 3); // the same five minutes as a, delivered after c
        List<SourceRecord> second = drain(task);

        assertThat(objects(second)).containsExactly(key(P, "1200", "b"), key(P, "1210", "d"));
        assertThat(ofTopic(second, EVENTS)).extracting(r -> headers(r).get("trailstream.object"))
                .containsExactly(key(P, "1200", "b"), key(P, "1200", "b"), key(P, "1200", "b"), key(P, "1210", "d"));
        assertThat(drain(task)).as("a third pass").isEmpty();
        assertThat(late("read")).isEqualTo(1);
        assertThat(late("skipped")).isZero();
        // The late file's completion leaves the cursor where it was and remembers it with the others.
        SourceRecord bDone = ofTopic(second, OBJECTS).get(0);
        assertThat(offset(bDone)).containsEntry("object", key(P, "1200", "b")).containsEntry("done", true)
                .containsEntry("start", "2026/11/02/111122223333_CloudTrail_us-east-1_20261102T1135Z")
                .containsEntry("recent", names("1200_a", "1200_b", "1205_c"));

        List<SourceRecord> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(drain(runs.start(props(), committedAfter(all)))).as("a task restarted from its offsets").isEmpty();
    }

    @Test
    void aLateFileOlderThanTheLookBackIsNotReadButReportedAndCounted() throws Exception {
        write(P, "1200", "a", 1);
        CloudTrailSourceTask task = runs.start(props(), Map.of());
        List<SourceRecord> all = new ArrayList<>(drain(task));
        write(P, "1300", "c", 1);
        all.addAll(drain(task)); // the look-back now starts at 12:30

        write(P, "1210", "b", 2); // 50 minutes before the cursor when it arrives
        List<SourceRecord> third = drain(task);
        all.addAll(third);

        assertThat(ofTopic(third, EVENTS)).isEmpty();
        assertThat(ofTopic(third, OBJECTS)).singleElement().satisfies(record -> {
            assertThat(json(record).get("object").asText()).isEqualTo(key(P, "1210", "b"));
            assertThat(json(record).get("kind").asText()).isEqualTo("events");
            assertThat(json(record).get("status").asText()).isEqualTo("skipped");
            assertThat(json(record).get("events").asLong()).isZero();
            assertThat(json(record).get("reason").asText()).contains("after the look-back had passed it")
                    .contains("30 minutes (lookback.minutes)").contains(key(P, "1300", "c"));
        });
        assertThat(late("skipped")).isEqualTo(1);
        assertThat(late("read")).isZero();
        assertThat(drain(task)).as("reported once").isEmpty();
        assertThat(late("skipped")).isEqualTo(1);
        assertThat(drain(runs.start(props(), committedAfter(all)))).as("nor read after a restart").isEmpty();
    }

    @Test
    void resumingFromEveryOffsetOfARunWithLateFilesGivesEveryEventExactlyOnce() throws Exception {
        write(P, "1200", "a", 3);
        write(P, "1210", "c", 2);
        write(Q, "1200", "q1", 2);
        Files.writeString(root.resolve("flat.json"), records("flat", 2));
        CloudTrailSourceTask task = runs.start(props(Map.of(CloudTrailSourceConfig.BATCH_SIZE, "2")), Map.of());
        List<SourceRecord> whole = new ArrayList<>(drain(task));
        write(P, "1200", "b", 2);  // late, between a and c
        write(P, "1205", "x", 1);  // late, between b and c
        write(P, "1215", "e", 2);  // new
        write(Q, "1155", "q0", 1); // late, before Q's only file
        write(Q, "1205", "q2", 1); // new
        whole.addAll(drain(task));
        assertThat(drain(task)).isEmpty();
        List<String> all = contents(whole);
        assertThat(all).doesNotHaveDuplicates();
        assertThat(ofTopic(whole, EVENTS)).hasSize(3 + 2 + 2 + 2 + 2 + 1 + 2 + 1 + 1);
        assertThat(late("read")).isEqualTo(3);

        for (int i = 0; i < whole.size(); i++) {
            List<SourceRecord> rest = drain(runs.start(props(Map.of(CloudTrailSourceConfig.BATCH_SIZE, "3")),
                    committedAfter(whole.subList(0, i + 1))));

            assertThat(contents(rest)).as("resuming after record %d (%s)", i, whole.get(i).sourceOffset())
                    .containsExactlyInAnyOrderElementsOf(all.subList(i + 1, all.size()));
        }
    }

    @Test
    void offsetsWrittenBeforeTheLookBackStillLoadAndNothingBeforeTheirObjectIsReadAgain() throws Exception {
        write(P, "1200", "a", 1);
        write(P, "1200", "b", 2);
        write(P, "1210", "c", 1);
        Map<String, ?> partition = partition(P);
        // What the version before look-back windows committed once b was finished: its object is the cursor.
        CloudTrailSourceTask task = runs.start(props(), Map.of(partition,
                Map.of("object", key(P, "1200", "b"), "index", 2, "done", true)));

        List<SourceRecord> first = drain(task);

        assertThat(objects(first)).containsExactly(key(P, "1210", "c"));
        assertThat(offset(first.get(first.size() - 1))).containsEntry("start",
                "2026/11/02/111122223333_CloudTrail_us-east-1_20261102T1200Z_b.json.gz")
                .containsEntry("recent", names("1210_c"));
        write(P, "1205", "x", 1); // late, and after b: the look-back reaches back to b, not before
        assertThat(objects(drain(task))).containsExactly(key(P, "1205", "x"));

        // One left in the middle of b resumes there, and still reads nothing before b.
        List<SourceRecord> fromMiddle = drain(runs.start(props(), Map.of(partition,
                Map.of("object", key(P, "1200", "b"), "index", 1L, "done", false))));
        assertThat(ofTopic(fromMiddle, EVENTS)).extracting(r -> headers(r).get("trailstream.object") + "#"
                + headers(r).get("trailstream.index")).containsExactly(key(P, "1200", "b") + "#1",
                key(P, "1205", "x") + "#0", key(P, "1210", "c") + "#0");
    }

    @Test
    void withTheLookBackOffReadsOnlyWhatSortsAfterTheCursorAndWritesOffsetsAsBefore() throws Exception {
        Map<String, String> props = props(Map.of(CloudTrailSourceConfig.LOOKBACK_MINUTES, "0"));
        write(P, "1200", "a", 1);
        write(P, "1205", "c", 1);
        CloudTrailSourceTask task = runs.start(props, Map.of());
        List<SourceRecord> first = drain(task);
        assertThat(first).allSatisfy(r -> assertThat(r.sourceOffset()).containsOnlyKeys("object", "index", "done"));

        write(P, "1200", "b", 1);

        assertThat(drain(task)).isEmpty();
        assertThat(late("read") + late("skipped")).isZero();
    }

    @Test
    void remembersAtMostAThousandKeysInAnOffsetAndCountsWhenTheBoundIsHit() throws Exception {
        List<String> suffixes = IntStream.rangeClosed(0, PrefixCursors.MAX_RECENT)
                .mapToObj(n -> String.format("%04d", n)).toList();
        for (String suffix : suffixes) {
            write(P, "1200", suffix, 1);
        }

        List<SourceRecord> records = drain(runs.start(props(), Map.of()));

        assertThat(ofTopic(records, OBJECTS)).hasSize(PrefixCursors.MAX_RECENT + 1);
        SourceOffset last = SourceOffset.fromMap(records.get(records.size() - 1).sourceOffset()).orElseThrow();
        LookbackWindow window = last.window().orElseThrow();
        assertThat(window.recent()).hasSize(PrefixCursors.MAX_RECENT).first().isEqualTo(key(P, "1200", "0001"));
        assertThat(window.start()).isEqualTo(key(P, "1200", "0000"));
        assertThat(registry.find("trailstream.connector.lookback.truncated").tags("connector", NAME)
                .functionCounter().count()).isEqualTo(1);
    }

    private double late(String outcome) {
        return registry.find("trailstream.connector.late").tags("connector", NAME, "outcome", outcome)
                .functionCounter().count();
    }

    private Map<String, String> props() {
        return props(Map.of());
    }

    private Map<String, String> props(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("name", NAME);
        props.put(CloudTrailSourceConfig.SOURCE, root.toString());
        props.put(CloudTrailSourceConfig.POLL_INTERVAL_MS, "0");
        props.putAll(overrides);
        return props;
    }

    private Map<String, ?> partition(String prefix) {
        return Map.of("source", root.toAbsolutePath().normalize().toUri().toString(), "prefix", prefix);
    }

    /** Writes a CloudTrail file of {@code prefix} named for 2026-11-02 at {@code hhmm}, with {@code events} events. */
    private void write(String prefix, String hhmm, String suffix, int events) throws IOException {
        Path file = root.resolve(key(prefix, hhmm, suffix));
        Files.createDirectories(file.getParent());
        Files.writeString(file, records(hhmm + "_" + suffix, events));
    }

    static String key(String prefix, String hhmm, String suffix) {
        String account = prefix.contains("444455556666") ? "444455556666" : "111122223333";
        String region = prefix.contains("eu-west-1") ? "eu-west-1" : "us-east-1";
        return prefix + "2026/11/02/" + account + "_CloudTrail_" + region + "_20261102T" + hhmm + "Z_" + suffix
                + ".json.gz";
    }

    /** The {@code recent} offset field for files of {@link #P} given as {@code hhmm_suffix}. */
    private static String names(String... files) {
        List<String> quoted = new ArrayList<>();
        for (String file : files) {
            quoted.add("\"2026/11/02/111122223333_CloudTrail_us-east-1_20261102T" + file.replace("_", "Z_")
                    + ".json.gz\"");
        }
        return "[" + String.join(",", quoted) + "]";
    }

    private static String records(String from, int events) {
        return "{\"Records\":[" + String.join(",", IntStream.range(0, events).mapToObj(n -> "{\"eventID\":\"" + from
                + "-" + n + "\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/u"
                + n + "\"}}").toList()) + "]}";
    }

    private static Map<String, Object> offset(SourceRecord record) {
        return new HashMap<>(record.sourceOffset());
    }

    private static List<String> objects(List<SourceRecord> records) {
        return ofTopic(records, OBJECTS).stream().map(r -> json(r).get("object").asText()).toList();
    }

    /** What each record says, without its offset: the same whichever pass or restart produced it. */
    private static List<String> contents(List<SourceRecord> records) {
        return records.stream().map(r -> r.topic() + " | " + r.key() + " | "
                + new String((byte[]) r.value(), StandardCharsets.UTF_8) + " | " + new TreeMap<>(headers(r))
                + " | " + new TreeMap<>(r.sourcePartition())).toList();
    }
}
