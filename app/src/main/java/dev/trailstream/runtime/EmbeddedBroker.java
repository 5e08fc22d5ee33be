package dev.trailstream.runtime;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), started in-process.
 *
 * <p>Its log directory lives under the state dir, so a restart with the same state dir finds its topics, offsets
 * and transactions again. Ports may change between runs: the controller quorum is static and rebuilt from config.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats the log dir when it is new, then starts the broker; on any failure nothing is left running. */
    public static EmbeddedBroker start(Path logDir, int brokerPort, int controllerPort) throws IOException {
        return start(logDir, brokerPort, controllerPort, Map.of());
    }

    /**
     * As {@link #start(Path, int, int)}, with broker settings replaced or added: tests use it for a broker that
     * demands SASL, as a secured cluster does.
     */
    public static EmbeddedBroker start(Path logDir, int brokerPort, int controllerPort, Map<String, String> overrides)
            throws IOException {
        Files.createDirectories(logDir);
        int port = brokerPort > 0 ? brokerPort : Ports.free();
        int cport = controllerPort > 0 ? controllerPort : Ports.free();
        Properties props = config(logDir, port, cport);
        props.putAll(overrides);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir, props);
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            // Its threads are not daemons: a half-started broker would keep the JVM alive forever.
            shutdownQuietly(server);
            throw e;
        }
        return new EmbeddedBroker(server, "127.0.0.1:" + port);
    }

    static Properties config(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // One node: every internal topic must have replication factor 1, or groups and transactions never work.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default pre-allocates 128 MiB of heap for compaction; this machine's topics are small.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("log.retention.check.interval.ms", "60000");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(Path logDir, Properties props) throws IOException {
        Path file = logDir.resolveSibling(logDir.getFileName() + "-format.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "written by trailstream to format the embedded broker's storage");
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc = kafka.tools.StorageTool.execute(new String[]{
                    "format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()}, ps);
        } finally {
            Files.deleteIfExists(file);
        }
        if (rc != 0) {
            throw new IOException("could not format the embedded broker's storage in " + logDir + ": "
                    + captured.toString(StandardCharsets.UTF_8).trim());
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        shutdownQuietly(server);
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException ignored) {
            // Shutting down after a failure: the first error is the one worth reporting.
        }
    }
}
