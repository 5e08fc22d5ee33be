package dev.trailstream.runtime;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FindingsMetricsTest {

    @Test
    void countsADetectionFindingByClassAnalyticSeverityTacticAndActivity() {
        FindingsMetrics.Finding f = FindingsMetrics.parse("arn:aws:iam::111122223333:user/alice", detection("u1",
                1, 1_733_000_000_000L, "High", "{\"tactic\":{\"uid\":\"TA0004\",\"name\":\"Privilege Escalation\"}}"));

        assertThat(f.counterTags()).extracting(t -> t.getKey() + "=" + t.getValue()).containsExactlyInAnyOrder(
                "class=detection", "analytic=trailstream.root-usage", "severity=high",
                "tactic=Privilege Escalation", "activity=create");
        assertThat(f.principal()).isEqualTo("arn:aws:iam::111122223333:user/alice");
        assertThat(f.account()).isEqualTo("111122223333");
    }

    @Test
    void saysNoneForAFindingWithoutAttackAndOtherForARecordThatIsNoFinding() {
        FindingsMetrics.Finding f = FindingsMetrics.parse("k", detection("u1", 2, 1L, "Low", null));
        assertThat(f.tactic()).isEqualTo("none");
        assertThat(f.activity()).isEqualTo("update");

        FindingsMetrics.Finding garbage = FindingsMetrics.parse("k", "not json".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.findingClass()).isEqualTo("other");
        assertThat(garbage.analytic()).isEqualTo("unknown");
    }

    @Test
    void keepsTheLatestOpenFindingsOnlyOnePerUid() {
        FindingsMetrics.Latest latest = new FindingsMetrics.Latest(3);
        for (int i = 0; i < 10; i++) {
            latest.add(FindingsMetrics.parse("k", detection("u" + i, 1, 1_000L * i, "Low", null)));
        }
        // An update of the newest finding replaces it; a close of another removes it.
        latest.add(FindingsMetrics.parse("k", detection("u9", 2, 20_000L, "High", null)));
        latest.add(FindingsMetrics.parse("k", detection("u8", 3, 21_000L, "Low", null)));

        assertThat(latest.findings()).extracting(FindingsMetrics.Finding::uid).containsExactly("u9", "u7");
        assertThat(latest.findings().get(0).severity()).isEqualTo("high");
    }

    @Test
    void showsNoMoreThanTheLatestTwentyFindingsWhateverTheTopicHolds() {
        FindingsMetrics.Latest latest = new FindingsMetrics.Latest(FindingsMetrics.LATEST);
        for (int i = 0; i < 50; i++) {
            latest.add(FindingsMetrics.parse("p" + i, detection("u" + i, 1, 1_000L * i, "Medium", null)));
        }
        var rows = FindingsMetrics.latestRows(latest.findings());
        assertThat(rows).hasSize(FindingsMetrics.LATEST);
    }

    private static byte[] detection(String uid, int activity, long time, String severity, String attack) {
        String json = "{\"activity_id\":" + activity + ",\"class_uid\":2004,\"severity\":\"" + severity
                + "\",\"time\":" + time + ",\"finding_info\":{\"uid\":\"" + uid + "\",\"title\":\"Root used\","
                + "\"analytic\":{\"uid\":\"trailstream.root-usage\"}},\"cloud\":{\"account\":{\"uid\":\"111122223333\"}}"
                + (attack == null ? "" : ",\"attacks\":[" + attack + "]") + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
