package dev.trailstream.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.normalize.Principals;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.SharedData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profiles of every principal of the real Stratus Red Team detonation logs, checked field by field against what
 * the raw events say (read here with the tree model, independently of the pipeline's parser).
 */
class RealSampleProfilesTest {

    @Test
    void profilesOfTheDetonationLogsAgreeWithTheRawEvents() {
        List<JsonNode> events = SharedData.stratusEvents();
        Map<String, List<JsonNode>> byPrincipal = new HashMap<>();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (JsonNode event : events) {
                String id = Principals.resolve(event).orElseThrow().id();
                byPrincipal.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add(event);
                pipeline.send(id, event.toString());
            }

            assertThat(pipeline.profileCount()).isEqualTo(byPrincipal.size());
            byPrincipal.forEach((id, raw) -> {
                PrincipalProfile profile = pipeline.profile(id);
                assertThat(profile.events()).as("events of %s", id).isEqualTo(raw.size());
                assertThat(profile.errors()).as("errors of %s", id)
                        .isEqualTo(raw.stream().filter(e -> e.hasNonNull("errorCode")).count());
                assertThat(profile.firstSeen()).as(id).isEqualTo(raw.stream().map(RealSampleProfilesTest::time)
                        .min(Instant::compareTo).orElseThrow());
                assertThat(profile.lastSeen()).as(id).isEqualTo(raw.stream().map(RealSampleProfilesTest::time)
                        .max(Instant::compareTo).orElseThrow());
                assertThat(profile.regions().names().keySet()).as(id).isEqualTo(texts(raw, "awsRegion"));
                assertThat(profile.sourceIps().names().keySet()).as(id).isEqualTo(texts(raw, "sourceIPAddress"));
                assertThat(profile.errorCodes().names().keySet()).as(id).isEqualTo(texts(raw, "errorCode"));
                long reads = raw.stream().filter(e -> e.path("readOnly").asBoolean(false)).count();
                assertThat(profile.reads()).as("reads of %s", id).isEqualTo(reads);
                // One IAM action per event; several operations may share one (ListObjects, HeadBucket: ListBucket).
                Set<String> operations = new TreeSet<>();
                raw.forEach(e -> operations.add(e.path("eventSource").asText() + e.path("eventName").asText()));
                assertThat(profile.actions().names().values().stream().mapToLong(Seen::count).sum()).as(id)
                        .isEqualTo(raw.size());
                assertThat(profile.actions().size()).as(id).isBetween(1, operations.size());
            });
        }
    }

    private static Instant time(JsonNode event) {
        return Instant.parse(event.path("eventTime").asText());
    }

    private static Set<String> texts(List<JsonNode> events, String field) {
        Set<String> values = new TreeSet<>();
        events.forEach(e -> {
            if (e.path(field).isTextual() && !e.path(field).asText().isEmpty()) {
                values.add(e.path(field).asText());
            }
        });
        return values;
    }
}
