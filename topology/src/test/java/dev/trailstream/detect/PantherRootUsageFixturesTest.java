package dev.trailstream.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.event.ParseEvents;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.SharedData;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Panther's labelled CloudTrail rule tests. They are hand-made single events: many share eventIDs such as "1" and
 * many carry Panther's own zone-less time format, so the counts below are what strict parsing of this file gives.
 */
class PantherRootUsageFixturesTest {

    @Test
    void everyRootEventMadeByAPersonYieldsAFindingNamingItsEventId() {
        List<JsonNode> rootEvents = SharedData.pantherTests().stream()
                .map(test -> test.path("log"))
                .filter(log -> "Root".equals(log.path("userIdentity").path("type").asText()))
                .toList();
        // 14 root events: one has no eventID and one a "redacted" eventTime; none is made by a service.
        assertThat(rootEvents).hasSize(14);

        int flagged = 0;
        int rejected = 0;
        for (JsonNode log : rootEvents) {
            // One pipeline per event: the fixtures reuse eventIDs, which de-duplication would rightly drop.
            try (PipelineDriver pipeline = new PipelineDriver()) {
                pipeline.send(null, log.toString());
                // Other rules may fire too (a root sign-in without MFA); this test is about root usage.
                List<JsonNode> findings = pipeline.findings().stream().filter(finding -> RootAccountUsage.ID.equals(
                        finding.path("finding_info").path("analytic").path("uid").asText())).toList();
                if (pipeline.dlq().isEmpty()) {
                    assertThat(findings).as("finding for %s", log).singleElement().satisfies(finding ->
                            assertThat(finding.path("finding_info").path("related_events").get(0).path("uid")
                                    .asText()).isEqualTo(log.path("eventID").asText()));
                    flagged++;
                } else {
                    assertThat(findings).isEmpty();
                    rejected++;
                }
            }
        }
        assertThat(flagged).isEqualTo(12);
        assertThat(rejected).isEqualTo(2);
    }

    @Test
    void rejectsOnlyEventsWithoutAnIdOrAnIsoEventTime() {
        List<JsonNode> tests = SharedData.pantherTests();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            tests.forEach(test -> pipeline.send(null, test.path("log").toString()));

            Map<String, Integer> byReason = new TreeMap<>();
            for (TestRecord<String, byte[]> record : pipeline.dlq()) {
                String reason = new String(record.headers().lastHeader(ParseEvents.ERROR_REASON).value(),
                        StandardCharsets.UTF_8);
                byReason.merge(reason.startsWith("eventTime is not") ? "eventTime is not ISO-8601" : reason, 1,
                        Integer::sum);
            }
            // Derived from the file: 56 logs lack eventID, 2 lack eventTime, 118 use "yyyy-MM-dd HH:mm:ss[.f]".
            assertThat(byReason).isEqualTo(Map.of("eventID is missing", 56, "eventTime is missing", 2,
                    "eventTime is not ISO-8601", 118));
            Map<String, Long> stats = pipeline.stats();
            assertThat(stats).containsEntry(PipelineStats.EVENTS_CONSUMED, 461L)
                    .containsEntry(PipelineStats.EVENTS_REJECTED, 176L);
            assertThat(stats.get(PipelineStats.EVENTS_UNIQUE) + stats.get(PipelineStats.EVENTS_DUPLICATE))
                    .isEqualTo(285L);
        }
    }
}
