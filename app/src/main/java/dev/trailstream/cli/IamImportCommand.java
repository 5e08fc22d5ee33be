package dev.trailstream.cli;

import dev.trailstream.runtime.KafkaClientSettings;
import dev.trailstream.iam.PreparedSnapshot;
import dev.trailstream.iam.SnapshotFiles;
import dev.trailstream.iam.SnapshotPublisher;
import dev.trailstream.runtime.Pipeline;
import dev.trailstream.runtime.TopicSetup;
import dev.trailstream.runtime.UsageException;
import dev.trailstream.topology.Topics;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code trailstream iam import FILE...}: publishes account exports to a Kafka cluster's IAM snapshot topic. Every
 * file is checked before the first is sent, so a typo in the last one leaves the topic as it was.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish `aws iam get-account-authorization-details` exports, one file per",
                "account, to trailstream.iam-snapshots; a newer snapshot replaces the",
                "account's previous one. Every file is checked before any is published."})
public final class IamImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Export files, one account each.")
    List<Path> files;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka cluster to publish to (required: the embedded broker lives inside `run`).")
    String bootstrapServers;

    @Option(names = "--taken-at", paramLabel = "ISO",
            description = "When the exports were taken, e.g. 2026-12-01T09:30:00Z (default: each file's modification time).")
    String takenAt;

    @Option(names = "--force", description = "Publish a snapshot even when the topic holds a newer one of its account.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (bootstrapServers == null) {
            throw new UsageException("iam import needs --bootstrap-servers HOST:PORT; to publish to the embedded broker,"
                    + " give the files to run: trailstream run --iam FILE ...");
        }
        if (!bootstrapServers.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*")) {
            throw new UsageException("--bootstrap-servers " + bootstrapServers + ": expected HOST:PORT[,HOST:PORT...]");
        }
        List<PreparedSnapshot> snapshots = SnapshotFiles.prepare(files, takenAt(), "");
        String topic = Topics.defaults().iamSnapshots().name();
        ensureTopic();
        PrintWriter out = spec.commandLine().getOut();
        for (SnapshotPublisher.Outcome outcome : SnapshotPublisher.publish(bootstrapServers, topic, snapshots, force)) {
            out.println(outcome.line());
        }
        out.flush();
        return 0;
    }

    private Optional<Instant> takenAt() {
        if (takenAt == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(takenAt).toInstant());
        } catch (DateTimeParseException notATime) {
            try {
                return Optional.of(LocalDate.parse(takenAt).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notADate) {
                throw new UsageException("--taken-at " + takenAt + ": expected an ISO time such as 2026-12-01T09:30:00Z"
                        + " or a date (midnight UTC)");
            }
        }
    }

    /** The topic as TrailStream makes it (16 MiB records), unless it exists; an unreachable cluster is one line. */
    private void ensureTopic() throws InterruptedException {
        TopicSetup.TopicSpec topic = Pipeline.iamSnapshotsSpec(Topics.defaults());
        try (AdminClient admin = AdminClient.create(KafkaClientSettings.admin(bootstrapServers))) {
            try {
                admin.describeCluster().clusterId().get(12, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new UsageException("cannot reach Kafka at " + bootstrapServers + ": check --bootstrap-servers");
            }
            try {
                TopicSetup.ensure(admin, List.of(topic), Optional.empty());
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot create " + topic.name() + ": " + e.getMessage(), e);
            }
        }
    }
}
