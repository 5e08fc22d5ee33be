package dev.trailstream.cli;

import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.runtime.Ports;
import dev.trailstream.topology.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.trailstream.cli.UsageErrorsTest.assertOneLineUsageError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --replication-factor}: how replicated the topics TrailStream creates on an existing cluster are (the
 * docker-compose stack passes 3 for its three brokers). A single embedded broker can only show that the number
 * reaches topic creation: asking it for two replicas must fail, where the broker's default (1) works.
 */
class ReplicationFactorFlagTest {
    @TempDir
    Path tmp;

    @Test
    void refusesAReplicationFactorWithoutAnExistingCluster() {
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--replication-factor", "3"),
                "--replication-factor goes with --bootstrap-servers");
    }

    @Test
    void refusesAReplicationFactorBelowOneOrAboveThirtyTwo() {
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--bootstrap-servers",
                "kafka-1:9092", "--replication-factor", "0"), "--replication-factor 0: must be between 1 and 32");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--bootstrap-servers",
                "kafka-1:9092", "--replication-factor", "33"), "--replication-factor 33: must be between 1 and 32");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--bootstrap-servers",
                "kafka-1:9092", "--replication-factor", "three"), "Invalid value for option '--replication-factor'");
    }

    @Test
    void asksTheClusterForTheReplicasGivenAndSaysInOneLineWhenItHasTooFewBrokers() throws Exception {
        Files.writeString(tmp.resolve("empty.json"), "{\"Records\":[]}");
        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), Ports.free(), Ports.free())) {
            RunOnceTest.Result result = RunOnceTest.run("run", "--source", tmp.toString(), "--once", "--state-dir",
                    tmp.resolve("state").toString(), "--bootstrap-servers", broker.bootstrapServers(),
                    "--replication-factor", "2", "--partitions", "1");
            assertOneLineUsageError(result, "--replication-factor must not exceed the number of brokers");
            assertThat(result.err()).contains("replication factor").contains("2");
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(Topics.EVENTS);

                // The same run with one replica, which one broker can hold: every topic is created with it.
                RunOnceTest.Result one = RunOnceTest.run("run", "--source", tmp.toString(), "--once", "--state-dir",
                        tmp.resolve("state").toString(), "--bootstrap-servers", broker.bootstrapServers(),
                        "--replication-factor", "1", "--partitions", "1");
                assertThat(one.rc()).as(one.err()).isZero();
                Set<String> names = Set.of(Topics.EVENTS, Topics.FINDINGS);
                Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                assertThat(topics.values()).hasSize(2).allSatisfy(t -> assertThat(t.partitions())
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(1)));
                assertThat(List.copyOf(topics.keySet())).containsExactlyInAnyOrderElementsOf(names);
            }
        }
    }
}
