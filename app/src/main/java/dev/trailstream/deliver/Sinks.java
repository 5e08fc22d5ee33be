package dev.trailstream.deliver;

import dev.trailstream.runtime.KafkaClientSettings;
import dev.trailstream.export.CommittedTopic;
import dev.trailstream.runtime.UsageException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The sinks of one process, started together and closed together. */
public final class Sinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sinks.class);

    private final List<SinkRunner> runners;

    private Sinks(List<SinkRunner> runners) {
        this.runners = runners;
    }

    /** Parses every {@code --sink} value and checks that names are unique: usage errors before anything starts. */
    public static List<SinkSpec> parse(List<String> specs) {
        List<SinkSpec> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String spec : specs) {
            SinkSpec s = SinkSpec.parse(spec);
            if (!names.add(s.name())) {
                throw new UsageException("--sink " + spec + ": a second sink named '" + s.name()
                        + "'; name one of them with NAME=SPEC (e.g. siem2=" + spec + ")");
            }
            parsed.add(s);
        }
        return parsed;
    }

    public static Sinks start(List<SinkSpec> specs, String bootstrapServers, String topic, String applicationId,
                              Path stateDir, Optional<String> token, MeterRegistry registry) throws IOException {
        List<SinkRunner> runners = new ArrayList<>();
        try {
            for (SinkSpec spec : specs) {
                runners.add(SinkRunner.start(spec, bootstrapServers, topic, applicationId, stateDir, token, registry));
            }
        } catch (IOException | RuntimeException e) {
            new Sinks(runners).close();
            throw e;
        }
        return new Sinks(runners);
    }

    /**
     * Waits until every sink's group has committed the end of the findings topic as it stands now (read-committed),
     * i.e. every finding written so far is delivered or spooled; false if {@code timeout} passed first.
     */
    public boolean awaitDelivered(String bootstrapServers, String topic, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> end;
        try (KafkaConsumer<String, byte[]> probe = CommittedTopic.consumer(bootstrapServers)) {
            List<TopicPartition> partitions = probe.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            end = probe.endOffsets(partitions);
        }
        try (Admin admin = Admin.create(KafkaClientSettings.client(bootstrapServers))) {
            for (SinkRunner runner : runners) {
                while (!caughtUp(admin, runner.groupId(), end)) {
                    if (System.nanoTime() > deadline) {
                        return false;
                    }
                    Thread.sleep(200);
                }
            }
        }
        return true;
    }

    private static boolean caughtUp(Admin admin, String groupId, Map<TopicPartition, Long> end)
            throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || (committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue()));
        } catch (ExecutionException e) {
            return false;
        }
    }

    public List<SinkRunner> runners() {
        return runners;
    }

    public boolean isEmpty() {
        return runners.isEmpty();
    }

    @Override
    public void close() {
        for (SinkRunner runner : runners) {
            try {
                runner.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: closing: {}", runner.name(), e.toString());
            }
        }
    }
}
