package dev.trailstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.Principals;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.trailstream.ingest.CloudTrailRecordReaderTest.STRATUS;
import static dev.trailstream.ingest.CloudTrailRecordReaderTest.gzip;
import static dev.trailstream.ingest.CloudTrailRecordReaderTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class CloudTrailSourceTaskTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "cloudtrail.events";
    private static final String ERRORS = "cloudtrail.ingest-errors";
    private static final String OBJECTS = "cloudtrail.objects";
    /** The fixture's objects in listing order. */
    private static final List<String> KEYS = List.of("2024/01/a.json", "2024/01/b.json.gz", "2024/02/c.json",
            "2024/02/d.json", "AWSLogs/1/CloudTrail-Digest/x.json", "empty.json", "notes.txt");

    @TempDir
    Path root;
    private final List<CloudTrailSourceTask> tasks = new ArrayList<>();

    @BeforeEach
    void writeFixture() throws IOException {
        write("2024/01/a.json", "{\"Records\":[" + String.join(",", user("alice", 0), role("deploy", 1),
                anonymous(2), user("bob", 3), role("deploy", 4)) + "]}");
        Files.write(root.resolve("2024/01/b.json.gz"), gzip(utf8("[\n" + String.join(",\n", user("carol", 0),
                user("carol", 1), service(2), user("alice", 3)) + "\n]")));
        write("2024/02/c.json", user("dave", 0) + "\n7\n" + role("batch", 2) + "\n");
        write("2024/02/d.json", "[" + user("erin", 0) + "," + user("erin", 1) + ",{\"broken\":]");
        write("AWSLogs/1/CloudTrail-Digest/x.json", "{\"digest\":true}");
        write("empty.json", "");
        write("notes.txt", "not a log");
    }

    @AfterEach
    void stopTasks() {
        tasks.forEach(CloudTrailSourceTask::stop);
    }

    @Test
    void readsAFolderOfSeveralFilesWithExactCounts() throws Exception {
        CloudTrailSourceTask task = start(Map.of());
        List<SourceRecord> records = drain(task);

        assertThat(ofTopic(records, EVENTS)).hasSize(13);
        assertThat(ofTopic(records, ERRORS)).extracting(r -> json(r).get("error").asText())
                .containsExactly("not_an_object", "invalid_json");
        assertThat(ofTopic(records, OBJECTS)).extracting(r -> json(r).get("object").asText())
                .containsExactlyElementsOf(KEYS);
        assertThat(ofTopic(records, OBJECTS)).extracting(r -> json(r).get("kind").asText() + "/"
                        + json(r).get("status").asText() + "/" + json(r).get("events").asLong() + "/"
                        + json(r).get("errors").asLong())
                .containsExactly("events/read/5/0", "events/read/4/0", "events/read/2/1", "events/failed/2/1",
                        "digest/skipped/0/0", "empty/skipped/0/0", "other/skipped/0/0");
        assertThat(task.counts()).isEqualTo(new IngestCounts(13, 2, 3, 1, 3));
    }

    @Test
    void writesEachRecordAsItsExactBytesWithHeadersAndNoTimestamp() throws Exception {
        List<SourceRecord> events = ofTopic(drain(start(Map.of())), EVENTS);
        String source = root.toAbsolutePath().normalize().toUri().toString();

        SourceRecord first = events.get(0);
        assertThat((byte[]) first.value()).isEqualTo(utf8(user("alice", 0)));
        assertThat(first.valueSchema()).isEqualTo(Schema.BYTES_SCHEMA);
        assertThat(first.keySchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(first.timestamp()).isNull();
        assertThat(first.sourcePartition()).isEqualTo(Map.of("source", source));
        assertThat(first.sourceOffset()).isEqualTo(Map.of("object", "2024/01/a.json", "index", 1L, "done", false));
        assertThat(headers(first)).isEqualTo(Map.of("trailstream.source", source,
                "trailstream.object", "2024/01/a.json", "trailstream.index", "0"));
        assertThat(headers(events.get(5))).containsEntry("trailstream.object", "2024/01/b.json.gz")
                .containsEntry("trailstream.index", "0");
    }

    @Test
    void keysEventsByThePrincipalThatNormalizeResolves() throws Exception {
        List<SourceRecord> events = ofTopic(drain(start(Map.of())), EVENTS);

        for (SourceRecord event : events) {
            String expected = Principals.resolve(JSON.readTree((byte[]) event.value())).map(Principal::id).orElse(null);
            assertThat(event.key()).isEqualTo(expected);
        }
        assertThat(events).extracting(SourceRecord::key).contains("arn:aws:iam::111122223333:user/alice",
                "arn:aws:iam::111122223333:role/deploy", null);
    }

    @Test
    void emitsExactlyOneObjectsRecordPerFileAfterItsLastRecord() throws Exception {
        List<SourceRecord> records = drain(start(Map.of(CloudTrailSourceConfig.BATCH_SIZE, "3")));

        for (String key : KEYS) {
            List<Integer> positions = new ArrayList<>();
            int completion = -1;
            for (int i = 0; i < records.size(); i++) {
                if (key.equals(headers(records.get(i)).get("trailstream.object"))) {
                    positions.add(i);
                    if (records.get(i).topic().equals(OBJECTS)) {
                        assertThat(completion).as("second objects record for %s", key).isEqualTo(-1);
                        completion = i;
                    }
                }
            }
            assertThat(completion).as(key).isEqualTo(positions.get(positions.size() - 1));
            assertThat(records.get(completion).sourceOffset().get("done")).isEqualTo(true);
        }
        assertThat(records).filteredOn(r -> Boolean.TRUE.equals(r.sourceOffset().get("done")))
                .allSatisfy(r -> assertThat(r.topic()).isEqualTo(OBJECTS));
    }

    @Test
    void resumesMidObjectWithoutDuplicates() throws Exception {
        List<SourceRecord> whole = drain(start(Map.of()));
        SourceRecord third = whole.get(2);
        assertThat(third.sourceOffset()).isEqualTo(Map.of("object", "2024/01/a.json", "index", 3L, "done", false));

        List<SourceRecord> rest = drain(start(Map.of(), third));

        List<String> union = new ArrayList<>(signatures(whole.subList(0, 3)));
        union.addAll(signatures(rest));
        assertThat(union).containsExactlyElementsOf(signatures(whole));
        assertThat(new HashSet<>(union)).hasSameSizeAs(union);
    }

    @Test
    void resumesFromEveryCommittedOffsetWithNoGapAndNoDuplicate() throws Exception {
        List<SourceRecord> whole = drain(start(Map.of()));
        List<String> expected = signatures(whole);

        for (int i = 0; i < whole.size(); i++) {
            List<SourceRecord> rest = drain(start(Map.of(CloudTrailSourceConfig.BATCH_SIZE, "2"), whole.get(i)));
            assertThat(signatures(rest)).as("resuming after record %d (%s)", i, whole.get(i).sourceOffset())
                    .containsExactlyElementsOf(expected.subList(i + 1, expected.size()));
        }
    }

    @Test
    void readsFilesThatAppearAfterAPass() throws Exception {
        CloudTrailSourceTask task = start(Map.of());
        drain(task);
        write("z/2025/01/new.json", "{\"Records\":[" + user("frank", 0) + "]}");
        write("0-before/missed.json", "{\"Records\":[" + user("gina", 0) + "]}");

        List<SourceRecord> next = drain(task);

        // Only keys after the last one read are listed again: the cursor is a single key per source.
        assertThat(next).extracting(r -> headers(r).get("trailstream.object"))
                .containsExactly("z/2025/01/new.json", "z/2025/01/new.json");
    }

    @Test
    void reportsAnObjectThatVanishedBeforeItWasFinished() throws Exception {
        SourceRecord gone = new SourceRecord(Map.of(), new SourceOffset("2024/01/zz.json", 4, false).toMap(),
                EVENTS, null, null);

        List<SourceRecord> records = drain(start(Map.of(), gone));

        assertThat(json(records.get(0)).get("error").asText()).isEqualTo("object_missing");
        assertThat(json(records.get(1)).get("status").asText()).isEqualTo("failed");
        assertThat(records.get(1).sourceOffset()).isEqualTo(Map.of("object", "2024/01/zz.json", "index", 4L,
                "done", true));
        assertThat(ofTopic(records, OBJECTS)).hasSize(1 + KEYS.size() - 2); // a.json and b.json.gz sort before it
    }

    @Test
    void failsTheTaskAtTheFirstBadRecordWhenNothingIsTolerated() {
        CloudTrailSourceTask task = start(Map.of(CloudTrailSourceConfig.ERRORS_TOLERANCE, "none"));

        assertThatThrownBy(() -> drain(task))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("2024/02/c.json")
                .hasMessageContaining("record 1")
                .hasMessageContaining("not_an_object");
    }

    @Test
    void stopWakesAPollThatIsWaitingForTheNextListing() throws Exception {
        CloudTrailSourceTask task = start(Map.of(CloudTrailSourceConfig.POLL_INTERVAL_MS, "60000"));
        drain(task);
        Thread stopper = new Thread(() -> {
            sleep(100);
            task.stop();
        });
        stopper.start();

        long started = System.nanoTime();
        assertThat(task.poll()).isNull();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(700);
        stopper.join();
    }

    @Test
    void readsAllStratusRedTeamFiles() throws Exception {
        assumeThat(STRATUS).as("stratus-red-team detonation logs under ../../shared").isDirectory();
        CloudTrailSourceTask task = new CloudTrailSourceTask();
        Map<String, String> props = Map.of(CloudTrailSourceConfig.SOURCE, STRATUS.toUri().toString(),
                CloudTrailSourceConfig.POLL_INTERVAL_MS, "0");
        task.initialize(new FakeTaskContext(props));
        task.start(props);
        tasks.add(task);

        List<SourceRecord> records = drain(task);

        assertThat(ofTopic(records, EVENTS)).hasSize(310);
        assertThat(ofTopic(records, ERRORS)).isEmpty();
        assertThat(ofTopic(records, OBJECTS)).hasSize(35)
                .allSatisfy(r -> assertThat(json(r).get("status").asText()).isEqualTo("read"));
        assertThat(ofTopic(records, OBJECTS).stream().mapToLong(r -> json(r).get("events").asLong()).sum())
                .isEqualTo(310);
        for (SourceRecord event : ofTopic(records, EVENTS)) {
            assertThat(event.key()).isEqualTo(
                    Principals.resolve(JSON.readTree((byte[]) event.value())).map(Principal::id).orElse(null));
        }
    }

    private CloudTrailSourceTask start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /** Starts a task on the fixture, as if {@code committed}'s offset had been committed (none when null). */
    private CloudTrailSourceTask start(Map<String, String> overrides, SourceRecord committed) {
        Map<String, String> props = new HashMap<>();
        props.put(CloudTrailSourceConfig.SOURCE, root.toString());
        props.put(CloudTrailSourceConfig.POLL_INTERVAL_MS, "0");
        props.putAll(overrides);
        FakeTaskContext context = new FakeTaskContext(props);
        if (committed != null) {
            context.committed(Map.of("source", root.toAbsolutePath().normalize().toUri().toString()),
                    committed.sourceOffset());
        }
        CloudTrailSourceTask task = new CloudTrailSourceTask();
        task.initialize(context);
        task.start(props);
        tasks.add(task);
        return task;
    }

    /** Polls until the task has nothing more to read in this pass. */
    private static List<SourceRecord> drain(CloudTrailSourceTask task) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        for (int polls = 0; polls < 10_000; polls++) {
            List<SourceRecord> batch = task.poll();
            if (batch == null || batch.isEmpty()) {
                return records;
            }
            records.addAll(batch);
        }
        throw new AssertionError("task never ran out of records");
    }

    private static List<String> signatures(List<SourceRecord> records) {
        List<String> signatures = new ArrayList<>();
        for (SourceRecord r : records) {
            signatures.add(r.topic() + " | " + r.key() + " | " + new String((byte[]) r.value(), StandardCharsets.UTF_8)
                    + " | " + headers(r) + " | " + r.sourceOffset());
        }
        return signatures;
    }

    private static List<SourceRecord> ofTopic(List<SourceRecord> records, String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private static Map<String, String> headers(SourceRecord record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), (String) header.value());
        }
        return headers;
    }

    private static JsonNode json(SourceRecord record) {
        try {
            return JSON.readTree((byte[]) record.value());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void write(String key, String content) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String user(String name, int n) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA" + n
                + "\",\"arn\":\"arn:aws:iam::111122223333:user/" + name + "\",\"accountId\":\"111122223333\"},"
                + "\"eventTime\":\"2024-01-01T00:00:0" + n + "Z\", \"eventName\" : \"ListBuckets\"}";
    }

    private static String role(String name, int n) {
        return "{\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/"
                + name + "/i-" + n + "\",\"accountId\":\"111122223333\",\"sessionContext\":{\"sessionIssuer\":"
                + "{\"type\":\"Role\",\"arn\":\"arn:aws:iam::111122223333:role/" + name + "\",\"userName\":\""
                + name + "\"}}},\"eventName\":\"GetObject\",\"n\":" + n + "}";
    }

    private static String service(int n) {
        return "{\"userIdentity\":{\"type\":\"AWSService\",\"invokedBy\":\"lambda.amazonaws.com\"},\"n\":" + n + "}";
    }

    private static String anonymous(int n) {
        return "{\"eventName\":\"ConsoleLogin\",\"n\":" + n + "}";
    }
}
