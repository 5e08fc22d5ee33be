package dev.trailstream.ingest;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.trailstream.ingest.TaskRuns.EVENTS;
import static dev.trailstream.ingest.TaskRuns.OBJECTS;
import static dev.trailstream.ingest.TaskRuns.committedAfter;
import static dev.trailstream.ingest.TaskRuns.drain;
import static dev.trailstream.ingest.TaskRuns.json;
import static dev.trailstream.ingest.TaskRuns.ofTopic;
import static dev.trailstream.ingest.TaskRuns.prefixOf;
import static dev.trailstream.ingest.TaskRuns.signatures;
import static dev.trailstream.ingest.TaskRuns.taskConfigs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tasks sharing one folder by listing prefix ({@link TaskShare}), and offsets surviving a change of tasks.max. */
class TaskSharingTest {
    /**
     * Two accounts times two or three regions, an organisation trail, a digest folder and files outside the layout:
     * with two and with three tasks every task owns some of them (checked in each test, so none passes vacuously).
     */
    private static final List<String> PREFIXES = List.of(
            "AWSLogs/111122223333/CloudTrail/eu-west-1/", "AWSLogs/111122223333/CloudTrail/us-east-1/",
            "AWSLogs/111122223333/CloudTrail/us-west-2/", "AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/",
            "AWSLogs/444455556666/CloudTrail/eu-west-1/", "AWSLogs/444455556666/CloudTrail/us-east-1/",
            "AWSLogs/o-aa11bb22cc/777788889999/CloudTrail/eu-west-1/",
            "AWSLogs/o-aa11bb22cc/777788889999/CloudTrail/us-east-1/");

    @TempDir
    Path root;
    private final TaskRuns runs = new TaskRuns();
    private int events;

    @BeforeEach
    void writeTrails() throws IOException {
        for (String prefix : PREFIXES) {
            write(prefix + "2024/01/01/a.json", 2);
            write(prefix + "2024/01/02/b.json", 1);
        }
        write("flat/2024/f.json", 2);
        Files.writeString(root.resolve("readme.txt"), "not a log");
    }

    @AfterEach
    void stopTasks() {
        runs.close();
    }

    @Test
    void givesEachPrefixToExactlyOneTaskAndTheFilesOutsideTheLayoutToTaskZero() {
        for (int count = 1; count <= 5; count++) {
            for (String prefix : PREFIXES) {
                int owners = 0;
                for (int index = 0; index < count; index++) {
                    owners += new TaskShare(index, count).owns(prefix) ? 1 : 0;
                }
                assertThat(owners).as("owners of %s among %d tasks", prefix, count).isOne();
            }
            assertThat(new TaskShare(0, count).owns(ListingPrefix.NONE)).isTrue();
            for (int index = 1; index < count; index++) {
                assertThat(new TaskShare(index, count).owns(ListingPrefix.NONE)).isFalse();
            }
        }
        // String.hashCode is specified by the JDK: the split is the same in every JVM, so it is pinned here.
        assertThat(PREFIXES.stream().map(p -> Math.floorMod(p.hashCode(), 3)).toList())
                .containsExactly(2, 0, 1, 0, 1, 2, 1, 2);
        assertThatThrownBy(() -> new TaskShare(2, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} tasks")
    @ValueSource(ints = {2, 3})
    void tasksTogetherReadEveryEventOnceFromDisjointPrefixes(int taskCount) throws Exception {
        List<SourceRecord> whole = drain(runs.start(props(), Map.of()));
        assertThat(ofTopic(whole, EVENTS)).hasSize(events);

        List<List<SourceRecord>> perTask = new ArrayList<>();
        for (Map<String, String> config : taskConfigs(props(), taskCount)) {
            perTask.add(drain(runs.start(config, Map.of())));
        }

        List<String> union = perTask.stream().flatMap(records -> signatures(records).stream()).toList();
        assertThat(union).containsExactlyInAnyOrderElementsOf(signatures(whole));
        assertThat(new HashSet<>(union)).hasSameSizeAs(union);
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < taskCount; index++) {
            List<SourceRecord> records = perTask.get(index);
            Set<String> prefixes = records.stream().map(TaskRuns::prefixOf).collect(Collectors.toSet());
            assertThat(ofTopic(records, EVENTS)).as("events of task %d", index).isNotEmpty();
            TaskShare share = new TaskShare(index, taskCount);
            assertThat(prefixes).as("prefixes of task %d", index).allMatch(share::owns);
            assertThat(prefixes).as("prefixes of task %d read by another task", index).noneMatch(seen::contains);
            seen.addAll(prefixes);
            // Each task reads its prefixes in the order one task would have read them.
            assertThat(signatures(records)).containsExactlyElementsOf(
                    signatures(whole.stream().filter(r -> prefixes.contains(prefixOf(r))).toList()));
        }
        assertThat(perTask.get(0)).extracting(TaskRuns::prefixOf).contains(ListingPrefix.NONE);
    }

    @Test
    void continuesWithTwoTasksFromTheOffsetsOneTaskCommittedWithNoGapAndNoDuplicate() throws Exception {
        List<SourceRecord> whole = drain(runs.start(props(), Map.of()));
        List<String> expected = signatures(whole);
        List<Map<String, String>> two = taskConfigs(props(), 2);

        for (int i = 0; i < whole.size(); i++) {
            Map<Map<String, ?>, Map<String, ?>> committed = committedAfter(whole.subList(0, i + 1));
            List<SourceRecord> rest = new ArrayList<>();
            for (Map<String, String> config : two) {
                Map<String, String> small = new HashMap<>(config);
                small.put(CloudTrailSourceConfig.BATCH_SIZE, "3");
                rest.addAll(drain(runs.start(small, committed)));
            }
            runs.close();

            assertThat(signatures(rest)).as("continuing after record %d (%s)", i, whole.get(i).sourceOffset())
                    .containsExactlyInAnyOrderElementsOf(expected.subList(i + 1, expected.size()));
        }
    }

    @Test
    void readsANewAccountWithTheTaskThatOwnsItOnItsNextPass() throws Exception {
        List<CloudTrailSourceTask> tasks = new ArrayList<>();
        for (Map<String, String> config : taskConfigs(props(), 3)) {
            CloudTrailSourceTask task = runs.start(config, Map.of());
            drain(task);
            tasks.add(task);
        }
        String added = "AWSLogs/999988887777/CloudTrail/ap-south-1/";
        int owner = Math.floorMod(added.hashCode(), 3);
        write(added + "2024/01/03/n.json", 2);

        for (int index = 0; index < tasks.size(); index++) {
            List<SourceRecord> next = drain(tasks.get(index));
            if (index == owner) {
                assertThat(ofTopic(next, OBJECTS)).extracting(r -> json(r).get("object").asText())
                        .containsExactly(added + "2024/01/03/n.json");
                assertThat(ofTopic(next, EVENTS)).hasSize(2);
            } else {
                assertThat(next).as("task %d", index).isEmpty();
            }
        }
    }

    @Test
    void listsNoPrefixFolderOfAnotherTask() {
        LocalFolderLister lister = new LocalFolderLister(root);
        for (int index = 0; index < 2; index++) {
            TaskShare share = new TaskShare(index, 2);
            Set<String> asked = new TreeSet<>();
            List<String> keys = new ArrayList<>();
            lister.list(new ObjectLister.Cursors() {
                @Override
                public Optional<String> after(String prefix) {
                    asked.add(prefix);
                    return Optional.empty();
                }

                @Override
                public boolean owns(String prefix) {
                    return share.owns(prefix);
                }
            }).forEachRemaining(object -> keys.add(object.key()));

            Set<String> owned = new TreeSet<>(PREFIXES.stream().filter(share::owns).toList());
            if (index == 0) {
                owned.add(ListingPrefix.NONE);
            }
            assertThat(asked).as("cursors asked for by task %d", index).isEqualTo(owned);
            assertThat(keys).extracting(ListingPrefix::of).containsOnly(owned.toArray(String[]::new));
            assertThat(keys).isSortedAccordingTo(LocalFolderLister.KEY_ORDER);
        }
    }

    private Map<String, String> props() {
        Map<String, String> props = new HashMap<>();
        props.put(CloudTrailSourceConfig.SOURCE, root.toString());
        props.put(CloudTrailSourceConfig.POLL_INTERVAL_MS, "0");
        return props;
    }

    private void write(String key, int count) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        String records = IntStream.range(0, count).mapToObj(n -> "{\"eventID\":\"" + key + "#" + n + "\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/u" + n + "\"}}")
                .collect(Collectors.joining(","));
        Files.writeString(file, "{\"Records\":[" + records + "]}");
        events += ObjectKind.classify(key, 1).isRead() ? count : 0;
    }
}
