package dev.trailstream.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the three kinds of records the task produces. Each carries the source partition of its object's
 * {@link ListingPrefix}, {@code {"source": <root uri>, "prefix": <prefix>}}, so that Connect keeps one offset (one
 * cursor) per account/region prefix; {@code ""} is the prefix of everything outside the CloudTrail layout.
 *
 * <p>Offsets may carry the prefix's {@link LookbackWindow}, encoded once per window and shared by the records of an
 * object (the window only changes when an object is finished), since a window may hold many keys.
 *
 * <p>Timestamps are left null (the producer's clock): a CloudTrail record's own time can be years old in a replay,
 * and time-based retention would delete such records as soon as they were written.
 */
final class IngestRecords {
    static final String SOURCE_HEADER = "trailstream.source";
    static final String OBJECT_HEADER = "trailstream.object";
    static final String INDEX_HEADER = "trailstream.index";
    static final String SOURCE_KEY = "source";
    static final String PREFIX_KEY = "prefix";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    /** The last object's key and partition: an object's records come in a row, so the prefix is matched once. */
    private String partitionObject;
    private Map<String, String> partition;
    private final String topic;
    private final String errorsTopic;
    private final String objectsTopic;
    /** The last window encoded, and its offset fields. */
    private LookbackWindow encodedWindow;
    private Map<String, String> encodedFields;

    IngestRecords(String source, CloudTrailSourceConfig config) {
        this.source = source;
        this.topic = config.topic();
        this.errorsTopic = config.errorsTopic();
        this.objectsTopic = config.objectsTopic();
    }

    /**
     * The source partition of {@code prefix}. Connect stores offsets under the partition map serialised as JSON, in
     * the map's iteration order: the order must be the same in every JVM, or a restarted worker looks its offsets
     * up under another key and reads everything again. {@code Map.of} iterates in an order salted per JVM run.
     */
    Map<String, String> partition(String prefix) {
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put(SOURCE_KEY, source);
        partition.put(PREFIX_KEY, prefix);
        return Collections.unmodifiableMap(partition);
    }

    /**
     * The partition used before offsets were kept per prefix, {@code {"source": <root uri>}}: its offset is a cursor
     * over the whole folder. Read only, to carry that state over.
     */
    Map<String, String> legacyPartition() {
        return Collections.singletonMap(SOURCE_KEY, source);
    }

    private Map<String, String> partitionOf(String object) {
        if (!object.equals(partitionObject)) {
            partition = partition(ListingPrefix.of(object));
            partitionObject = object;
        }
        return partition;
    }

    String source() {
        return source;
    }

    /**
     * A CloudTrail record, keyed by its principal id (null when it has none), the value its exact bytes.
     *
     * @param window the look-back window of the object's prefix, for the offset
     */
    SourceRecord event(String object, long index, String principalId, byte[] bytes, Optional<LookbackWindow> window) {
        return new SourceRecord(partitionOf(object), offset(new SourceOffset(object, index + 1, false, window)), topic,
                null, Schema.OPTIONAL_STRING_SCHEMA, principalId, Schema.BYTES_SCHEMA, bytes, null,
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
        return new SourceRecord(partitionOf(object), offset(offset), errorsTopic, null, Schema.STRING_SCHEMA, object,
                Schema.BYTES_SCHEMA, bytes(value), null, headers(object, index));
    }

    /**
     * The one record that says an object is finished; its offset is the only one with {@code done: true}.
     *
     * @param window the look-back window of the object's prefix with the object finished in it
     */
    SourceRecord completion(ObjectCompletion completion, Optional<LookbackWindow> window) {
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
        SourceOffset offset = new SourceOffset(object.key(), completion.nextIndex(), true, window);
        return new SourceRecord(partitionOf(object.key()), offset(offset), objectsTopic, null, Schema.STRING_SCHEMA,
                object.key(), Schema.BYTES_SCHEMA, bytes(value), null, headers(object.key(), null));
    }

    /**
     * The offset's map, its window's fields encoded once per window: a window object is one state of one prefix,
     * shared by the records written while that state lasts.
     */
    private Map<String, Object> offset(SourceOffset offset) {
        if (offset.window().isEmpty()) {
            return offset.toMap(Map.of());
        }
        LookbackWindow window = offset.window().get();
        if (window != encodedWindow) {
            encodedFields = window.fields(ListingPrefix.of(offset.object()));
            encodedWindow = window;
        }
        return offset.toMap(encodedFields);
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
