package dev.trailstream.profile;

import dev.trailstream.normalize.PrincipalKind;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileCodecTest {
    private static final Instant T = Instant.parse("2024-08-02T08:00:00Z");

    @Test
    void readsBackEveryFieldOfAProfileIncludingNullsAndLongNames() {
        String longAgent = "Boto3/1.34 ".repeat(10_000); // longer than writeUTF's 64 KB
        SeenSet agents = SeenSet.EMPTY.with(longAgent, T, 10).with("console", T.plusSeconds(5), 10);
        PrincipalProfile profile = new PrincipalProfile("arn:aws:iam::1:user/ålice", PrincipalKind.HUMAN, "IAMUser",
                "1", null, 5, 1, 2, 3, T, T.plusSeconds(60), "e5", null, 0,
                SeenSet.EMPTY.with("iam:ListUsers", T, 10).with("s3:GetObject", T, 10),
                SeenSet.EMPTY.with("s3:GetObject", T.plusSeconds(1), 10), SeenSet.EMPTY, null,
                new SeenSet(Map.of("us-east-1", new Seen(5, T, T.plusSeconds(60))), 7), agents, null, null);
        Serde<PrincipalProfile> serde = ProfileCodec.profileSerde();

        PrincipalProfile back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", profile));

        assertThat(back).isEqualTo(profile);
        assertThat(back.regions().evicted()).isEqualTo(7);
        assertThat(back.usedActions().names()).containsOnlyKeys("s3:GetObject");
    }

    @Test
    void readsAVersionOneProfileWithNoSuccessfulActions() throws IOException {
        // The version 1 layout written by hand: state from before usedActions must still load.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        for (String s : new String[]{"arn:aws:iam::1:user/bob", "HUMAN", "IAMUser", "1", null}) {
            writeString(out, s);
        }
        for (long n : new long[]{3, 1, 2, 1}) {
            out.writeLong(n);
        }
        out.writeBoolean(true);
        out.writeLong(T.toEpochMilli());
        out.writeBoolean(true);
        out.writeLong(T.plusSeconds(60).toEpochMilli());
        writeString(out, "e3");
        out.writeBoolean(false);
        out.writeLong(0);
        // actions: one name; then error codes, source IPs, regions, user agents, access keys, accounts: empty
        out.writeLong(0);
        out.writeInt(1);
        writeString(out, "iam:ListUsers");
        out.writeLong(3);
        out.writeLong(T.toEpochMilli());
        out.writeLong(T.plusSeconds(60).toEpochMilli());
        for (int set = 0; set < 6; set++) {
            out.writeLong(set == 2 ? 4 : 0);
            out.writeInt(0);
        }

        PrincipalProfile back = ProfileCodec.profileSerde().deserializer().deserialize("t", bytes.toByteArray());

        assertThat(back.principalId()).isEqualTo("arn:aws:iam::1:user/bob");
        assertThat(back.actions().names()).containsOnlyKeys("iam:ListUsers");
        assertThat(back.actions().names().get("iam:ListUsers").count()).isEqualTo(3);
        assertThat(back.usedActions()).isEqualTo(SeenSet.EMPTY);
        assertThat(back.errorCodes().evicted()).isZero();
        assertThat(back.regions().evicted()).isEqualTo(4);
        assertThat(back.lastEventId()).isEqualTo("e3");
    }

    @Test
    void writesTheCurrentFormatVersion() {
        byte[] bytes = ProfileCodec.profileSerde().serializer().serialize("t", PrincipalProfile.empty());

        assertThat(bytes[0]).isEqualTo((byte) 3);
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

    @Test
    void readsBackAnActivityWindow() {
        Activity activity = new Activity(4, 1, 2, 2, BoundedCounts.EMPTY.with("s3:GetObject", 5),
                BoundedCounts.EMPTY.with("AccessDenied", 5));
        Serde<Activity> serde = ProfileCodec.activitySerde();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", activity)))
                .isEqualTo(activity);
    }

    @Test
    void refusesAnUnknownFormatVersion() {
        assertThatThrownBy(() -> ProfileCodec.activitySerde().deserializer().deserialize("t", new byte[]{9, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
    }
}
