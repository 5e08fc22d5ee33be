package dev.trailstream.runtime;

import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.BadRequestException;
import org.apache.kafka.connect.util.FutureCallback;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node <em>distributed</em> Kafka Connect worker in-process: its configs, offsets and status live in Kafka
 * beside the data, and only distributed workers offer exactly-once source delivery (KIP-618).
 */
public final class ConnectWorker implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** How long an exactly-once source task's transaction may stay open before the coordinator aborts it. */
    static final Duration TASK_TRANSACTION_TIMEOUT = Duration.ofSeconds(20);

    private final Connect<DistributedHerder> connect;

    private ConnectWorker(Connect<DistributedHerder> connect) {
        this.connect = connect;
    }

    /**
     * @param groupId the worker group: one per state dir, so two pipelines on one cluster keep separate offsets
     */
    public static ConnectWorker start(String bootstrapServers, String groupId, int restPort, boolean embeddedBroker) {
        return start(bootstrapServers, groupId, restPort, embeddedBroker ? Optional.of((short) 1) : Optional.empty());
    }

    /**
     * @param replicationFactor of the worker's config, offset and status topics; empty for the broker's default
     */
    public static ConnectWorker start(String bootstrapServers, String groupId, int restPort,
                                      Optional<Short> replicationFactor) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(KafkaClientSettings.forConnectWorker());
        props.put("group.id", groupId);
        props.put("config.storage.topic", groupId + "-configs");
        props.put("offset.storage.topic", offsetsTopic(groupId));
        props.put("status.storage.topic", groupId + "-status");
        String rf = replicationFactor.map(String::valueOf).orElse("-1");
        props.put("config.storage.replication.factor", rf);
        props.put("offset.storage.replication.factor", rf);
        props.put("status.storage.replication.factor", rf);
        props.put("offset.storage.partitions", "5");
        props.put("status.storage.partitions", "1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("listeners", "http://127.0.0.1:" + (restPort > 0 ? restPort : Ports.free()));
        // A classpath scan takes seconds and hundreds of MB; the connector ships a ServiceLoader manifest.
        props.put("plugin.discovery", "service_load");
        props.put("exactly.once.source.support", "enabled");
        // After a crash the old member must time out before the new one gets the task: keep that short,
        // and do not wait minutes for a departed worker to come back (there is only ever this one).
        props.put("session.timeout.ms", "6000");
        props.put("heartbeat.interval.ms", "2000");
        props.put("rebalance.timeout.ms", "10000");
        props.put("scheduled.rebalance.max.delay.ms", "0");
        props.put("offset.flush.interval.ms", "1000");
        // A task killed mid-transaction leaves it open on cloudtrail.events and on the offsets topic, and a worker
        // starting in its place reads that topic read-committed before it can do anything: it waits until the
        // coordinator aborts the orphan, after the transaction timeout (60 s by default, longer than the start-up
        // allows). A task's transaction spans one poll's batch and commits in well under a second; 20 s leaves room
        // for a slow machine and a restart of the task's predecessor costs at most that.
        props.put("producer.transaction.timeout.ms", String.valueOf(TASK_TRANSACTION_TIMEOUT.toMillis()));
        // Connect's start-up calls Exit.exit(3) when it fails, which would take the whole CLI down with no message.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka Connect failed to start" + (message == null ? "" : ": " + message));
        });
        // Nor may it add its own shutdown hook: on Ctrl-C it would stop Connect while we stop the broker under it.
        // The pipeline stops Connect first, then Streams, then the broker.
        Exit.setShutdownHookAdder((name, hook) -> { });
        try {
            return new ConnectWorker(new ConnectDistributed().startConnect(props));
        } finally {
            Exit.resetExitProcedure();
            Exit.resetShutdownHookAdder();
        }
    }

    /** The worker group's offsets topic, where exactly-once source tasks commit their offsets transactionally. */
    public static String offsetsTopic(String groupId) {
        return groupId + "-offsets";
    }

    /** Creates or updates the connector and waits until the worker has accepted it. */
    public void putConnector(String name, Map<String, String> config, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet: the worker may still be joining its group or reading its topics to the end, "
                + "which waits for a transaction left open by a killed predecessor to be aborted";
        while (System.nanoTime() < deadline) {
            // Right after start the worker may still be joining its group and refuse the request: retry.
            FutureCallback<Object> done = new FutureCallback<>();
            connect.herder().putConnectorConfig(name, config, true, (error, result) -> done.onCompletion(error, result));
            try {
                done.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof BadRequestException invalid) {
                    // An invalid configuration will not become valid by asking again.
                    throw new IllegalStateException("connector " + name + " was refused: "
                            + invalid.getMessage().replace("\n", " "), invalid);
                }
                last = String.valueOf(e.getCause().getMessage()).replace("\n", " ");
                Thread.sleep(250);
            } catch (TimeoutException e) {
                break;
            }
        }
        // A bare TimeoutException once ended a restart with no clue where it came from.
        throw new TimeoutException("the Connect worker did not accept connector " + name + " within "
                + timeout.toSeconds() + " s (" + last + ")");
    }

    /** The connector's and its tasks' states, or null while the worker does not know it yet. */
    public ConnectorStateInfo status(String name) {
        try {
            return connect.herder().connectorStatus(name);
        } catch (RuntimeException notYetKnown) {
            return null;
        }
    }

    /** A task's failure trace, if the connector or one of its tasks has failed; else null. */
    public String failure(String name) {
        ConnectorStateInfo info = status(name);
        if (info == null) {
            return null;
        }
        if ("FAILED".equals(info.connector().state())) {
            return info.connector().trace();
        }
        return info.tasks().stream().filter(t -> "FAILED".equals(t.state())).map(t -> t.trace()).findFirst()
                .orElse(null);
    }

    @Override
    public void close() {
        Thread stopper = new Thread(() -> {
            connect.stop();
            connect.awaitStop();
        }, "trailstream-connect-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            // Jetty's shutdown has been seen to hang once in a while: give it a bounded time.
            stopper.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
