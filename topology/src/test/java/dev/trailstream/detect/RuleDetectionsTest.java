package dev.trailstream.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import dev.trailstream.topology.Json;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.trailstream.topology.TestEvents.ACCOUNT;
import static dev.trailstream.topology.TestEvents.ALICE;
import static dev.trailstream.topology.TestEvents.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

class RuleDetectionsTest {

    @Test
    void carriesTheIngestTimeOfTheTriggeringEventAndNoOriginHeaders() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ROOT, "not json");
            pipeline.send(ROOT, TestEvents.byRoot().id("r1").at("2024-08-02T08:00:00Z")
                    .call("iam.amazonaws.com", "ListUsers").json().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    PipelineDriver.originHeaders("a.json", 7));

            TestRecord<String, byte[]> finding = pipeline.findingRecords().get(0);
            long arrivedAt = PipelineDriver.INGEST_TIME.plusMillis(1).toEpochMilli();
            assertThat(finding.headers().toArray()).extracting(h -> h.key() + "=" + new String(h.value()))
                    .containsExactly(dev.trailstream.event.ParseEvents.INGEST_TIME + "=" + arrivedAt);
        }
    }

    @Test
    void flagsRootAccountUsageWithItsEventId() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ROOT, "{\"userIdentity\":{\"type\":\"Root\"}}");
            pipeline.send(ROOT, TestEvents.byRoot().id("r1").at("2024-08-02T08:00:00Z")
                    .call("signin.amazonaws.com", "ConsoleLogin").set("eventType", "AwsConsoleSignIn").json());

            List<TestRecord<String, byte[]>> records = pipeline.findingRecords();
            assertThat(records).singleElement().extracting(TestRecord::key).isEqualTo(ROOT);
            JsonNode finding = PipelineDriverJson.read(records.get(0).value());
            long time = Instant.parse("2024-08-02T08:00:00Z").toEpochMilli();
            assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
            assertThat(finding.path("category_uid").asInt()).isEqualTo(2);
            assertThat(finding.path("activity_id").asInt()).isEqualTo(1);
            assertThat(finding.path("type_uid").asLong()).isEqualTo(200401);
            assertThat(finding.path("severity_id").asInt()).isEqualTo(4);
            assertThat(finding.path("severity").asText()).isEqualTo("High");
            assertThat(finding.path("status").asText()).isEqualTo("New");
            assertThat(finding.path("time").asLong()).isEqualTo(time);
            assertThat(finding.path("metadata").path("version").asText()).isEqualTo("1.3.0");
            assertThat(finding.path("metadata").path("product").path("name").asText()).isEqualTo("TrailStream");
            assertThat(finding.path("metadata").path("product").path("version").asText()).doesNotContain("${");
            JsonNode info = finding.path("finding_info");
            assertThat(info.path("uid").asText()).isEqualTo(
                    FindingGroup.uid(RootAccountUsage.ID, ROOT, java.time.LocalDate.parse("2024-08-02")));
            assertThat(info.path("types").get(0).asText()).isEqualTo("root-account-usage");
            assertThat(info.path("first_seen_time").asLong()).isEqualTo(time);
            assertThat(info.path("last_seen_time").asLong()).isEqualTo(time);
            assertThat(info.path("related_events").get(0).path("uid").asText()).isEqualTo("r1");
            assertThat(info.path("analytic").path("uid").asText()).isEqualTo(RootAccountUsage.ID);
            assertThat(info.path("analytic").path("type").asText()).isEqualTo("Rule");
            assertThat(finding.path("actor").path("user").path("uid").asText()).isEqualTo(ROOT);
            assertThat(finding.path("actor").path("user").path("name").asText()).isEqualTo("root");
            assertThat(finding.path("actor").path("user").path("type").asText()).isEqualTo("Root");
            assertThat(finding.path("actor").path("user").path("account").path("uid").asText()).isEqualTo(ACCOUNT);
            assertThat(finding.path("cloud").path("provider").asText()).isEqualTo("AWS");
            assertThat(finding.path("cloud").path("account").path("uid").asText()).isEqualTo(ACCOUNT);
            assertThat(finding.path("cloud").path("region").asText()).isEqualTo("us-east-1");
            assertThat(finding.path("attacks").get(0).path("sub_technique").path("uid").asText())
                    .isEqualTo("T1078.004");
        }
    }

    @Test
    void groupsRootCallsOfADayIntoOneFindingThenUpdatesIt() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ROOT, TestEvents.byRoot().id("r1").at("2024-08-02T08:00:00Z").json());
            pipeline.send(ROOT, TestEvents.byRoot().id("r2").at("2024-08-02T09:00:00Z").json());
            pipeline.send(ROOT, "");
            pipeline.send(ROOT, TestEvents.byRoot().id("r0").at("2024-08-02T07:00:00Z").json());
            pipeline.send(ROOT, TestEvents.byRoot().id("r3").at("2024-08-03T00:00:00Z").json());

            List<JsonNode> findings = pipeline.findings();
            assertThat(findings).extracting(f -> f.path("activity_id").asInt()).containsExactly(1, 2, 2, 1);
            String dayOne = findings.get(0).path("finding_info").path("uid").asText();
            assertThat(findings.subList(0, 3)).allSatisfy(f ->
                    assertThat(f.path("finding_info").path("uid").asText()).isEqualTo(dayOne));
            assertThat(findings.get(3).path("finding_info").path("uid").asText()).isNotEqualTo(dayOne);

            JsonNode updated = findings.get(2);
            assertThat(updated.path("finding_info").path("related_events").findValuesAsText("uid"))
                    .containsExactly("r1", "r2", "r0");
            assertThat(updated.path("finding_info").path("related_events_count").asLong()).isEqualTo(3);
            assertThat(updated.path("finding_info").path("first_seen_time").asLong())
                    .isEqualTo(Instant.parse("2024-08-02T07:00:00Z").toEpochMilli());
            assertThat(updated.path("time").asLong())
                    .isEqualTo(Instant.parse("2024-08-02T09:00:00Z").toEpochMilli());
            assertThat(updated.path("type_uid").asLong()).isEqualTo(200402);
        }
    }

    @Test
    void capsTheRelatedEventsOfAFindingButKeepsCounting() {
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withMaxRelatedEvents(2))) {
            for (int i = 0; i < 4; i++) {
                pipeline.send(ROOT, TestEvents.byRoot().id("r" + i).at("2024-08-02T08:00:0" + i + "Z").json());
            }

            JsonNode last = pipeline.findings().get(3).path("finding_info");
            assertThat(last.path("related_events").findValuesAsText("uid")).containsExactly("r0", "r1");
            assertThat(last.path("related_events_count").asLong()).isEqualTo(4);
        }
    }

    @Test
    void ignoresCallsThatAServiceMakesAndCallsByOtherPrincipals() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ROOT, TestEvents.byRoot().id("s1").at("2024-08-02T08:00:00Z")
                    .invokedBy("cloudformation.amazonaws.com").json());
            pipeline.send(ROOT, TestEvents.byRoot().id("s2").at("2024-08-02T08:00:00Z")
                    .set("eventType", "AwsServiceEvent").json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("a1").at("2024-08-02T08:00:00Z").json());
            pipeline.send(ALICE, "null");

            assertThat(pipeline.findingRecords()).isEmpty();
        }
    }

    @Test
    void flagsRootActionsTakenInAConsoleSession() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ROOT, TestEvents.byRoot().id("k1").at("2024-08-02T08:00:00Z")
                    .call("iam.amazonaws.com", "CreateAccessKey").invokedBy("signin.amazonaws.com").json());

            assertThat(pipeline.findings()).singleElement().satisfies(f -> assertThat(
                    f.path("finding_info").path("related_events").get(0).path("type").asText())
                    .isEqualTo("iam:CreateAccessKey"));
        }
    }

    @Test
    void namesTheRuleItsAttackTechniqueAndTheMatchedFieldsInTheFinding() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, Events.byUser("alice").call("iam.amazonaws.com", "CreateAccessKey")
                    .text("requestParameters.userName", "bob").text("eventID", "k1").json());

            JsonNode finding = pipeline.findings().get(0);
            assertThat(finding.path("severity_id").asInt()).isEqualTo(3);
            assertThat(finding.path("finding_info").path("analytic").toString()).isEqualTo(
                    "{\"uid\":\"trailstream.access-key-for-another-user\",\"name\":\"Access key created for another user\","
                            + "\"type\":\"Rule\",\"type_id\":1}");
            assertThat(finding.path("finding_info").path("types").get(0).asText())
                    .isEqualTo("access-key-for-another-user");
            assertThat(finding.path("attacks").toString()).isEqualTo("[{\"tactic\":{\"uid\":\"TA0003\","
                    + "\"name\":\"Persistence\"},\"technique\":{\"uid\":\"T1098\",\"name\":\"Account Manipulation\"},"
                    + "\"sub_technique\":{\"uid\":\"T1098.001\",\"name\":\"Additional Cloud Credentials\"}}]");
            assertThat(finding.path("evidences").toString()).isEqualTo("[{\"api\":{\"operation\":\"CreateAccessKey\","
                    + "\"service\":{\"name\":\"iam.amazonaws.com\"}},\"data\":{\"eventID\":\"k1\","
                    + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateAccessKey\","
                    + "\"trailstream.actorIsTarget\":\"false\"}}]");
        }
    }

    @Test
    void runsTheRulesOfTheConfiguredPackOnly() {
        RulePack mine = RulePack.of(List.of(RuleText.rule("""
                id: team.list-users
                title: Users listed
                severity: informational
                detection:
                  sel:
                    eventName: ListUsers
                  condition: sel
                """)));
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withRules(mine))) {
            pipeline.send(ROOT, TestEvents.byRoot().id("r1").at("2024-08-02T08:00:00Z").json());

            assertThat(pipeline.findings()).singleElement().satisfies(f -> {
                assertThat(f.path("finding_info").path("analytic").path("uid").asText()).isEqualTo("team.list-users");
                assertThat(f.path("severity").asText()).isEqualTo("Informational");
                assertThat(f.has("attacks")).isTrue();
                assertThat(f.path("attacks")).isEmpty();
            });
        }
    }

    @Test
    void keepsTheEvidenceOfTheFirstEventsWhileCountingAll() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (int i = 0; i < FindingGroup.MAX_EVIDENCES + 2; i++) {
                pipeline.send(ROOT, TestEvents.byRoot().id("r" + i).at("2024-08-02T08:00:%02dZ".formatted(i)).json());
            }

            JsonNode last = pipeline.findings().get(FindingGroup.MAX_EVIDENCES + 1);
            assertThat(last.path("evidences")).hasSize(FindingGroup.MAX_EVIDENCES);
            assertThat(last.path("evidences").get(1).path("data").path("eventID").asText()).isEqualTo("r1");
            assertThat(last.path("finding_info").path("related_events")).hasSize(FindingGroup.MAX_EVIDENCES + 2);
        }
    }

    @Test
    void readsOpenFindingsStoredBeforeFindingsCarriedEvidence() {
        String stored = """
                {"uid":"u","ruleId":"trailstream.root-account-usage","day":"2024-08-02","principalId":"p",
                 "firstSeen":"2024-08-02T08:00:00Z","lastSeen":"2024-08-02T08:00:00Z","eventCount":1,
                 "relatedEvents":[{"uid":"r1","type":"iam:ListUsers"}]}""";

        FindingGroup group = Json.read(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8), FindingGroup.class);

        assertThat(group.evidences()).isEmpty();
        assertThat(group.relatedEvents()).hasSize(1);
    }

    @Test
    void forgetsADayOnceEventTimeIsPastTheRetention() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ROOT, TestEvents.byRoot().id("r1").at("2024-08-02T08:00:00Z").json());
            KeyValueStore<String, FindingGroup> open = pipeline.keyValueStore(Stores.OPEN_FINDINGS);
            assertThat(open.approximateNumEntries()).isEqualTo(1);

            // The grouping's clock moves with matches: the next one, two days on, clears the old day.
            pipeline.send(ALICE, TestEvents.byUser("alice").id("a1").at("2024-08-04T09:00:00Z").json());
            assertThat(open.approximateNumEntries()).isEqualTo(1);
            pipeline.send(ROOT, TestEvents.byRoot().id("r2").at("2024-08-04T09:00:00Z").json());

            assertThat(open.approximateNumEntries()).isEqualTo(1);
            assertThat(open.get(FindingGroup.uid("trailstream.root-account-usage", ROOT,
                    java.time.LocalDate.parse("2024-08-04")))).isNotNull();
        }
    }
}
