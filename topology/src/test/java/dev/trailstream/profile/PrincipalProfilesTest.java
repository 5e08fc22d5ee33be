package dev.trailstream.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.topology.Json;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.trailstream.topology.TestEvents.ALICE;
import static dev.trailstream.topology.TestEvents.BOB;
import static org.assertj.core.api.Assertions.assertThat;

class PrincipalProfilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
            assertThat(alice.actions().names()).containsOnlyKeys("iam:CreateUser", "iam:ListUsers");
            assertThat(alice.actions().get("iam:CreateUser")).isEqualTo(new Seen(2,
                    Instant.parse("2024-08-02T09:00:00Z"), Instant.parse("2024-08-02T10:00:00Z")));
            assertThat(alice.regions().get("us-east-1").count()).isEqualTo(2);
            assertThat(alice.regions().get("eu-west-1").first()).isEqualTo(Instant.parse("2024-08-02T08:00:00Z"));
            assertThat(alice.accounts().get(TestEvents.ACCOUNT).count()).isEqualTo(3);
            assertThat(alice.errorCodes().names()).containsOnlyKeys("AccessDenied");
            assertThat(pipeline.profile(BOB).events()).isEqualTo(1);
            assertThat(pipeline.stats()).containsEntry(PipelineStats.eventsBy("success", "human", TestEvents.ACCOUNT), 3L)
                    .containsEntry(PipelineStats.eventsBy("error", "human", TestEvents.ACCOUNT), 1L)
                    .containsEntry(PipelineStats.eventsBy("dropped", null, null), 1L);
        }
    }

    @Test
    void capsDistinctNamesByEvictingTheStalestAndCountsEvictions() {
        TopologyConfig config = TopologyConfig.defaults().withProfileLimits(new ProfileLimits(1000, 2, 50));
        try (PipelineDriver pipeline = new PipelineDriver(config)) {
            int n = 0;
            // .1 is used most but last seen earliest: it goes first, then .2.
            for (String ip : List.of("192.0.2.1", "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4")) {
                pipeline.send(ALICE, TestEvents.byUser("alice").id("e" + n).at("2024-08-02T08:00:0" + n++ + "Z")
                        .set("sourceIPAddress", ip).json());
            }

            SeenSet ips = pipeline.profile(ALICE).sourceIps();
            assertThat(ips.names()).containsOnlyKeys("192.0.2.3", "192.0.2.4");
            assertThat(ips.evicted()).isEqualTo(2);
        }
    }

    @Test
    void staysBoundedUnderAPrincipalThatCallsTenThousandDistinctActionsAndIps() {
        ProfileLimits limits = ProfileLimits.defaults();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            Instant start = Instant.parse("2024-08-02T00:00:00Z");
            for (int i = 0; i < 10_000; i++) {
                pipeline.send(ALICE, TestEvents.byUser("alice").id("n" + i).at(start.plusSeconds(i).toString())
                        .call("ec2.amazonaws.com", "Describe" + i)
                        .set("sourceIPAddress", "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)).json());
            }

            PrincipalProfile alice = pipeline.profile(ALICE);
            assertThat(alice.events()).isEqualTo(10_000);
            assertThat(alice.actions().size()).isEqualTo(limits.maxActions());
            assertThat(alice.actions().evicted()).isEqualTo(10_000 - limits.maxActions());
            // What is kept is the newest: the stalest went first.
            assertThat(alice.actions().names()).containsKey("ec2:Describe9999").doesNotContainKey("ec2:Describe0");
            assertThat(alice.sourceIps().size()).isEqualTo(limits.maxNames());
            assertThat(alice.sourceIps().evicted()).isEqualTo(10_000 - limits.maxNames());
            byte[] stored = ProfileCodec.profileSerde().serializer().serialize("t", alice);
            assertThat(stored.length).as("bytes in the store").isLessThan(100_000);
            Map<Instant, Activity> hours = pipeline.activity(Stores.PRINCIPAL_ACTIVITY_HOURLY, ALICE);
            assertThat(hours).hasSize(3); // 10,000 seconds
            assertThat(hours.values()).allSatisfy(hour -> assertThat(hour.actions().counts())
                    .hasSizeLessThanOrEqualTo(limits.maxWindowActions()));
            assertThat(hours.values().stream().mapToLong(Activity::events).sum()).isEqualTo(10_000);
        }
    }

    @Test
    void countsActivityPerHourAndPerDayIncludingLateEvents() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, withReadOnly(TestEvents.byUser("alice").id("a1").at("2024-08-02T08:10:00Z"), true));
            pipeline.send(ALICE, withReadOnly(TestEvents.byUser("alice").id("a2").at("2024-08-02T08:50:00Z")
                    .call("iam.amazonaws.com", "CreateUser").set("errorCode", "AccessDenied"), false));
            pipeline.send(ALICE, TestEvents.byUser("alice").id("a3").at("2024-08-03T09:00:00Z").json());
            // A day behind stream time, as when another account's prefix is read after this one.
            pipeline.send(ALICE, TestEvents.byUser("alice").id("a4").at("2024-08-02T08:30:00Z").json());

            Map<Instant, Activity> hours = pipeline.activity(Stores.PRINCIPAL_ACTIVITY_HOURLY, ALICE);
            assertThat(hours).containsOnlyKeys(Instant.parse("2024-08-02T08:00:00Z"),
                    Instant.parse("2024-08-03T09:00:00Z"));
            Activity eight = hours.get(Instant.parse("2024-08-02T08:00:00Z"));
            assertThat(eight.events()).isEqualTo(3);
            assertThat(eight.errors()).isEqualTo(1);
            assertThat(eight.reads()).isEqualTo(1);
            assertThat(eight.writes()).isEqualTo(1);
            assertThat(eight.actions().counts()).isEqualTo(Map.of("iam:ListUsers", 2L, "iam:CreateUser", 1L));
            assertThat(eight.errorCodes().counts()).isEqualTo(Map.of("AccessDenied", 1L));
            Map<Instant, Activity> days = pipeline.activity(Stores.PRINCIPAL_ACTIVITY_DAILY, ALICE);
            assertThat(days).containsOnlyKeys(Instant.parse("2024-08-02T00:00:00Z"),
                    Instant.parse("2024-08-03T00:00:00Z"));
            assertThat(days.get(Instant.parse("2024-08-02T00:00:00Z")).events()).isEqualTo(3);
            assertThat(pipeline.stats()).doesNotContainKey(PipelineStats.ACTIVITY_EXPIRED);
        }
    }

    @Test
    void countsEventsOlderThanTheWindowRetentionInsteadOfDroppingThemSilently() {
        TopologyConfig config = TopologyConfig.defaults().withHourlyActivityRetention(Duration.ofHours(6));
        try (PipelineDriver pipeline = new PipelineDriver(config)) {
            pipeline.send(ALICE, TestEvents.byUser("alice").id("new").at("2024-08-03T12:00:00Z").json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("old").at("2024-08-03T01:00:00Z").json());

            assertThat(pipeline.profile(ALICE).events()).isEqualTo(2);
            assertThat(pipeline.activity(Stores.PRINCIPAL_ACTIVITY_HOURLY, ALICE))
                    .containsOnlyKeys(Instant.parse("2024-08-03T12:00:00Z"));
            assertThat(pipeline.activity(Stores.PRINCIPAL_ACTIVITY_DAILY, ALICE).values())
                    .singleElement().extracting(Activity::events).isEqualTo(2L);
            assertThat(pipeline.stats()).containsEntry(PipelineStats.ACTIVITY_EXPIRED, 1L);
        }
    }

    @Test
    void countsOnlySuccessfulCallsThatNeedAPermissionAsUsedActions() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z")
                    .call("iam.amazonaws.com", "CreateUser").set("errorCode", "AccessDenied").json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e2").at("2024-08-02T09:00:00Z")
                    .call("iam.amazonaws.com", "ListUsers").json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e3").at("2024-08-02T10:00:00Z")
                    .call("iam.amazonaws.com", "ListUsers").json());
            pipeline.send(ALICE, consoleLogin("c1", "2024-08-02T07:05:00Z", "Success"));
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e4").at("2024-08-02T10:30:00Z")
                    .call("sts.amazonaws.com", "GetCallerIdentity").json());

            PrincipalProfile alice = pipeline.profile(ALICE);
            assertThat(alice.actions().names()).containsKeys("iam:CreateUser", "iam:ListUsers",
                    "sts:GetCallerIdentity").hasSize(4);
            assertThat(alice.usedActions().names()).containsOnlyKeys("iam:ListUsers");
            assertThat(alice.usedActions().get("iam:ListUsers")).isEqualTo(new Seen(2,
                    Instant.parse("2024-08-02T09:00:00Z"), Instant.parse("2024-08-02T10:00:00Z")));
            assertThat(alice.toJsonLine()).contains("\"usedActions\":{");
        }
    }

    @Test
    void recordsConsoleSignInsAndAccessKeysWithTheirLastUse() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, consoleLogin("c1", "2024-08-02T07:00:00Z", "Success"));
            pipeline.send(ALICE, consoleLogin("c2", "2024-08-02T07:05:00Z", "Failure"));
            pipeline.send(ALICE, withAccessKey(TestEvents.byUser("alice").id("k1").at("2024-08-02T08:00:00Z"),
                    "AKIAEXAMPLEKEY000001"));
            pipeline.send(ALICE, withAccessKey(TestEvents.byUser("alice").id("k2").at("2024-08-02T09:00:00Z"),
                    "AKIAEXAMPLEKEY000001"));

            PrincipalProfile alice = pipeline.profile(ALICE);
            assertThat(alice.consoleLogins()).isEqualTo(1);
            assertThat(alice.lastConsoleLogin()).isEqualTo(Instant.parse("2024-08-02T07:00:00Z"));
            assertThat(alice.accessKeys().get("AKIAEXAMPLEKEY000001")).isEqualTo(new Seen(2,
                    Instant.parse("2024-08-02T08:00:00Z"), Instant.parse("2024-08-02T09:00:00Z")));
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

    private static String withReadOnly(TestEvents event, boolean readOnly) {
        ObjectNode node = tree(event);
        node.put("readOnly", readOnly);
        return node.toString();
    }

    private static String withAccessKey(TestEvents event, String keyId) {
        ObjectNode node = tree(event);
        ((ObjectNode) node.get("userIdentity")).put("accessKeyId", keyId);
        return node.toString();
    }

    private static String consoleLogin(String id, String time, String outcome) {
        ObjectNode node = tree(TestEvents.byUser("alice").id(id).at(time)
                .call("signin.amazonaws.com", "ConsoleLogin").set("eventType", "AwsConsoleSignIn"));
        node.putObject("responseElements").put("ConsoleLogin", outcome);
        return node.toString();
    }

    private static ObjectNode tree(TestEvents event) {
        try {
            return (ObjectNode) JSON.readTree(event.json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
