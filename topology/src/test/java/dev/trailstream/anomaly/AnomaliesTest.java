package dev.trailstream.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.TestEvents;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.trailstream.topology.TestEvents.ALICE;
import static dev.trailstream.topology.TestEvents.BOB;
import static org.assertj.core.api.Assertions.assertThat;

class AnomaliesTest {
    private static final String FIRST_TIME_ACTION = "trailstream.anomaly.first-time-action";
    private static final String DENIED_BURST = "trailstream.anomaly.denied-burst";
    private static final Instant DAY_0 = Instant.parse("2024-08-01T09:00:00Z");

    @Test
    void flagsAFirstTimeActionAfterTheLearningPeriod() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, user("alice", "a1", DAY_0).call("iam.amazonaws.com", "ListUsers").json());
            pipeline.send(ALICE, user("alice", "a2", DAY_0.plusSeconds(8 * 86_400))
                    .call("iam.amazonaws.com", "ListUsers").json());
            pipeline.send(ALICE, user("alice", "a3", DAY_0.plusSeconds(8 * 86_400 + 60))
                    .call("iam.amazonaws.com", "GetUser").json());
            pipeline.send(ALICE, user("alice", "a4", DAY_0.plusSeconds(8 * 86_400 + 120))
                    .call("iam.amazonaws.com", "ListRoles").json());

            List<JsonNode> findings = of(pipeline.findings(), FIRST_TIME_ACTION);
            assertThat(findings).hasSize(2);
            assertThat(findings).extracting(f -> f.path("activity_id").asInt()).containsExactly(1, 2);
            assertThat(findings).extracting(f -> f.path("finding_info").path("uid").asText())
                    .as("one finding per principal, kind and day, updated").containsOnly(
                            findings.get(0).path("finding_info").path("uid").asText());
            JsonNode latest = findings.get(1);
            assertThat(latest.path("finding_info").path("analytic").path("type").asText()).isEqualTo("Behavioral");
            assertThat(latest.path("finding_info").path("analytic").path("type_id").asInt()).isEqualTo(2);
            assertThat(latest.path("finding_info").path("related_events_count").asLong()).isEqualTo(2);
            assertThat(latest.path("actor").path("user").path("uid").asText()).isEqualTo(ALICE);
            JsonNode first = latest.path("evidences").get(0).path("data");
            assertThat(first.path("eventID").asText()).isEqualTo("a3");
            assertThat(first.path("action").asText()).isEqualTo("iam:GetUser");
            assertThat(first.path("distinct_before").asInt()).isEqualTo(1);
            assertThat(latest.path("evidences").get(1).path("data").path("distinct_before").asInt()).isEqualTo(2);
            assertThat(of(pipeline.findings(), "trailstream.anomaly.first-time-region")).isEmpty();
        }
    }

    @Test
    void staysQuietDuringTheLearningPeriod() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, user("alice", "a1", DAY_0).json());
            Instant day6 = DAY_0.plusSeconds(6 * 86_400);
            pipeline.send(ALICE, user("alice", "a2", day6).call("iam.amazonaws.com", "PutUserPolicy")
                    .set("awsRegion", "ap-southeast-2").set("sourceIPAddress", "203.0.113.9")
                    .set("userAgent", "Boto3/1.34.0 Python/3.12").json());

            assertThat(pipeline.findings()).noneMatch(f -> analytic(f).startsWith("trailstream.anomaly."));
        }
    }

    @Test
    void weighsPermissionsManagementAboveReads() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            Instant later = DAY_0.plusSeconds(10 * 86_400);
            pipeline.send(ALICE, user("alice", "a1", DAY_0).json());
            pipeline.send(BOB, user("bob", "b1", DAY_0).json());
            pipeline.send(ALICE, user("alice", "a2", later).call("iam.amazonaws.com", "GetUser").json());
            pipeline.send(BOB, user("bob", "b2", later).call("iam.amazonaws.com", "PutUserPolicy").json());

            List<JsonNode> findings = of(pipeline.findings(), FIRST_TIME_ACTION);
            JsonNode read = findings.stream().filter(f -> f.path("actor").path("user").path("uid").asText()
                    .equals(ALICE)).findFirst().orElseThrow();
            JsonNode policy = findings.stream().filter(f -> f.path("actor").path("user").path("uid").asText()
                    .equals(BOB)).findFirst().orElseThrow();
            assertThat(policy.path("evidences").get(0).path("data").path("access_level").asText())
                    .isEqualTo("Permissions management");
            assertThat(policy.path("severity_id").asInt()).isGreaterThan(read.path("severity_id").asInt());
            assertThat(policy.path("confidence_id").asInt()).isGreaterThan(read.path("confidence_id").asInt());
            assertThat(policy.path("severity").asText()).isEqualTo("High");
            assertThat(read.path("severity").asText()).isEqualTo("Low");
        }
    }

    @Test
    void flagsADeniedBurstAcrossSeveralActions() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            String[] names = {"ListUsers", "ListRoles", "GetUser", "ListPolicies", "ListGroups"};
            for (int i = 0; i < 9; i++) {
                pipeline.send(ALICE, denied("alice", "d" + i, DAY_0.plusSeconds(10L * i), names[i % 5]));
            }
            assertThat(of(pipeline.findings(), DENIED_BURST)).as("nine calls are not a burst yet").isEmpty();

            pipeline.send(ALICE, "{\"not\": \"cloudtrail\"");   // malformed, among good ones
            pipeline.send(ALICE, denied("alice", "d9", DAY_0.plusSeconds(90), "ListGroups"));
            pipeline.send(ALICE, "garbage");
            pipeline.send(ALICE, denied("alice", "d10", DAY_0.plusSeconds(100), "ListUsers"));

            List<JsonNode> bursts = of(pipeline.findings(), DENIED_BURST);
            assertThat(bursts).extracting(f -> f.path("activity_id").asInt()).containsExactly(1, 2);
            assertThat(bursts).extracting(f -> f.path("finding_info").path("uid").asText()).containsOnly(
                    bursts.get(0).path("finding_info").path("uid").asText());
            JsonNode data = bursts.get(1).path("evidences").get(1).path("data");
            assertThat(data.path("denied_calls").asInt()).isEqualTo(11);
            assertThat(data.path("distinct_actions").asInt()).isEqualTo(5);
            assertThat(bursts.get(1).path("finding_info").path("analytic").path("type").asText())
                    .isEqualTo("Behavioral");
            JsonNode attacks = bursts.get(1).path("attacks");
            assertThat(attacks).as("ATT&CK references of the kind").hasSize(2);
            assertThat(attacks.get(0).path("tactic").path("uid").asText()).isEqualTo("TA0007");
            assertThat(attacks.get(0).path("sub_technique").path("uid").asText()).isEqualTo("T1087.004");
            assertThat(pipeline.dlq()).hasSize(2);
        }
    }

    @Test
    void leavesSlowDenialsAlone() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            String[] names = {"ListUsers", "ListRoles", "GetUser", "ListPolicies", "ListGroups"};
            for (int i = 0; i < 20; i++) {   // one a minute: never ten within five minutes
                pipeline.send(ALICE, denied("alice", "d" + i, DAY_0.plusSeconds(60L * i), names[i % 5]));
            }
            assertThat(of(pipeline.findings(), DENIED_BURST)).isEmpty();
        }
    }

    @Test
    void ignoresADeniedStormFromAnAwsService() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            String[] names = {"ListUsers", "ListRoles", "GetUser", "ListPolicies", "ListGroups", "GetRole"};
            for (int i = 0; i < 2_000; i++) {
                pipeline.send("service:config.amazonaws.com", TestEvents.byService("config.amazonaws.com")
                        .id("s" + i).at(DAY_0.plusMillis(100L * i).toString())
                        .call("iam.amazonaws.com", names[i % names.length]).set("errorCode", "AccessDenied")
                        .json());
            }
            List<JsonNode> findings = pipeline.findings();
            assertThat(of(findings, DENIED_BURST)).isEmpty();
            assertThat(findings).as("a benign storm raises at most a handful of findings").hasSizeLessThanOrEqualTo(3);
            assertThat(pipeline.totals()).containsEntry("events.unique", 2_000L);
        }
    }

    private static TestEvents user(String name, String id, Instant time) {
        return TestEvents.byUser(name).id(id).at(time.toString());
    }

    private static String denied(String name, String id, Instant time, String eventName) {
        return user(name, id, time).call("iam.amazonaws.com", eventName).set("errorCode", "AccessDenied").json();
    }

    private static String analytic(JsonNode finding) {
        return finding.path("finding_info").path("analytic").path("uid").asText();
    }

    private static List<JsonNode> of(List<JsonNode> findings, String analytic) {
        return findings.stream().filter(f -> analytic(f).equals(analytic)).toList();
    }
}
