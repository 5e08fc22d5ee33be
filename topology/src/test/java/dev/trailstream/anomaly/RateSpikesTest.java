package dev.trailstream.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static dev.trailstream.topology.TestEvents.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

class RateSpikesTest {
    private static final String RATE_SPIKE = "trailstream.anomaly.rate-spike";
    private static final String ERROR_RATE_SPIKE = "trailstream.anomaly.error-rate-spike";
    private static final Instant DAY_0 = Instant.parse("2024-08-01T00:00:00Z");
    private static final int DAY_MINUTES = 1440;

    private int ids;

    @Test
    void flagsAMinuteOfFiftyTimesTheBaselineOnceWithItsEvidence() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            steadyDay(pipeline, 2);
            Instant spike = DAY_0.plusSeconds(60L * DAY_MINUTES + 11 * 3600);
            minute(pipeline, "alice", spike, 100, 0, "ListUsers");

            List<JsonNode> all = pipeline.findings();
            List<JsonNode> findings = of(all, RATE_SPIKE);
            assertThat(findings).extracting(f -> f.path("finding_info").path("uid").asText())
                    .as("one finding: created at 31 calls, updated at 62").hasSize(2)
                    .containsOnly(findings.get(0).path("finding_info").path("uid").asText());
            assertThat(findings).extracting(f -> f.path("activity_id").asInt()).containsExactly(1, 2);
            JsonNode latest = findings.get(1);
            assertThat(latest.path("finding_info").path("title").asText())
                    .isEqualTo("API call rate far above the principal's baseline");
            assertThat(latest.path("severity").asText()).as("reads only").isEqualTo("Medium");
            assertThat(latest.path("confidence_id").asInt()).as("62 calls is twice the threshold").isEqualTo(2);
            JsonNode data = latest.path("evidences").get(0).path("data");
            assertThat(data.path("minute").asText()).isEqualTo("2024-08-02T11:00:00Z");
            assertThat(data.path("calls_in_minute").asInt()).isEqualTo(31);
            assertThat(data.path("baseline_median").asDouble()).isEqualTo(2.0);
            assertThat(data.path("baseline_spread").asDouble()).isEqualTo(0.0);
            assertThat(data.path("threshold").asDouble()).as("the floor").isEqualTo(30.0);
            assertThat(data.path("baseline_minutes").asInt()).isEqualTo(DAY_MINUTES);
            assertThat(data.path("writes_in_minute").asInt()).isZero();
            assertThat(data.path("errors_in_minute").asInt()).isZero();
            assertThat(latest.path("evidences").get(1).path("data").path("calls_in_minute").asInt()).isEqualTo(62);
            assertThat(of(all, ERROR_RATE_SPIKE)).isEmpty();
        }
    }

    @Test
    void ranksAWriteHeavySpikeHigh() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            steadyDay(pipeline, 2);
            minute(pipeline, "alice", DAY_0.plusSeconds(60L * DAY_MINUTES + 600), 40, 0, "PutUserPolicy");

            List<JsonNode> findings = of(pipeline.findings(), RATE_SPIKE);
            assertThat(findings).hasSize(1);
            assertThat(findings.get(0).path("severity").asText()).isEqualTo("High");
            assertThat(findings.get(0).path("evidences").get(0).path("data").path("writes_in_minute").asInt())
                    .isEqualTo(31);
        }
    }

    @Test
    void signalsATenMinuteFloodOnlyAHandfulOfTimes() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            steadyDay(pipeline, 4);
            Instant start = DAY_0.plusSeconds(60L * DAY_MINUTES + 7200);
            for (int m = 0; m < 10; m++) {
                minute(pipeline, "alice", start.plusSeconds(60L * m), 200, 0, "ListUsers");
            }
            minute(pipeline, "alice", start.plusSeconds(600), 4, 0, "ListUsers");
            minute(pipeline, "alice", start.plusSeconds(660), 4, 0, "ListUsers");

            List<JsonNode> findings = of(pipeline.findings(), RATE_SPIKE);
            assertThat(findings).as("31, 62, 124 calls in the first minute; the next nine never double it")
                    .hasSize(3);
            assertThat(findings).extracting(f -> f.path("finding_info").path("uid").asText()).containsOnly(
                    findings.get(0).path("finding_info").path("uid").asText());

            minute(pipeline, "alice", start.plusSeconds(3600), 200, 0, "ListUsers");
            List<JsonNode> again = of(pipeline.findings(), RATE_SPIKE);
            assertThat(again).as("a new spike after quiet minutes, in a new hour").hasSize(3);
            assertThat(again.get(0).path("activity_id").asInt()).isEqualTo(1);
            assertThat(again.get(0).path("finding_info").path("uid").asText())
                    .isNotEqualTo(findings.get(0).path("finding_info").path("uid").asText());
        }
    }

    @Test
    void raisesAnErrorRateSpikeWhenCallsFailFarMoreThanUsual() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            steadyDay(pipeline, 2);
            minute(pipeline, "alice", DAY_0.plusSeconds(60L * DAY_MINUTES + 300), 20, 10, "ListUsers");

            List<JsonNode> all = pipeline.findings();
            assertThat(of(all, RATE_SPIKE)).as("20 calls are under the floor of 30").isEmpty();
            List<JsonNode> findings = of(all, ERROR_RATE_SPIKE);
            assertThat(findings).hasSize(1);
            JsonNode data = findings.get(0).path("evidences").get(0).path("data");
            assertThat(data.path("errors_in_minute").asInt()).isEqualTo(6);
            assertThat(data.path("baseline_median").asDouble()).as("errors per minute").isZero();
            assertThat(data.path("threshold").asDouble()).isEqualTo(5.0);
        }
    }

    @Test
    void staysQuietOnAPrincipalSeenForLessThanADay() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (int m = 0; m < 120; m++) {   // two busy hours: enough minutes, not enough history
                minute(pipeline, "alice", DAY_0.plusSeconds(60L * m), 2, 0, "ListUsers");
            }
            minute(pipeline, "alice", DAY_0.plusSeconds(60L * 120), 500, 100, "ListUsers");
            assertThat(pipeline.findings()).noneMatch(RateSpikesTest::isRateSpike);
        }
    }

    @Test
    void staysQuietOnAPrincipalWithTooFewActiveMinutes() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            minute(pipeline, "alice", DAY_0, 2, 0, "ListUsers");
            Instant later = DAY_0.plusSeconds(2 * 86_400);   // two days old, but only 31 active minutes
            for (int m = 0; m < 30; m++) {
                minute(pipeline, "alice", later.plusSeconds(60L * m), 2, 0, "ListUsers");
            }
            minute(pipeline, "alice", later.plusSeconds(60L * 30), 500, 100, "ListUsers");
            assertThat(pipeline.findings()).noneMatch(RateSpikesTest::isRateSpike);
        }
    }

    @Test
    void countsALateRegionInItsOwnMinute() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            steadyDay(pipeline, 2);
            Instant spike = DAY_0.plusSeconds(60L * DAY_MINUTES + 7200);
            minute(pipeline, "alice", spike, 20, 0, "ListUsers");   // one region's file: under the floor
            for (int m = 1; m <= 30; m++) {
                minute(pipeline, "alice", spike.plusSeconds(60L * m), 2, 0, "ListUsers");
            }
            assertThat(pipeline.findings()).noneMatch(RateSpikesTest::isRateSpike);

            minute(pipeline, "alice", spike, 20, 0, "ListUsers");   // another region's, of the same minute, read late
            List<JsonNode> findings = of(pipeline.findings(), RATE_SPIKE);
            assertThat(findings).hasSize(1);
            JsonNode data = findings.get(0).path("evidences").get(0).path("data");
            assertThat(data.path("minute").asText()).isEqualTo("2024-08-02T02:00:00Z");
            assertThat(data.path("calls_in_minute").asInt()).isEqualTo(31);
            assertThat(data.path("baseline_minutes").asInt()).as("the steady day and the 30 minutes after")
                    .isEqualTo(DAY_MINUTES + 30);
        }
    }

    @Test
    void ignoresAFloodFromAnAwsService() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (int m = 0; m <= DAY_MINUTES; m += 1) {
                serviceMinute(pipeline, DAY_0.plusSeconds(60L * m), 2);
            }
            serviceMinute(pipeline, DAY_0.plusSeconds(60L * (DAY_MINUTES + 5)), 500);
            assertThat(pipeline.findings()).noneMatch(RateSpikesTest::isRateSpike);
            assertThat(pipeline.keyValueStore(RateSpikes.STORE).approximateNumEntries()).isZero();
        }
    }

    @Test
    void neverFlagsANoisyButSteadyPrincipalOverThreeDays() {
        // A lower floor than the default, so that the baseline, not the floor, is what keeps it quiet.
        TopologyConfig config = TopologyConfig.defaults().withAnomalies(AnomalySettings.defaults()
                .withRateSpikes(RateSpikeSettings.defaults().withFloors(5, 2)));
        Random random = new Random(42);
        try (PipelineDriver pipeline = new PipelineDriver(config)) {
            int busiest = 0;
            for (int m = 0; m < 3 * DAY_MINUTES; m++) {
                if (random.nextInt(100) < 15) {
                    continue;   // idle
                }
                int calls = 4 + random.nextInt(13);             // 4..16 a minute
                if (random.nextInt(100) < 3) {
                    calls += calls / 2;                          // now and then half as busy again
                }
                int errors = 0;
                for (int i = 0; i < calls; i++) {
                    errors += random.nextInt(100) < 4 ? 1 : 0;    // 4% throttled or denied
                }
                busiest = Math.max(busiest, calls);
                minute(pipeline, "alice", DAY_0.plusSeconds(60L * m), calls, errors, "ListUsers");
            }
            assertThat(busiest).as("minutes well above the floor of 5").isGreaterThan(15);
            assertThat(pipeline.findings()).noneMatch(RateSpikesTest::isRateSpike);

            // The same principal at ten times its median rate is flagged: the quiet above was not for want of trying.
            minute(pipeline, "alice", DAY_0.plusSeconds(60L * 3 * DAY_MINUTES + 60), 100, 0, "ListUsers");
            assertThat(of(pipeline.findings(), RATE_SPIKE)).isNotEmpty();
        }
    }

    /** A day of {@code perMinute} read calls every minute, from {@link #DAY_0}. */
    private void steadyDay(PipelineDriver pipeline, int perMinute) {
        for (int m = 0; m < DAY_MINUTES; m++) {
            minute(pipeline, "alice", DAY_0.plusSeconds(60L * m), perMinute, 0, "ListUsers");
        }
    }

    /** {@code calls} IAM calls of a user spread over the minute from {@code start}, the first {@code errors} failed. */
    private void minute(PipelineDriver pipeline, String user, Instant start, int calls, int errors, String name) {
        for (int i = 0; i < calls; i++) {
            TestEvents event = TestEvents.byUser(user).id("e" + ids++).at(start.plusMillis(i * 59_000L / calls)
                    .toString()).call("iam.amazonaws.com", name);
            if (i < errors) {
                event.set("errorCode", "ThrottlingException").set("errorMessage", "Rate exceeded");
            }
            pipeline.send(ALICE.replace("alice", user), event.json());
        }
    }

    private void serviceMinute(PipelineDriver pipeline, Instant start, int calls) {
        for (int i = 0; i < calls; i++) {
            TestEvents event = TestEvents.byService("lambda.amazonaws.com").id("s" + ids++)
                    .at(start.plusMillis(i * 59_000L / calls).toString()).call("iam.amazonaws.com", "ListUsers");
            if (i % 2 == 0) {
                event.set("errorCode", "ThrottlingException");
            }
            pipeline.send("service:lambda.amazonaws.com", event.json());
        }
    }

    private static boolean isRateSpike(JsonNode finding) {
        String analytic = finding.path("finding_info").path("analytic").path("uid").asText();
        return analytic.equals(RATE_SPIKE) || analytic.equals(ERROR_RATE_SPIKE);
    }

    private static List<JsonNode> of(List<JsonNode> findings, String analytic) {
        return findings.stream()
                .filter(f -> f.path("finding_info").path("analytic").path("uid").asText().equals(analytic)).toList();
    }
}
