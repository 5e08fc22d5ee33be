package dev.trailstream.profile;

import dev.trailstream.topology.Json;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import dev.trailstream.normalize.PrincipalKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.trailstream.topology.TestEvents.ALICE;
import static dev.trailstream.topology.TestEvents.BOB;
import static org.assertj.core.api.Assertions.assertThat;

class PrincipalProfilesTest {

    @Test
    void countsEventsPerPrincipalInEventTime() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            // Out of order, as logs from several regions arrive.
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e2").at("2024-08-02T09:00:00Z")
                    .call("iam.amazonaws.com", "CreateUser").json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z")
                    .set("awsRegion", "eu-west-1").json());
            pipeline.send(ALICE, "{\"eventID\":");
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e3").at("2024-08-02T10:00:00Z")
                    .call("iam.amazonaws.com", "CreateUser").set("errorCode", "AccessDenied").json());
            pipeline.send(BOB, TestEvents.byUser("bob").id("b1").at("2024-08-01T00:00:00Z").json());

            PrincipalProfile alice = pipeline.profile(ALICE);
            assertThat(alice.events()).isEqualTo(3);
            assertThat(alice.errors()).isEqualTo(1);
            assertThat(alice.firstSeen()).isEqualTo(Instant.parse("2024-08-02T08:00:00Z"));
            assertThat(alice.lastSeen()).isEqualTo(Instant.parse("2024-08-02T10:00:00Z"));
            assertThat(alice.lastEventId()).isEqualTo("e3");
            assertThat(alice.kind()).isEqualTo(PrincipalKind.HUMAN);
            assertThat(alice.accountId()).isEqualTo(TestEvents.ACCOUNT);
            assertThat(alice.actions().counts()).isEqualTo(Map.of("iam:CreateUser", 2L, "iam:ListUsers", 1L));
            assertThat(alice.regions().counts()).isEqualTo(Map.of("us-east-1", 2L, "eu-west-1", 1L));
            assertThat(alice.accounts().counts()).isEqualTo(Map.of(TestEvents.ACCOUNT, 3L));
            assertThat(pipeline.profile(BOB).events()).isEqualTo(1);
        }
    }

    @Test
    void capsDistinctNamesByEvictingTheLeastUsedAndCountsEvictions() {
        TopologyConfig config = TopologyConfig.defaults().withProfileLimits(new ProfileLimits(200, 200, 2, 200));
        try (PipelineDriver pipeline = new PipelineDriver(config)) {
            int n = 0;
            for (String ip : List.of("192.0.2.1", "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4")) {
                pipeline.send(ALICE, TestEvents.byUser("alice").id("e" + n).at("2024-08-02T08:00:0" + n++ + "Z")
                        .set("sourceIPAddress", ip).json());
            }

            BoundedCounts ips = pipeline.profile(ALICE).sourceIps();
            assertThat(ips.counts()).containsExactly(Map.entry("192.0.2.1", 2L), Map.entry("192.0.2.4", 1L));
            assertThat(ips.evicted()).isEqualTo(2);
        }
    }

    @Test
    void writesAProfileAsOneLineOfJsonThatReadsBack() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z").json());
            PrincipalProfile alice = pipeline.profile(ALICE);

            String line = alice.toJsonLine();

            assertThat(line).doesNotContain("\n").contains("\"firstSeen\":\"2024-08-02T08:00:00Z\"");
            assertThat(Json.read(line.getBytes(StandardCharsets.UTF_8), PrincipalProfile.class)).isEqualTo(alice);
        }
    }
}
