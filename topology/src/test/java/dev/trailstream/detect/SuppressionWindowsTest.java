package dev.trailstream.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.trailstream.topology.TestEvents.ALICE;
import static dev.trailstream.topology.TestEvents.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuppressionWindowsTest {
    private static final String ROOT_USAGE = "trailstream.root-account-usage";
    private static final String DENIED_BURST = "trailstream.anomaly.denied-burst";

    @Test
    void groupsARulesMatchesForAWeekWhenTheFileSaysSo() {
        FindingsFile file = parse("""
                suppress:
                  - rules: trailstream.root-*
                    window: 7d
                """);
        // 2024-08-01 is a Thursday: epoch-aligned weeks run Thursday to Wednesday (UTC).
        try (PipelineDriver pipeline = new PipelineDriver(config(file))) {
            pipeline.send(ROOT, root("r1", "2024-08-01T08:00:00Z"));
            pipeline.send(ROOT, root("r2", "2024-08-05T08:00:00Z"));
            pipeline.send(ROOT, root("r3", "2024-08-07T23:59:59Z"));
            pipeline.send(ROOT, root("r4", "2024-08-08T00:00:00Z"));

            List<JsonNode> findings = pipeline.findings();
            assertThat(findings).extracting(f -> f.path("activity_id").asInt()).containsExactly(1, 2, 2, 1);
            assertThat(uids(findings).subList(0, 3)).containsOnly(uids(findings).get(0));
            assertThat(uids(findings).get(3)).isNotEqualTo(uids(findings).get(0));
            assertThat(findings.get(2).path("finding_info").path("related_events_count").asLong()).isEqualTo(3);
            assertThat(uids(findings).get(0)).isEqualTo(FindingGroup.uid(ROOT_USAGE, ROOT,
                    "2024-08-01T00:00:00Z/PT168H"));
        }
    }

    @Test
    void keepsADaysUidsWithoutAFile() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ROOT, root("r1", "2024-08-01T08:00:00Z"));
            pipeline.send(ROOT, root("r2", "2024-08-02T08:00:00Z"));

            assertThat(uids(pipeline.findings())).containsExactly(
                    FindingGroup.uid(ROOT_USAGE, ROOT, java.time.LocalDate.parse("2024-08-01")),
                    FindingGroup.uid(ROOT_USAGE, ROOT, java.time.LocalDate.parse("2024-08-02")));
        }
    }

    @Test
    void splitsAnAnomalyIntoShorterWindowsWhenAsked() {
        FindingsFile file = parse("""
                suppress:
                  - rules: trailstream.anomaly.*
                    window: 2h
                """);
        try (PipelineDriver pipeline = new PipelineDriver(config(file))) {
            Instant start = Instant.parse("2024-08-01T09:56:30Z");
            String[] names = {"ListUsers", "ListRoles", "GetUser", "ListPolicies", "ListGroups"};
            for (int i = 0; i < 14; i++) {   // every 20 s from 09:56:30: a burst from 09:59:30, on past 10:00
                pipeline.send(ALICE, TestEvents.byUser("alice").id("d" + i).at(start.plusSeconds(20L * i).toString())
                        .call("iam.amazonaws.com", names[i % 5]).set("errorCode", "AccessDenied").json());
            }
            List<JsonNode> bursts = pipeline.findings().stream().filter(f -> analytic(f).equals(DENIED_BURST))
                    .toList();
            assertThat(uids(bursts).stream().distinct()).containsExactly(
                    FindingGroup.uid(DENIED_BURST, ALICE, "2024-08-01T08:00:00Z/PT2H"),
                    FindingGroup.uid(DENIED_BURST, ALICE, "2024-08-01T10:00:00Z/PT2H"));
        }
    }

    @Test
    void keepsOpenGroupsLongerThanTheLongestWindow() {
        FindingWindows windows = parse("""
                suppress:
                  - rules: "*"
                    window: 14d
                """).windows();
        assertThat(RuleDetections.openGroupRetentionMs(Duration.ofDays(2), windows))
                .isEqualTo(Duration.ofDays(15).toMillis());
        assertThat(RuleDetections.openGroupRetentionMs(Duration.ofDays(2), FindingWindows.DEFAULTS))
                .isEqualTo(Duration.ofDays(2).toMillis());
    }

    @Test
    void takesTheFirstMatchingEntry() {
        FindingWindows windows = parse("""
                suppress:
                  - rules: trailstream.anomaly.denied-burst
                    window: 1h
                  - rules: trailstream.anomaly.*
                    window: PT12H
                """).windows();
        assertThat(windows.window(DENIED_BURST, Duration.ofDays(1))).isEqualTo(Duration.ofHours(1));
        assertThat(windows.window("trailstream.anomaly.first-time-region", Duration.ofDays(1)))
                .isEqualTo(Duration.ofHours(12));
        assertThat(windows.window(ROOT_USAGE, Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void readsAllowAndSuppressFromOneFile() {
        FindingsFile file = parse("""
                allow:
                  - reason: CI attaches policies on every deploy
                    principal: "*:role/ci-deployer"
                suppress:
                  - rules: "*"
                    window: 12h
                """);
        assertThat(file.allowList().size()).isEqualTo(1);
        assertThat(file.windows().overrides()).containsEntry("*", Duration.ofHours(12));
    }

    @Test
    void refusesWindowsThatDoNotTileADayListingEveryProblem() {
        assertThatThrownBy(() -> parse("""
                suppress:
                  - rules: trailstream.*
                    window: 5h
                  - window: 1d
                  - rules: x
                    window: 40d
                    colour: blue
                """)).isInstanceOf(InvalidAllowListException.class)
                .satisfies(e -> assertThat(((InvalidAllowListException) e).problems()).containsExactly(
                        "test: suppress entry 1: window: '5h' is not a window; use whole hours that divide a day "
                                + "(1h, 2h, 3h, 4h, 6h, 8h, 12h) or whole days up to 31d (1d, 7d)",
                        "test: suppress entry 2: rules: required, globs on analytic ids (e.g. 'trailstream.anomaly.*')",
                        "test: suppress entry 3: unknown field 'colour'; the fields are rules, window",
                        "test: suppress entry 3: window: '40d' is not a window; use whole hours that divide a day "
                                + "(1h, 2h, 3h, 4h, 6h, 8h, 12h) or whole days up to 31d (1d, 7d)"));
    }

    @Test
    void refusesUnknownSections() {
        assertThatThrownBy(() -> parse("""
                allowed:
                  - reason: typo
                """)).isInstanceOf(InvalidAllowListException.class).hasMessageContaining("'allow'")
                .hasMessageContaining("'suppress'");
    }

    @Test
    void namesWindowsByTheirStart() {
        Instant t = Instant.parse("2024-08-02T08:30:00Z");
        assertThat(FindingWindows.period(t, Duration.ofDays(1))).isEqualTo("2024-08-02");
        assertThat(FindingWindows.period(t, Duration.ofHours(1))).isEqualTo("2024-08-02T08");
        assertThat(FindingWindows.period(t, Duration.ofHours(6))).isEqualTo("2024-08-02T06:00:00Z/PT6H");
        assertThat(FindingWindows.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(FindingWindows.parse("7D")).isEqualTo(Duration.ofDays(7));
        assertThat(FindingWindows.parse("36h")).isNull();
        assertThat(FindingWindows.parse("48h")).isEqualTo(Duration.ofDays(2));
        assertThat(FindingWindows.parse("PT30M")).isNull();
        assertThat(FindingWindows.parse("0h")).isNull();
    }

    private static TopologyConfig config(FindingsFile file) {
        return TopologyConfig.defaults().withAllowList(file.allowList()).withFindingWindows(file.windows());
    }

    private static FindingsFile parse(String yaml) {
        return FindingsFile.parse("test", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static String root(String id, String time) {
        return TestEvents.byRoot().id(id).at(time).json();
    }

    private static String analytic(JsonNode finding) {
        return finding.path("finding_info").path("analytic").path("uid").asText();
    }

    private static List<String> uids(List<JsonNode> findings) {
        return findings.stream().map(f -> f.path("finding_info").path("uid").asText()).toList();
    }
}
