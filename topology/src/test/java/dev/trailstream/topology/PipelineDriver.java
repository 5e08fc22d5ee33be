package dev.trailstream.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.profile.Activity;
import dev.trailstream.profile.PrincipalProfile;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The whole topology in a {@link TopologyTestDriver}, configured as in production (exactly-once v2). */
public final class PipelineDriver implements AutoCloseable {
    /** Ingest time: years after every test event, so a timestamp equal to an event time proves the re-stamping. */
    public static final Instant INGEST_TIME = Instant.parse("2030-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopologyTestDriver driver;
    private final TopologyConfig config;
    private final TestInputTopic<String, byte[]> events;
    private final TestOutputTopic<String, byte[]> dlq;
    private final TestOutputTopic<String, byte[]> findings;
    private int index;

    public PipelineDriver() {
        this(TopologyConfig.defaults());
    }

    public PipelineDriver(TopologyConfig config) {
        this.config = config;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trailstream-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("trailstream-state").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(TrailStreamTopology.build(config), props, INGEST_TIME);
        events = driver.createInputTopic(config.topics().events().name(), new StringSerializer(),
                new ByteArraySerializer());
        dlq = driver.createOutputTopic(config.topics().eventsDlq().name(), new StringDeserializer(),
                new ByteArrayDeserializer());
        findings = driver.createOutputTopic(config.topics().findings().name(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Sends an event as the connector would: keyed by {@code key}, with origin headers, at ingest time. */
    public void send(String key, String json) {
        send(key, json.getBytes(StandardCharsets.UTF_8));
    }

    public void send(String key, byte[] value) {
        send(key, value, originHeaders("s3://trail/AWSLogs/object.json.gz", index));
    }

    /** Sends an event read by the connector at {@code ingestTime} rather than now. */
    public void sendReadAt(String key, String json, Instant ingestTime) {
        events.pipeInput(new TestRecord<>(key, json.getBytes(StandardCharsets.UTF_8),
                originHeaders("s3://trail/AWSLogs/object.json.gz", index++), ingestTime));
    }

    public void send(String key, byte[] value, Headers headers) {
        events.pipeInput(new TestRecord<>(key, value, headers, INGEST_TIME.plusMillis(index++)));
    }

    public static Headers originHeaders(String object, int recordIndex) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trailstream.source", "s3".getBytes(StandardCharsets.UTF_8));
        headers.add("trailstream.object", object.getBytes(StandardCharsets.UTF_8));
        headers.add("trailstream.index", Integer.toString(recordIndex).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    public List<TestRecord<String, byte[]>> dlq() {
        return dlq.readRecordsToList();
    }

    public List<TestRecord<String, byte[]>> findingRecords() {
        return findings.readRecordsToList();
    }

    /** The finding values, parsed. */
    public List<JsonNode> findings() {
        List<JsonNode> values = new ArrayList<>();
        for (TestRecord<String, byte[]> record : findingRecords()) {
            try {
                values.add(JSON.readTree(record.value()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values;
    }

    public Map<String, Long> stats() {
        KeyValueStore<String, Long> store = driver.getKeyValueStore(Stores.PIPELINE_STATS);
        return PipelineStats.sum(store.all());
    }

    /** The four event totals of {@link PipelineStats} (consumed, rejected, duplicate, unique), without breakdowns. */
    public Map<String, Long> totals() {
        Map<String, Long> totals = new java.util.TreeMap<>(stats());
        totals.keySet().retainAll(List.of(PipelineStats.EVENTS_CONSUMED, PipelineStats.EVENTS_REJECTED,
                PipelineStats.EVENTS_DUPLICATE, PipelineStats.EVENTS_UNIQUE));
        return totals;
    }

    public PrincipalProfile profile(String principalId) {
        KeyValueStore<String, PrincipalProfile> store = driver.getKeyValueStore(Stores.PRINCIPAL_PROFILES);
        return store.get(principalId);
    }

    /** The activity windows of a principal in a window store, window start → activity, oldest first. */
    public Map<Instant, Activity> activity(String store, String principalId) {
        WindowStore<String, Activity> windows = driver.getWindowStore(store);
        Map<Instant, Activity> result = new LinkedHashMap<>();
        try (var all = windows.fetch(principalId, Instant.EPOCH, Instant.now().plusSeconds(365L * 24 * 3600 * 50))) {
            all.forEachRemaining(kv -> result.put(Instant.ofEpochMilli(kv.key), kv.value));
        }
        return result;
    }

    public long profileCount() {
        KeyValueStore<String, PrincipalProfile> store = driver.getKeyValueStore(Stores.PRINCIPAL_PROFILES);
        long count = 0;
        try (var all = store.all()) {
            for (; all.hasNext(); all.next()) {
                count++;
            }
        }
        return count;
    }

    public <V> KeyValueStore<String, V> keyValueStore(String name) {
        return driver.getKeyValueStore(name);
    }

    public TopologyConfig config() {
        return config;
    }

    @Override
    public void close() {
        driver.close();
    }
}
