package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.TopologyConfig;
import dev.trailstream.topology.TrailStreamTopology;
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
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The real topology in a {@link TopologyTestDriver}, fed a trail as the connector feeds the broker: each record keyed
 * by its principal id (so none is re-keyed), with origin headers, at an ingest time that grows by a millisecond a
 * record. Configured as in production (exactly-once v2), without a broker: a week of an organisation replays in
 * seconds, and the same trail always gives the same findings.
 *
 * <p>The little of the topology module's {@code PipelineDriver} this needs, re-created: that one lives in the topology
 * module's test sources.
 */
final class TopologyReplay implements AutoCloseable {
    /** Ingest time of the first record: after every simulated event, as when a trail is replayed. */
    static final Instant INGEST_TIME = Instant.parse("2030-01-01T00:00:00Z");

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> events;
    private final TestOutputTopic<String, byte[]> findings;
    /** Each finding's latest state, by {@code finding_info.uid}: the topic carries every create and update. */
    private final Map<String, JsonNode> latest = new LinkedHashMap<>();
    private long index;

    TopologyReplay(TopologyConfig config, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trailstream-quality");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TrailStreamTopology.build(config), props, INGEST_TIME);
        events = driver.createInputTopic(config.topics().events().name(), new StringSerializer(),
                new ByteArraySerializer());
        findings = driver.createOutputTopic(config.topics().findings().name(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    void send(SimulatedTrail.TrailRecord record) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trailstream.source", "s3".getBytes(StandardCharsets.UTF_8));
        headers.add("trailstream.object", "s3://simulated/AWSLogs".getBytes(StandardCharsets.UTF_8));
        headers.add("trailstream.index", Long.toString(index).getBytes(StandardCharsets.UTF_8));
        events.pipeInput(new TestRecord<>(record.principal(), record.json(), headers, INGEST_TIME.plusMillis(index++)));
        if (index % 10_000 == 0) {
            drainFindings();   // keeps the driver's output queue short
        }
    }

    /** Every finding's latest state, by uid, in the order they were first written. */
    Map<String, JsonNode> findings() {
        drainFindings();
        return Collections.unmodifiableMap(new LinkedHashMap<>(latest));
    }

    /** The {@code pipeline-stats} counters, summed over the tasks. */
    Map<String, Long> stats() {
        KeyValueStore<String, Long> store = driver.getKeyValueStore(Stores.PIPELINE_STATS);
        return PipelineStats.sum(store.all());
    }

    private void drainFindings() {
        while (!findings.isEmpty()) {
            try {
                JsonNode finding = SimulatedTrail.JSON.readTree(findings.readValue());
                latest.put(finding.path("finding_info").path("uid").asText(), finding);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
