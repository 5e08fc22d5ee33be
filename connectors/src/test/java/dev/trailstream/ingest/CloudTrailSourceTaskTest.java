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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    /** A CloudTrail layout: two accounts (the second an organisation trail) times two regions. */
    private static final String A = "AWSLogs/111122223333/CloudTrail/eu-west-1/";
    private static final String B = "AWSLogs/111122223333/CloudTrail/us-east-1/";
    private static final String DIGEST = "AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/";
    private static final String C = "AWSLogs/o-aa11bb22cc/444455556666/CloudTrail/eu-west-1/";
    private static final String D = "AWSLogs/o-aa11bb22cc/444455556666/CloudTrail/us-east-1/";
    /** {@link #writeTrails()}'s objects in listing order. */
    private static final List<String> TRAIL_KEYS = List.of(A + "2024/01/01/a1.json", A + "2024/01/02/a2.json",
            B + "2024/01/01/b1.json", DIGEST + "2024/01/01/111122223333_CloudTrail-Digest_eu-west-1_x.json.gz",
            C + "2024/01/01/c1.json", D + "2024/01/01/d1.json", "flat/2024/f.json", "readme.txt");

    @TempDir
    Path root;
    @TempDir
    Path trails;
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
        assertThat(first.sourcePartition()).isEqualTo(Map.of("source", source, "prefix", ""));
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
    void outsideTheCloudTrailLayoutReadsOnlyNewFilesSortingAfterTheLastOneRead() throws Exception {
        CloudTrailSourceTask task = start(Map.of());
        drain(task);
        write("z/2025/01/new.json", "{\"Records\":[" + user("frank", 0) + "]}");
        write("0-before/missed.json", "{\"Records\":[" + user("gina", 0) + "]}");

        List<SourceRecord> next = drain(task);

        // Outside AWSLogs/<account>/CloudTrail/<region>/ the whole folder is one prefix with a single cursor.
        assertThat(next).extracting(r -> headers(r).get("trailstream.object"))
                .containsExactly("z/2025/01/new.json", "z/2025/01/new.json");
    }

    @Test
    void readsNewFilesInEveryAccountAndRegionNotOnlyTheLast() throws Exception {
        writeTrails();
        CloudTrailSourceTask task = startOn(trails, Map.of(), Map.of());
        assertThat(ofTopic(drain(task), OBJECTS)).hasSize(TRAIL_KEYS.size());
        String first = A + "2024/01/03/a3.json";
        String last = D + "2024/01/02/d2.json";
        writeTrail(first, user("frank", 0), user("frank", 1));
        writeTrail(last, user("gina", 0));

        List<SourceRecord> next = drain(task);

        assertThat(ofTopic(next, OBJECTS)).extracting(r -> json(r).get("object").asText() + "/"
                + json(r).get("status").asText() + "/" + json(r).get("events").asLong())
                .containsExactly(first + "/read/2", last + "/read/1");
        assertThat(ofTopic(next, EVENTS)).extracting(r -> headers(r).get("trailstream.object") + "#"
                + headers(r).get("trailstream.index")).containsExactly(first + "#0", first + "#1", last + "#0");
        assertThat(next).allSatisfy(r -> assertThat(r.sourcePartition()).isEqualTo(Map.of("source",
                trailsUri(), "prefix", ListingPrefix.of(headers(r).get("trailstream.object")))));
        assertThat(drain(task)).as("a third pass").isEmpty();
    }

    @Test
    void givesEveryRecordThePartitionOfItsObjectsPrefix() throws Exception {
        writeTrails();
        List<SourceRecord> records = drain(startOn(trails, Map.of(), Map.of()));

        assertThat(ofTopic(records, OBJECTS)).extracting(r -> json(r).get("object").asText())
                .containsExactlyElementsOf(TRAIL_KEYS);
        assertThat(records).allSatisfy(r -> assertThat(r.sourcePartition()).isEqualTo(Map.of("source",
                trailsUri(), "prefix", ListingPrefix.of(headers(r).get("trailstream.object")))));
        assertThat(records).extracting(r -> String.valueOf(r.sourcePartition().get("prefix"))).containsOnly(A, B, C, D, DIGEST, "");
        assertThat(new LocalFolderLister(trails).lastKey()).contains("flat/2024/f.json");
    }

    @Test
    void resumesMidObjectInEachPrefixWithoutDuplicates() throws Exception {
        writeTrails();
        List<SourceRecord> whole = drain(startOn(trails, Map.of(), Map.of()));
        int inA = indexOf(whole, A + "2024/01/01/a1.json", 2);
        int inD = indexOf(whole, D + "2024/01/01/d1.json", 1);
        int inFlat = indexOf(whole, "flat/2024/f.json", 0);
        // B and C have committed nothing: the flat file, in the prefix "", must wait for them, in key order.
        Map<Map<String, ?>, Map<String, ?>> committed = Map.of(
                whole.get(inA).sourcePartition(), whole.get(inA).sourceOffset(),
                whole.get(inD).sourcePartition(), whole.get(inD).sourceOffset(),
                whole.get(inFlat).sourcePartition(), whole.get(inFlat).sourceOffset());
        List<SourceRecord> delivered = new ArrayList<>();
        for (int i = 0; i < whole.size(); i++) {
            Object prefix = whole.get(i).sourcePartition().get("prefix");
            if (prefix.equals(A) && i <= inA || prefix.equals(D) && i <= inD || prefix.equals("") && i <= inFlat) {
                delivered.add(whole.get(i));
            }
        }

        List<SourceRecord> rest = drain(startOn(trails, Map.of(CloudTrailSourceConfig.BATCH_SIZE, "2"), committed));

        List<String> expected = new ArrayList<>(signatures(whole));
        expected.removeAll(signatures(delivered));
        assertThat(signatures(rest)).containsExactlyElementsOf(expected);
        List<String> union = new ArrayList<>(signatures(delivered));
        union.addAll(signatures(rest));
        assertThat(union).containsExactlyInAnyOrderElementsOf(signatures(whole));
        assertThat(new HashSet<>(union)).hasSameSizeAs(union);
    }

    @Test
    void resumesFromTheOffsetsEveryPrefixHadCommittedWithNoGapAndNoDuplicate() throws Exception {
        writeTrails();
        List<SourceRecord> whole = drain(startOn(trails, Map.of(), Map.of()));
        List<String> expected = signatures(whole);

        for (int i = 0; i < whole.size(); i++) {
            // What the worker holds after delivering records 0..i: the latest offset of each partition.
            Map<Map<String, ?>, Map<String, ?>> committed = new HashMap<>();
            whole.subList(0, i + 1).forEach(r -> committed.put(r.sourcePartition(), r.sourceOffset()));

            List<SourceRecord> rest = drain(startOn(trails, Map.of(CloudTrailSourceConfig.BATCH_SIZE, "3"),
                    committed));

            assertThat(signatures(rest)).as("resuming after record %d (%s)", i, whole.get(i).sourceOffset())
                    .containsExactlyElementsOf(expected.subList(i + 1, expected.size()));
        }
    }

    @Test
    void carriesOverAnOffsetCommittedForTheWholeFolderBeforePrefixes() throws Exception {
        writeTrails();
        List<SourceRecord> whole = drain(startOn(trails, Map.of(), Map.of()));
        // That offset was written before look-back windows: object, index and done only. Resuming from it, the
        // records of the object it was in carry a window that starts at that object, the cursor it was, where the
        // first run's had none yet; the windows are compared by the tests of resuming from this version's offsets.
        List<String> expected = signatures(whole.stream().map(CloudTrailSourceTaskTest::withoutWindow).toList());

        for (int i = 0; i < whole.size(); i++) {
            Map<String, ?> legacy = withoutWindow(whole.get(i)).sourceOffset();
            List<SourceRecord> rest = drain(startOn(trails, Map.of(), Map.of(Map.of("source", trailsUri()), legacy)));

            assertThat(signatures(rest.stream().map(CloudTrailSourceTaskTest::withoutWindow).toList()))
                    .as("resuming after record %d (%s)", i, legacy)
                    .containsExactlyElementsOf(expected.subList(i + 1, expected.size()));
        }
    }

    /** The record with an offset of object, index and done only, as written before look-back windows. */
    private static SourceRecord withoutWindow(SourceRecord record) {
        Map<String, Object> offset = new LinkedHashMap<>(record.sourceOffset());
        offset.keySet().removeAll(List.of(LookbackWindow.START, LookbackWindow.RECENT));
        return new SourceRecord(record.sourcePartition(), offset, record.topic(), record.kafkaPartition(),
                record.keySchema(), record.key(), record.valueSchema(), record.value(), record.timestamp(),
                record.headers());
    }

    @Test
    void prefersAPrefixsOwnOffsetToTheOneCommittedForTheWholeFolder() throws Exception {
        writeTrails();
        List<SourceRecord> whole = drain(startOn(trails, Map.of(), Map.of()));
        int inB = indexOf(whole, B + "2024/01/01/b1.json", 1);
        int inD = indexOf(whole, D + "2024/01/01/d1.json", 1);
        Map<Map<String, ?>, Map<String, ?>> committed = Map.of(
                Map.of("source", trailsUri()), whole.get(inB).sourceOffset(),
                whole.get(inD).sourcePartition(), whole.get(inD).sourceOffset());

        List<SourceRecord> rest = drain(startOn(trails, Map.of(), committed));

        List<String> expected = new ArrayList<>(signatures(whole.subList(inB + 1, whole.size())));
        expected.removeAll(signatures(whole.subList(inB + 1, inD + 1)).stream()
                .filter(signature -> signature.contains("prefix=" + D)).toList());
        assertThat(signatures(rest)).containsExactlyElementsOf(expected);
    }

    @Test
    void reportsAnObjectThatVanishedBeforeItWasFinished() throws Exception {
        SourceRecord gone = new SourceRecord(Map.of("source", root.toAbsolutePath().normalize().toUri().toString(),
                "prefix", ""), new SourceOffset("2024/01/zz.json", 4, false).toMap(), EVENTS, null, null);

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
        return startOn(root, overrides, committed == null ? Map.of()
                : Map.of(committed.sourcePartition(), committed.sourceOffset()));
    }

    /** Starts a task on {@code source} with these offsets committed, by partition. */
    private CloudTrailSourceTask startOn(Path source, Map<String, String> overrides,
                                        Map<Map<String, ?>, Map<String, ?>> committed) {
        Map<String, String> props = new HashMap<>();
        props.put(CloudTrailSourceConfig.SOURCE, source.toString());
        props.put(CloudTrailSourceConfig.POLL_INTERVAL_MS, "0");
        props.putAll(overrides);
        FakeTaskContext context = new FakeTaskContext(props);
        committed.forEach(context::committed);
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
                    + " | " + headers(r) + " | " + new TreeMap<>(r.sourcePartition()) + " | " + r.sourceOffset());
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

    /** The position in {@code records} of the event at {@code index} of {@code object}. */
    private static int indexOf(List<SourceRecord> records, String object, int index) {
        for (int i = 0; i < records.size(); i++) {
            Map<String, String> headers = headers(records.get(i));
            if (records.get(i).topic().equals(EVENTS) && object.equals(headers.get("trailstream.object"))
                    && Integer.toString(index).equals(headers.get("trailstream.index"))) {
                return i;
            }
        }
        throw new AssertionError("no event " + index + " of " + object);
    }

    private String trailsUri() {
        return trails.toAbsolutePath().normalize().toUri().toString();
    }

    /** Two accounts times two regions, a digest folder of the first account, and files outside the layout. */
    private void writeTrails() throws IOException {
        writeTrail(A + "2024/01/01/a1.json", user("alice", 0), user("alice", 1), role("deploy", 2));
        writeTrail(A + "2024/01/02/a2.json", user("bob", 0), user("bob", 1));
        writeTrail(B + "2024/01/01/b1.json", user("carol", 0), role("batch", 1));
        writeTrail(DIGEST + "2024/01/01/111122223333_CloudTrail-Digest_eu-west-1_x.json.gz", user("x", 0));
        writeTrail(C + "2024/01/01/c1.json", user("dave", 0), user("dave", 1));
        writeTrail(D + "2024/01/01/d1.json", user("erin", 0), user("erin", 1), service(2));
        writeTrail("flat/2024/f.json", user("fay", 0), user("fay", 1));
        Files.writeString(trails.resolve("readme.txt"), "not a log");
    }

    private void writeTrail(String key, String... events) throws IOException {
        Path file = trails.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"Records\":[" + String.join(",", events) + "]}");
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
