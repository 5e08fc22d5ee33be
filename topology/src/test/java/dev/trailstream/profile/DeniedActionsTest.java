package dev.trailstream.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.topology.Json;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static dev.trailstream.topology.TestEvents.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/** The profile's denied actions: what access-denied troubleshooting explains, and how the store keeps them. */
class DeniedActionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2024-08-02T08:00:00Z");

    @Test
    void keepsTheActionsOfCallsDeniedForLackOfPermissionWithCountAndTimes() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, call("d1", "2024-08-02T09:00:00Z", "iam.amazonaws.com", "CreateUser", "AccessDenied"));
            pipeline.send(ALICE, call("d2", "2024-08-02T08:00:00Z", "iam.amazonaws.com", "CreateUser", "AccessDenied"));
            pipeline.send(ALICE, call("d3", "2024-08-02T08:30:00Z", "ec2.amazonaws.com", "DescribeRegions",
                    "Client.UnauthorizedOperation"));
            pipeline.send(ALICE, call("d4", "2024-08-02T08:40:00Z", "kms.amazonaws.com", "Decrypt",
                    "AccessDeniedException"));
            // Failed, but not for lack of permission: not a missing permission.
            pipeline.send(ALICE, call("x1", "2024-08-02T08:50:00Z", "kms.amazonaws.com", "Encrypt",
                    "ThrottlingException"));
            pipeline.send(ALICE, call("x2", "2024-08-02T08:55:00Z", "s3.amazonaws.com", "GetObject", "NoSuchKey"));
            pipeline.send(ALICE, call("ok", "2024-08-02T10:00:00Z", "iam.amazonaws.com", "ListUsers", null));

            PrincipalProfile alice = pipeline.profile(ALICE);

            assertThat(alice.deniedActions().names()).containsOnlyKeys("iam:CreateUser", "ec2:DescribeRegions",
                    "kms:Decrypt");
            assertThat(alice.deniedActions().get("iam:CreateUser")).isEqualTo(new Seen(2,
                    Instant.parse("2024-08-02T08:00:00Z"), Instant.parse("2024-08-02T09:00:00Z")));
            assertThat(alice.usedActions().names()).containsOnlyKeys("iam:ListUsers");
            assertThat(alice.deniedResources()).isEmpty();
            assertThat(alice.toJsonLine()).contains("\"deniedActions\":{");
        }
    }

    @Test
    void keepsTheResourceOfTheNewestDeniedCallThatNamedOne() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, withResource(call("d1", "2024-08-02T09:00:00Z", "s3.amazonaws.com", "PutObject",
                    "AccessDenied"), "arn:aws:s3:::reports/2024/q3.csv"));
            // Older, arriving later: it does not replace the newest call's resource.
            pipeline.send(ALICE, withResource(call("d2", "2024-08-02T08:00:00Z", "s3.amazonaws.com", "PutObject",
                    "AccessDenied"), "arn:aws:s3:::old/file"));
            // Newer but naming no resource: the last named one stays.
            pipeline.send(ALICE, call("d3", "2024-08-02T09:30:00Z", "s3.amazonaws.com", "PutObject", "AccessDenied"));
            pipeline.send(ALICE, withResource(call("d4", "2024-08-02T10:00:00Z", "s3.amazonaws.com", "GetObject",
                    "AccessDenied"), "arn:aws:s3:::reports/2024/q4.csv"));

            PrincipalProfile alice = pipeline.profile(ALICE);

            assertThat(alice.deniedActions().get("s3:PutObject").count()).isEqualTo(3);
            assertThat(alice.deniedResources()).containsOnly(
                    Map.entry("s3:PutObject", "arn:aws:s3:::reports/2024/q3.csv"),
                    Map.entry("s3:GetObject", "arn:aws:s3:::reports/2024/q4.csv"));
        }
    }

    @Test
    void capsDeniedActionsLikeUsedActionsAndForgetsTheResourcesOfEvictedOnes() {
        TopologyConfig config = TopologyConfig.defaults().withProfileLimits(new ProfileLimits(2, 200, 50));
        try (PipelineDriver pipeline = new PipelineDriver(config)) {
            pipeline.send(ALICE, withResource(call("d1", "2024-08-02T08:00:00Z", "s3.amazonaws.com", "GetObject",
                    "AccessDenied"), "arn:aws:s3:::a/1"));
            pipeline.send(ALICE, withResource(call("d2", "2024-08-02T08:01:00Z", "s3.amazonaws.com", "PutObject",
                    "AccessDenied"), "arn:aws:s3:::a/2"));
            pipeline.send(ALICE, withResource(call("d3", "2024-08-02T08:02:00Z", "s3.amazonaws.com", "DeleteObject",
                    "AccessDenied"), "arn:aws:s3:::a/3"));

            PrincipalProfile alice = pipeline.profile(ALICE);

            assertThat(alice.deniedActions().names()).containsOnlyKeys("s3:PutObject", "s3:DeleteObject");
            assertThat(alice.deniedActions().evicted()).isEqualTo(1);
            assertThat(alice.deniedResources()).containsOnlyKeys("s3:PutObject", "s3:DeleteObject");
        }
    }

    @Test
    void readsBackDeniedActionsAndResourcesFromTheStoreAndFromJson() {
        PrincipalProfile profile = new PrincipalProfile("arn:aws:iam::1:user/carol", PrincipalKind.HUMAN, "IAMUser",
                "1", "arn:aws:iam::1:user/carol", 3, 2, 0, 0, T, T.plusSeconds(60), "e3", null, 0,
                SeenSet.EMPTY.with("s3:PutObject", T, 10), null, null, null, null, null, null, null,
                SeenSet.EMPTY.with("s3:PutObject", T, 10).with("s3:PutObject", T.plusSeconds(60), 10),
                Map.of("s3:PutObject", "arn:aws:s3:::reports/ü.csv"));
        Serde<PrincipalProfile> serde = ProfileCodec.profileSerde();

        PrincipalProfile back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", profile));

        assertThat(back).isEqualTo(profile);
        assertThat(back.deniedActions().get("s3:PutObject").count()).isEqualTo(2);
        assertThat(Json.read(profile.toJsonLine().getBytes(StandardCharsets.UTF_8), PrincipalProfile.class))
                .isEqualTo(profile);
    }

    @Test
    void readsAVersionTwoProfileWithNoDeniedActions() throws IOException {
        // The version 2 layout written by hand: state from before deniedActions must still load.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(2);
        for (String s : new String[]{"arn:aws:iam::1:user/bob", "HUMAN", "IAMUser", "1", null}) {
            writeString(out, s);
        }
        for (long n : new long[]{4, 1, 2, 1}) {
            out.writeLong(n);
        }
        out.writeBoolean(true);
        out.writeLong(T.toEpochMilli());
        out.writeBoolean(true);
        out.writeLong(T.plusSeconds(60).toEpochMilli());
        writeString(out, "e4");
        out.writeBoolean(false);
        out.writeLong(0);
        // actions and usedActions: one name each; then error codes, IPs, regions, agents, keys, accounts: empty
        for (int set = 0; set < 2; set++) {
            out.writeLong(0);
            out.writeInt(1);
            writeString(out, "iam:ListUsers");
            out.writeLong(3);
            out.writeLong(T.toEpochMilli());
            out.writeLong(T.plusSeconds(60).toEpochMilli());
        }
        for (int set = 0; set < 6; set++) {
            out.writeLong(set == 5 ? 9 : 0);
            out.writeInt(0);
        }

        PrincipalProfile back = ProfileCodec.profileSerde().deserializer().deserialize("t", bytes.toByteArray());

        assertThat(back.principalId()).isEqualTo("arn:aws:iam::1:user/bob");
        assertThat(back.usedActions().get("iam:ListUsers").count()).isEqualTo(3);
        assertThat(back.accounts().evicted()).isEqualTo(9);
        assertThat(back.deniedActions()).isEqualTo(SeenSet.EMPTY);
        assertThat(back.deniedResources()).isEmpty();
    }

    @Test
    void keepsTheConstructorWithoutDeniedActionsForExistingCallers() {
        PrincipalProfile old = new PrincipalProfile("p", null, null, null, null, 1, 0, 0, 0, T, T, "e", null, 0,
                null, null, null, null, null, null, null, null);

        assertThat(old.deniedActions()).isEqualTo(SeenSet.EMPTY);
        assertThat(old.deniedResources()).isEmpty();
    }

    private static String call(String id, String time, String source, String name, String errorCode) {
        TestEvents event = TestEvents.byUser("alice").id(id).at(time).call(source, name);
        return errorCode == null ? event.json() : event.set("errorCode", errorCode).json();
    }

    private static String withResource(String json, String arn) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            node.putArray("resources").addObject().put("type", "AWS::S3::Object").put("ARN", arn);
            return node.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
