package dev.trailstream.export;

import dev.trailstream.access.Decision;
import dev.trailstream.access.DeniedAccess;
import dev.trailstream.access.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code denied} block of a {@code least-privilege.jsonl} line. */
class DeniedReportLineTest {
    private static final Instant T = Instant.parse("2026-11-02T08:00:00Z");

    private static DeniedAccess.Explanation explained(String action, long count, String statement) {
        Decision decision = new Decision(action, null, statement == null ? Outcome.ALLOWED : Outcome.IMPLICIT_DENY,
                List.of(), List.of(), null, List.of());
        return new DeniedAccess.Explanation(action, count, T, T.plusSeconds(count), null, true, decision,
                "because", statement, null);
    }

    @Test
    void listsAtMostFiftyDeniedActionsAndCountsThemAll() {
        List<DeniedAccess.Explanation> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            all.add(explained("ec2:Describe" + i, 60 - i, null));
        }

        Map<String, Object> denied = LeastPrivilegeLine.denied(all);

        assertThat(denied).containsEntry("actions", 60).containsEntry("calls", 60L * 61 / 2);
        assertThat((List<?>) denied.get("listed")).hasSize(LeastPrivilegeLine.LISTED_ACTIONS);
    }

    @Test
    void writesTheSuggestedStatementAsAnObjectAndTheDecisionInLowerCase() {
        String line = dev.trailstream.topology.Json.line(LeastPrivilegeLine.denied(List.of(explained(
                "s3:PutObject", 3, "{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}"))));

        assertThat(line).contains("\"decision\":\"implicit_deny\"")
                .contains("\"suggested_statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}")
                .contains("\"last\":\"2026-11-02T08:00:03Z\"").doesNotContain("\"resource\"");
    }
}
