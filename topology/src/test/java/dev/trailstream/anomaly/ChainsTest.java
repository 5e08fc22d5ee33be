package dev.trailstream.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.detect.AllowList;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.trailstream.topology.TestEvents.ALICE;
import static dev.trailstream.topology.TestEvents.BOB;
import static org.assertj.core.api.Assertions.assertThat;

class ChainsTest {
    private static final String CHAIN = "trailstream.anomaly.chain";
    private static final Instant T0 = Instant.parse("2024-08-01T09:00:00Z");
    private static final String[] PROBES = {"ListUsers", "ListRoles", "GetUser", "ListPolicies", "ListGroups"};

    @Test
    void chainsADeniedBurstToAnEscalationWithinTheHour() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            List<String> burst = deniedBurst(pipeline, "alice", T0);
            pipeline.send(ALICE, adminAttached("alice", "esc", T0.plusSeconds(20 * 60)));

            List<JsonNode> chains = of(pipeline.findings(), CHAIN);
            assertThat(chains).hasSize(1);
            JsonNode chain = chains.get(0);
            assertThat(chain.path("actor").path("user").path("uid").asText()).isEqualTo(ALICE);
            assertThat(chain.path("severity").asText()).as("the escalation rule is High on its own")
                    .isEqualTo("Critical");
            assertThat(chain.path("confidence_id").asInt()).isEqualTo(3);
            List<String> related = relatedIds(chain);
            assertThat(related).contains("esc").hasSize(2);
            assertThat(burst).as("the burst event that completed the burst is cited").contains(related.get(1));
            assertThat(chain.path("finding_info").path("related_events_count").asLong()).isEqualTo(2);
            JsonNode data = chain.path("evidences").get(0).path("data");
            assertThat(data.path("precursor").asText()).isEqualTo("trailstream.anomaly.denied-burst");
            assertThat(data.path("follow_up").asText()).isEqualTo("trailstream.admin-policy-attached");
            assertThat(data.path("minutes_after").asLong()).isBetween(18L, 20L);
            assertThat(tactics(chain)).contains("TA0007", "TA0004");
        }
    }

    @Test
    void leavesAnEscalationAloneMoreThanAnHourAfterTheBurst() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            deniedBurst(pipeline, "alice", T0);
            pipeline.send(ALICE, adminAttached("alice", "esc", T0.plusSeconds(90 * 60)));

            List<JsonNode> findings = pipeline.findings();
            assertThat(of(findings, "trailstream.admin-policy-attached")).hasSize(1);
            assertThat(of(findings, CHAIN)).isEmpty();
        }
    }

    @Test
    void chainsABurstDeliveredAfterTheEscalationItPreceded() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            // CloudTrail's files arrive out of order: the escalation's file is read first.
            pipeline.send(ALICE, adminAttached("alice", "esc", T0.plusSeconds(30 * 60)));
            deniedBurst(pipeline, "alice", T0);

            List<JsonNode> chains = of(pipeline.findings(), CHAIN);
            assertThat(chains).as("one chain, though every denied call after the tenth signals the burst")
                    .hasSize(1);
            assertThat(relatedIds(chains.get(0))).contains("esc").hasSize(2);
            JsonNode data = chains.get(0).path("evidences").get(0).path("data");
            assertThat(data.path("follow_up_event_ids").get(0).asText()).isEqualTo("esc");
        }
    }

    @Test
    void chainsAnEscalationOnceWhileTheBurstGoesOn() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            deniedBurst(pipeline, "alice", T0);
            pipeline.send(ALICE, adminAttached("alice", "esc", T0.plusSeconds(10 * 60)));
            for (int i = 0; i < 5; i++) {   // more of the burst, read later, before the escalation in event time
                pipeline.send(ALICE, denied("alice", "late" + i, T0.plusSeconds(120 + i), PROBES[i]));
            }

            assertThat(of(pipeline.findings(), CHAIN)).hasSize(1);
        }
    }

    @Test
    void doesNotChainOnePrincipalsBurstToAnothersEscalation() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            deniedBurst(pipeline, "bob", T0);
            pipeline.send(ALICE, adminAttached("alice", "esc", T0.plusSeconds(5 * 60)));

            List<JsonNode> findings = pipeline.findings();
            assertThat(of(findings, "trailstream.anomaly.denied-burst"))
                    .extracting(f -> f.path("actor").path("user").path("uid").asText()).containsOnly(BOB);
            assertThat(of(findings, CHAIN)).isEmpty();
        }
    }

    @Test
    void chainsANewSourceIpToPersistenceForAnotherUser() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, TestEvents.byUser("alice").id("a0").at(T0.toString()).json());
            Instant later = T0.plusSeconds(10 * 86_400);
            pipeline.send(ALICE, TestEvents.byUser("alice").id("a1").at(later.toString())
                    .set("sourceIPAddress", "203.0.113.66").json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("a2").at(later.plusSeconds(300).toString())
                    .set("sourceIPAddress", "203.0.113.66").call("iam.amazonaws.com", "CreateAccessKey")
                    .request("userName", "bob").json());

            List<JsonNode> chains = of(pipeline.findings(), CHAIN);
            assertThat(chains).hasSize(1);
            assertThat(chains.get(0).path("severity").asText()).as("a Medium rule after a new IP").isEqualTo("High");
            assertThat(relatedIds(chains.get(0))).containsExactly("a2", "a1");
            assertThat(chains.get(0).path("evidences").get(0).path("data").path("precursor").asText())
                    .isEqualTo("trailstream.anomaly.first-time-source-ip");
            assertThat(tactics(chains.get(0))).contains("TA0001", "TA0003");
        }
    }

    @Test
    void countsAnAllowListedChainInsteadOfRaisingIt() {
        AllowList allow = AllowList.parse("test", """
                allow:
                  - reason: red team exercise
                    principal: "*:user/alice"
                    rules: trailstream.anomaly.chain
                """.getBytes(StandardCharsets.UTF_8));
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withAllowList(allow))) {
            deniedBurst(pipeline, "alice", T0);
            pipeline.send(ALICE, adminAttached("alice", "esc", T0.plusSeconds(20 * 60)));

            List<JsonNode> findings = pipeline.findings();
            assertThat(of(findings, CHAIN)).isEmpty();
            assertThat(of(findings, "trailstream.admin-policy-attached")).hasSize(1);
            assertThat(pipeline.stats()).containsEntry("findings.allowed|" + CHAIN, 1L);
        }
    }

    @Test
    void startsNoChainFromAnAllowListedBurst() {
        AllowList allow = AllowList.parse("test", """
                allow:
                  - reason: permission scanner run on purpose
                    principal: "*:user/alice"
                    rules: trailstream.anomaly.denied-burst
                """.getBytes(StandardCharsets.UTF_8));
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withAllowList(allow))) {
            deniedBurst(pipeline, "alice", T0);
            pipeline.send(ALICE, adminAttached("alice", "esc", T0.plusSeconds(20 * 60)));

            List<JsonNode> findings = pipeline.findings();
            assertThat(of(findings, CHAIN)).isEmpty();
            assertThat(of(findings, "trailstream.anomaly.denied-burst")).isEmpty();
            assertThat(of(findings, "trailstream.admin-policy-attached")).hasSize(1);
            assertThat(pipeline.stats()).doesNotContainKey("findings.allowed|" + CHAIN);
        }
    }

    /** Twelve denied calls over five actions in two minutes: a burst from the tenth on. Returns their ids. */
    private static List<String> deniedBurst(PipelineDriver pipeline, String user, Instant start) {
        List<String> ids = new ArrayList<>();
        String key = "arn:aws:iam::111122223333:user/" + user;
        for (int i = 0; i < 12; i++) {
            String id = user + "-d" + i;
            pipeline.send(key, denied(user, id, start.plusSeconds(10L * i), PROBES[i % PROBES.length]));
            ids.add(id);
        }
        return ids;
    }

    private static String denied(String user, String id, Instant time, String eventName) {
        return TestEvents.byUser(user).id(id).at(time.toString()).call("iam.amazonaws.com", eventName)
                .set("errorCode", "AccessDenied").json();
    }

    private static String adminAttached(String user, String id, Instant time) {
        return TestEvents.byUser(user).id(id).at(time.toString()).call("iam.amazonaws.com", "AttachUserPolicy")
                .request("userName", "mallory").request("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess")
                .json();
    }

    private static List<String> relatedIds(JsonNode finding) {
        List<String> ids = new ArrayList<>();
        finding.path("finding_info").path("related_events").forEach(e -> ids.add(e.path("uid").asText()));
        return ids;
    }

    private static List<String> tactics(JsonNode finding) {
        List<String> tactics = new ArrayList<>();
        finding.path("attacks").forEach(a -> tactics.add(a.path("tactic").path("uid").asText()));
        return tactics;
    }

    private static List<JsonNode> of(List<JsonNode> findings, String analytic) {
        return findings.stream()
                .filter(f -> f.path("finding_info").path("analytic").path("uid").asText().equals(analytic)).toList();
    }
}
