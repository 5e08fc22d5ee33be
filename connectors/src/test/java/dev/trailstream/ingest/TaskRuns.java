package dev.trailstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Starting tasks as a worker would, with offsets committed, and reading what they return: for the task tests. */
final class TaskRuns implements AutoCloseable {
    static final String EVENTS = "cloudtrail.events";
    static final String ERRORS = "cloudtrail.ingest-errors";
    static final String OBJECTS = "cloudtrail.objects";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<CloudTrailSourceTask> started = new ArrayList<>();

    /** Starts a task with {@code props} (a task config) and these offsets committed, by partition. */
    CloudTrailSourceTask start(Map<String, String> props, Map<Map<String, ?>, Map<String, ?>> committed) {
        return start(props, committed, ObjectListers::open);
    }

    CloudTrailSourceTask start(Map<String, String> props, Map<Map<String, ?>, Map<String, ?>> committed,
                               Function<CloudTrailSourceConfig, ObjectLister> listers) {
        FakeTaskContext context = new FakeTaskContext(props);
        committed.forEach(context::committed);
        CloudTrailSourceTask task = new CloudTrailSourceTask(listers);
        task.initialize(context);
        task.start(props);
        started.add(task);
        return task;
    }

    /** Stops every task started here. */
    @Override
    public void close() {
        started.forEach(CloudTrailSourceTask::stop);
        started.clear();
    }

    /** The configs the connector gives its tasks for {@code props} and {@code tasks.max}. */
    static List<Map<String, String>> taskConfigs(Map<String, String> props, int maxTasks) {
        CloudTrailSourceConnector connector = new CloudTrailSourceConnector();
        connector.start(props);
        return connector.taskConfigs(maxTasks);
    }

    /** Polls until the task has nothing more to read in this pass. */
    static List<SourceRecord> drain(CloudTrailSourceTask task) throws InterruptedException {
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

    /** What the worker holds after delivering {@code delivered}: the latest offset of each partition. */
    static Map<Map<String, ?>, Map<String, ?>> committedAfter(List<SourceRecord> delivered) {
        Map<Map<String, ?>, Map<String, ?>> committed = new HashMap<>();
        delivered.forEach(r -> committed.put(r.sourcePartition(), r.sourceOffset()));
        return committed;
    }

    /** Everything that identifies a record: topic, key, value, headers, partition and offset. */
    static List<String> signatures(List<SourceRecord> records) {
        return records.stream().map(r -> r.topic() + " | " + r.key() + " | "
                + new String((byte[]) r.value(), StandardCharsets.UTF_8) + " | " + new TreeMap<>(headers(r)) + " | "
                + new TreeMap<>(r.sourcePartition()) + " | " + r.sourceOffset()).toList();
    }

    static String prefixOf(SourceRecord record) {
        return String.valueOf(record.sourcePartition().get(IngestRecords.PREFIX_KEY));
    }

    static List<SourceRecord> ofTopic(List<SourceRecord> records, String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    static Map<String, String> headers(SourceRecord record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), (String) header.value());
        }
        return headers;
    }

    static JsonNode json(SourceRecord record) {
        try {
            return JSON.readTree((byte[]) record.value());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
