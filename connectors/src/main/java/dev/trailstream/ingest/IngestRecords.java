package dev.trailstream.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * Builds the three kinds of records the task produces, all from one source partition {@code {"source": <uri>}}.
 *
 * <p>Timestamps are left null (the producer's clock): a CloudTrail record's own time can be years old in a replay,
 * and time-based retention would delete such records as soon as they were written.
 */
final class IngestRecords {
    static final String SOURCE_HEADER = "trailstream.source";
    static final String OBJECT_HEADER = "trailstream.object";
    static final String INDEX_HEADER = "trailstream.index";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final Map<String, String> partition;
    private final String topic;
    private final String errorsTopic;
    private final String objectsTopic;

    IngestRecords(String source, CloudTrailSourceConfig config) {
        this.source = source;
        this.partition = Map.of("source", source);
        this.topic = config.topic();
        this.errorsTopic = config.errorsTopic();
        this.objectsTopic = config.objectsTopic();
    }

    Map<String, String> partition() {
        return partition;
    }

    String source() {
        return source;
    }

    /** A CloudTrail record, keyed by its principal id (null when it has none), the value its exact bytes. */
    SourceRecord event(String object, long index, String principalId, byte[] bytes) {
        return new SourceRecord(partition, new SourceOffset(object, index + 1, false).toMap(), topic, null,
                Schema.OPTIONAL_STRING_SCHEMA, principalId, Schema.BYTES_SCHEMA, bytes, null,
                headers(object, index));
    }

    /**
     * A report of something that could not be read.
     *
     * @param index  the record concerned, or null when the fault is not tied to one
     * @param offset where reading resumes after this record
     */
    SourceRecord error(String object, Long index, SourceOffset offset, IngestErrorCode code, String reason) {
        ObjectNode value = JSON.createObjectNode();
        value.put("source", source);
        value.put("object", object);
        value.put("index", index);
        value.put("reason", reason);
        value.put("error", code.code());
        return new SourceRecord(partition, offset.toMap(), errorsTopic, null, Schema.STRING_SCHEMA, object,
                Schema.BYTES_SCHEMA, bytes(value), null, headers(object, index));
    }

    /** The one record that says an object is finished; its offset is the only one with {@code done: true}. */
    SourceRecord completion(ObjectCompletion completion) {
        SourceObject object = completion.object();
        ObjectNode value = JSON.createObjectNode();
        value.put("source", source);
        value.put("object", object.key());
        value.put("kind", object.kind().label());
        value.put("status", completion.status().label());
        value.put("events", completion.events());
        value.put("errors", completion.errors());
        value.put("bytes", object.size());
        value.put("reason", completion.reason());
        SourceOffset offset = new SourceOffset(object.key(), completion.nextIndex(), true);
        return new SourceRecord(partition, offset.toMap(), objectsTopic, null, Schema.STRING_SCHEMA, object.key(),
                Schema.BYTES_SCHEMA, bytes(value), null, headers(object.key(), null));
    }

    private ConnectHeaders headers(String object, Long index) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(SOURCE_HEADER, source);
        headers.addString(OBJECT_HEADER, object);
        if (index != null) {
            headers.addString(INDEX_HEADER, Long.toString(index));
        }
        return headers;
    }

    private static byte[] bytes(ObjectNode value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new ConnectException("Cannot write a JSON report", e);
        }
    }
}
