package dev.trailstream.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.detect.FindingsFile;
import dev.trailstream.detect.InvalidAllowListException;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.trailstream.topology.TestEvents.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnomalyTuningTest {
    @Test
    void readsEveryThresholdFromTheFindingsFile() {
        AnomalySettings settings = parse("""
                anomalies:
                  learningPeriod: 14d
                  deniedBurst: {window: 2m, calls: 20, actions: 4}
                  rateSpike: {callFloor: 50, errorFloor: 8, spreads: 4.5, minActiveMinutes: 120, minHistory: 2d}
                  longTermKeys: {hours: 22, sourceIps: 8}
                """).anomalies();

        assertThat(settings.learningPeriod()).isEqualTo(Duration.ofDays(14));
        assertThat(settings.deniedWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.deniedMinCalls()).isEqualTo(20);
        assertThat(settings.deniedMinActions()).isEqualTo(4);
        assertThat(settings.rateSpikes().callFloor()).isEqualTo(50);
        assertThat(settings.rateSpikes().errorFloor()).isEqualTo(8);
        assertThat(settings.rateSpikes().spreads()).isEqualTo(4.5);
        assertThat(settings.rateSpikes().minActiveMinutes()).isEqualTo(120);
        assertThat(settings.rateSpikes().minHistory()).isEqualTo(Duration.ofDays(2));
        assertThat(settings.rateSpikes().baselineCap()).isGreaterThanOrEqualTo(240);
        assertThat(settings.workloadKeys().minHours()).isEqualTo(22);
        assertThat(settings.workloadKeys().minSourceIps()).isEqualTo(8);
    }

    @Test
    void keepsTheDefaultsOfWhatItLeavesOut() {
        AnomalySettings settings = parse("""
                anomalies:
                  deniedBurst: {calls: 12}
                """).anomalies();

        AnomalySettings defaults = AnomalySettings.defaults();
        assertThat(settings.deniedMinCalls()).isEqualTo(12);
        assertThat(settings.deniedMinActions()).isEqualTo(defaults.deniedMinActions());
        assertThat(settings.learningPeriod()).isEqualTo(defaults.learningPeriod());
        assertThat(settings.rateSpikes()).isEqualTo(defaults.rateSpikes());
        assertThat(parse("allow: []").anomalies()).isEqualTo(defaults);
    }

    @Test
    void listsEveryMistakeWithItsFieldAndWhatIsAllowed() {
        assertThatThrownBy(() -> parse("""
                anomalies:
                  learningPeriod: a week
                  deniedBurst: {calls: 3, actions: 5, burst: yes}
                  rateSpike: {callFloor: many}
                  longTerm: {}
                """)).isInstanceOf(InvalidAllowListException.class)
                .satisfies(e -> assertThat(((InvalidAllowListException) e).problems()).containsExactly(
                        "test: anomalies: unknown field 'longTerm'; the fields are deniedBurst, learningPeriod, "
                                + "longTermKeys, rateSpike",
                        "test: anomalies: learningPeriod: 'a week' is not a duration; use e.g. 90s, 5m, 12h, 7d",
                        "test: anomalies: deniedBurst: unknown field 'burst'; the fields are actions, calls, window",
                        "test: anomalies: rateSpike: callFloor: 'many' is not a whole number"));
        assertThatThrownBy(() -> parse("""
                anomalies:
                  deniedBurst: {calls: 3, actions: 5}
                """)).isInstanceOf(InvalidAllowListException.class)
                .satisfies(e -> assertThat(((InvalidAllowListException) e).problems()).containsExactly(
                        "test: anomalies: need 1 <= deniedMinActions <= deniedMinCalls, were 5 and 3"));
    }

    @Test
    void aShorterLearningPeriodFromTheFileLetsFirstTimeBehaviourSpeakSooner() {
        FindingsFile file = parse("""
                anomalies:
                  learningPeriod: 1d
                """);
        Instant day0 = Instant.parse("2024-08-01T09:00:00Z");
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults()
                .withAnomalies(file.anomalies()))) {
            pipeline.send(ALICE, TestEvents.byUser("alice").id("a1").at(day0.toString()).json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("a2").at(day0.plusSeconds(2 * 86_400).toString())
                    .call("iam.amazonaws.com", "PutUserPolicy").json());

            List<JsonNode> findings = pipeline.findings();
            assertThat(findings).extracting(f -> f.path("finding_info").path("analytic").path("uid").asText())
                    .contains("trailstream.anomaly.first-time-action");
        }
    }

    private static FindingsFile parse(String yaml) {
        return FindingsFile.parse("test", yaml.getBytes(StandardCharsets.UTF_8));
    }
}
