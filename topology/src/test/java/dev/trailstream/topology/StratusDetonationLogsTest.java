package dev.trailstream.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.normalize.Principals;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stratus Red Team's recorded attacks: real CloudTrail, no root user, every eventID unique. */
class StratusDetonationLogsTest {

    @Test
    void parsesEveryDetonationEventAndFindsNoRootUsage() {
        List<JsonNode> events = SharedData.stratusEvents();
        assertThat(events).hasSize(310);
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (JsonNode event : events) {
                // Keyed as the connector keys them.
                pipeline.send(Principals.resolve(event).orElseThrow().id(), event.toString());
            }

            assertThat(pipeline.dlq()).isEmpty();
            // The attacks do raise findings (RuleQualityTest measures them); none is root usage.
            assertThat(pipeline.findings()).extracting(f -> f.path("finding_info").path("analytic").path("uid")
                    .asText()).isNotEmpty().doesNotContain("trailstream.root-account-usage");
            // No rejection and no duplicate: those counters were never written.
            assertThat(pipeline.totals()).isEqualTo(Map.of(
                    PipelineStats.EVENTS_CONSUMED, 310L,
                    PipelineStats.EVENTS_UNIQUE, 310L));
            // 41 distinct principals: IAM users and roles across the accounts the techniques ran in.
            assertThat(pipeline.profileCount()).isEqualTo(41);
            assertThat(pipeline.profile("arn:aws:iam::056392974792:user/christophe").events()).isEqualTo(56);
        }
    }
}
