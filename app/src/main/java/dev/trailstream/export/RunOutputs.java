package dev.trailstream.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trailstream.finding.FindingActivity;
import dev.trailstream.finding.IamAnalysisFinding;
import dev.trailstream.finding.Severity;
import dev.trailstream.iam.AccessReports;
import dev.trailstream.runtime.Pipeline;
import dev.trailstream.topology.Json;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the outputs of a run: {@code summary.json}, {@code findings.jsonl} (each finding's latest state) and
 * {@code principals.jsonl} (one behaviour profile per principal); and, when IAM snapshots are on the topic, the
 * least-privilege report and rightsized policies ({@link LeastPrivilegeOutputs}) and the roles-versus-users report
 * ({@link RolesVersusUsersOutput}). Call once the pipeline has drained.
 */
public final class RunOutputs {
    /** The prefix of the {@code findings.allowed|<analytic id>} counters. */
    private static final String ALLOWED = PipelineStats.findingsAllowed("");
    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private RunOutputs() {
    }

    /** Computes the summary and, when {@code out} is given, writes the three files there. */
    public static Summary write(Pipeline pipeline, Path out) throws IOException {
        return write(pipeline, out, Optional.empty());
    }

    /**
     * Computes the summary and, when {@code out} is given, writes the files there, the least-privilege ones too when
     * the run reviewed IAM snapshots.
     *
     * @param review the run's access review, done once the pipeline drained (empty without snapshots or events);
     *               its credential reports also feed the roles-versus-users output
     */
    public static Summary write(Pipeline pipeline, Path out, Optional<AccessReports> review) throws IOException {
        Map<String, Long> stats = stats(pipeline.streams());
        ObjectLog objects = ObjectLog.read(pipeline.bootstrapServers(), pipeline.topics().objects().name(),
                pipeline.topics().ingestErrors().name());

        // The topic carries every create, update and close; the file holds where each finding stands now.
        Map<String, JsonNode> findings = new LinkedHashMap<>();
        Set<String> workloadKeyUsers = new TreeSet<>();
        CommittedTopic.forEach(pipeline.bootstrapServers(), pipeline.topics().findings().name(), r -> {
            try {
                JsonNode finding = JSON.readTree(r.value());
                findings.put(finding.path("finding_info").path("uid").asText(), finding);
                String keyUser = RolesVersusUsersOutput.workloadKeyUser(finding, r.key());
                if (keyUser != null) {
                    workloadKeyUsers.add(keyUser);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // Detections (what happened) and the access review (what is granted and unused) are counted apart: one
        // is about events, the other about the IAM configuration, and their numbers mean different things.
        List<JsonNode> detections = new ArrayList<>();
        Map<String, Long> accessByAnalytic = new TreeMap<>();
        for (JsonNode f : findings.values()) {
            if (f.path("class_uid").asInt() == IamAnalysisFinding.CLASS_UID) {
                if (f.path("activity_id").asInt() != FindingActivity.CLOSE.id()) {
                    accessByAnalytic.merge(ruleOf(f), 1L, Long::sum);
                }
            } else {
                detections.add(f);
            }
        }
        Map<String, Long> byRule = new TreeMap<>();
        detections.forEach(f -> byRule.merge(ruleOf(f), 1L, Long::sum));
        Map<String, Long> bySeverity = bySeverity(detections);
        Map<String, Long> allowed = allowedByAnalytic(stats);

        long principals = out == null ? countPrincipals(pipeline.streams())
                : writePrincipals(pipeline.streams(), out.resolve("principals.jsonl"));
        LeastPrivilegeSummary leastPrivilege = null;
        RolesVersusUsersSummary rolesVsUsers = null;
        if (out != null && review.isPresent()) {
            leastPrivilege = LeastPrivilegeOutputs.write(review.get(), out).withFindings(accessByAnalytic);
            rolesVsUsers = RolesVersusUsersOutput.write(review.get(), workloadKeyUsers, out);
        }
        Summary summary = new Summary(
                stats.getOrDefault(PipelineStats.EVENTS_CONSUMED, 0L),
                stats.getOrDefault(PipelineStats.EVENTS_UNIQUE, 0L),
                stats.getOrDefault(PipelineStats.EVENTS_DUPLICATE, 0L),
                stats.getOrDefault(PipelineStats.EVENTS_REJECTED, 0L) + objects.recordErrors(),
                objects.read(), objects.failed(), objects.skipped(), objects.errors(),
                principals, stats.getOrDefault(PipelineStats.PRINCIPALS_EVICTED, 0L), detections.size(), byRule,
                bySeverity,
                allowed.values().stream().mapToLong(Long::longValue).sum(), allowed, leastPrivilege, rolesVsUsers);
        if (out != null) {
            Files.createDirectories(out);
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve("findings.jsonl"), StandardCharsets.UTF_8)) {
                for (JsonNode f : findings.values()) {
                    w.write(JSON.writeValueAsString(f));
                    w.newLine();
                }
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("summary.json").toFile(), summary);
        }
        return summary;
    }

    /**
     * The id of the rule that raised a finding ({@code finding_info.analytic.uid}): unique across the pack, the same
     * in the rule file, RULES.md and {@code --rules} folders, where types may be shared by several rules. A finding
     * written before findings named their rule came from the only detection there was, root usage.
     */
    static String ruleOf(JsonNode finding) {
        JsonNode info = finding.path("finding_info");
        String rule = info.path("analytic").path("uid").asText("");
        if (!rule.isEmpty()) {
            return rule;
        }
        String type = info.path("types").path(0).asText("");
        return type.isEmpty() ? "unknown" : "trailstream." + type;
    }

    /** Counts by OCSF severity, most severe first, naming only the severities present. */
    static Map<String, Long> bySeverity(Collection<JsonNode> findings) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Severity> descending = new ArrayList<>(List.of(Severity.values()));
        Collections.reverse(descending);
        for (Severity severity : descending) {
            long n = findings.stream().filter(f -> f.path("severity_id").asInt(0) == severity.id()).count();
            if (n > 0) {
                counts.put(severity.caption().toLowerCase(Locale.ROOT), n);
            }
        }
        return counts;
    }

    /**
     * The matches the allow-list silenced, by analytic id (the {@code findings.allowed|<analytic id>} counters of
     * {@code stats}), in id order; empty without an allow-list.
     */
    public static Map<String, Long> allowedByAnalytic(Map<String, Long> stats) {
        Map<String, Long> allowed = new TreeMap<>();
        stats.forEach((counter, count) -> {
            if (counter.startsWith(ALLOWED)) {
                allowed.merge(counter.substring(ALLOWED.length()), count, Long::sum);
            }
        });
        return allowed;
    }

    /** Sums each counter over every partition's store: each task keeps its own. */
    public static Map<String, Long> stats(KafkaStreams streams) {
        ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                Stores.PIPELINE_STATS, QueryableStoreTypes.<String, Long>keyValueStore()));
        return PipelineStats.sum(store.all());
    }

    private static <V> ReadOnlyKeyValueStore<String, V> profiles(KafkaStreams streams) {
        return streams.store(StoreQueryParameters.fromNameAndType(
                Stores.PRINCIPAL_PROFILES, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private static long countPrincipals(KafkaStreams streams) {
        long n = 0;
        try (KeyValueIterator<String, Object> all = RunOutputs.<Object>profiles(streams).all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private static long writePrincipals(KafkaStreams streams, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        long n = 0;
        // Streamed from the store to the file: never all profiles in memory at once.
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             KeyValueIterator<String, Object> all = RunOutputs.<Object>profiles(streams).all()) {
            while (all.hasNext()) {
                KeyValue<String, Object> kv = all.next();
                w.write(Json.line(kv.value));
                w.newLine();
                n++;
            }
        }
        return n;
    }
}
