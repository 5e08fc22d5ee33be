package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.topology.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code trailstream run --bootstrap-servers} against the official {@code apache/kafka} image the docker-compose stack
 * runs, for machines with Docker; without a Docker engine it is skipped. The same path (an existing cluster, the
 * in-process Connect worker and Streams against it) is covered everywhere by the embedded-broker tests that pass
 * {@code --bootstrap-servers}: {@code BadInputTest}, {@code ReplicationFactorFlagTest}, {@code IamImportTest} and
 * {@code TwoInstancesQueryIT} (two instances sharing one application id).
 */
@Testcontainers(disabledWithoutDocker = true)
class ApacheKafkaImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.4.0");

    @TempDir
    Path tmp;

    @Test
    void analysesASimulatedOrganisationOnTheApacheKafkaImageWithExactCounts() throws Exception {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 31);
        CloudTrailFolder expected = CloudTrailFolder.of(logs);
        ExpectedFindings expectedFindings = ExpectedFindings.ofSimulated(logs);
        Path out = tmp.resolve("out");

        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--bootstrap-servers",
                KAFKA.getBootstrapServers(), "--replication-factor", "1", "--state-dir", tmp.resolve("state").toString(),
                "--once", "--out", out.toString(), "--partitions", "3");

        assertThat(result.rc()).as(result.err()).isZero();
        assertThat(result.err()).contains("Connecting to Kafka at " + KAFKA.getBootstrapServers());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("events_ingested").asLong()).isEqualTo(expected.events());
        assertThat(summary.path("events_unique").asLong()).isEqualTo(expected.eventIds().size());
        assertThat(summary.path("events_duplicate").asLong()).isZero();
        assertThat(summary.path("events_rejected").asLong()).isZero();
        assertThat(summary.path("files_read").asLong()).isEqualTo(expected.eventFiles());
        assertThat(summary.path("files_skipped").asLong()).isEqualTo(expected.digestFiles());
        assertThat(summary.path("principals").asLong()).isEqualTo(expected.principals().size());
        expectedFindings.assertSummary(summary, "apache/kafka image");
        expectedFindings.assertFindingsFile(out.resolve("findings.jsonl"), "apache/kafka image");
        assertThat(result.out()).contains(String.format("findings   %,d: ", expectedFindings.groups().size()));

        // The topics are on the container's broker, with the partitions asked for.
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA.getBootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.EVENTS, Topics.FINDINGS))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get(Topics.EVENTS).partitions()).hasSize(3);
            assertThat(topics.get(Topics.FINDINGS).partitions()).hasSize(3);
        }
    }
}
