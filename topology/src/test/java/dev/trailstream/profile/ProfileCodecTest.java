package dev.trailstream.profile;

import dev.trailstream.normalize.PrincipalKind;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

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
                SeenSet.EMPTY.with("iam:ListUsers", T, 10), SeenSet.EMPTY, null,
                new SeenSet(Map.of("us-east-1", new Seen(5, T, T.plusSeconds(60))), 7), agents, null, null);
        Serde<PrincipalProfile> serde = ProfileCodec.profileSerde();

        PrincipalProfile back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", profile));

        assertThat(back).isEqualTo(profile);
        assertThat(back.regions().evicted()).isEqualTo(7);
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
