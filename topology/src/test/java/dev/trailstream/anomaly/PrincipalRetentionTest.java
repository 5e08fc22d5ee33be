package dev.trailstream.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.trailstream.topology.TestEvents.ALICE;
import static dev.trailstream.topology.TestEvents.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The principal retention ({@code IdlePrincipals}) over the five stores keyed by principal, in the whole topology:
 * a principal idle longer than the retention loses its entries, one active within it keeps them.
 */
class PrincipalRetentionTest {
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Instant T0 = Instant.parse("2024-08-01T09:00:00Z");
    private static final List<String> STORES = List.of(Stores.PRINCIPAL_PROFILES, Stores.PRINCIPAL_RATE_BASELINES,
            Stores.PRINCIPAL_DENIED_CALLS, Stores.PRINCIPAL_CHAIN_STEPS, Stores.PRINCIPAL_KEY_USAGE);
    private static final String[] PROBES = {"ListUsers", "ListRoles", "GetUser", "ListPolicies", "ListGroups"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void evictsPrincipalsIdleLongerThanTheRetention() {
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withPrincipalRetention(RETENTION))) {
            probe(pipeline, "alice", T0);
            probe(pipeline, "bob", T0);
            assertThat(holding(pipeline, ALICE)).as("alice's burst reaches every store").isEqualTo(STORES);

            // Only bob is heard of again, within the retention, and again a day after alice's entries fall out of it.
            probe(pipeline, "bob", T0.plus(Duration.ofDays(15)));
            probe(pipeline, "bob", T0.plus(RETENTION).plus(Duration.ofDays(1)));

            assertThat(holding(pipeline, ALICE)).isEmpty();
            assertThat(holding(pipeline, BOB)).isEqualTo(STORES);
            assertThat(pipeline.stats()).containsEntry(PipelineStats.PRINCIPALS_EVICTED, 1L);
        }
    }

    @Test
    void keepsAPrincipalActiveWithinTheRetention() {
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withPrincipalRetention(RETENTION))) {
            probe(pipeline, "alice", T0);
            probe(pipeline, "alice", T0.plus(Duration.ofDays(20)));

            // Forty-five days after alice's first burst, twenty-five after her second: within the retention.
            probe(pipeline, "bob", T0.plus(Duration.ofDays(45)));

            assertThat(holding(pipeline, ALICE)).isEqualTo(STORES);
            PrincipalProfile alice = pipeline.profile(ALICE);
            assertThat(alice.firstSeen()).as("the same profile, not a new one").isEqualTo(T0);
            assertThat(alice.events()).as("both bursts").isEqualTo(2 * (2L * PROBES.length + 2));
            assertThat(pipeline.stats()).doesNotContainKey(PipelineStats.PRINCIPALS_EVICTED);
        }
    }

    @Test
    void aPrincipalBackAfterEvictionStartsANewLearningPeriod() {
        Instant back = T0.plus(RETENTION).plus(Duration.ofDays(3));
        // Without eviction, alice's return from a new region, address and client is first-time behaviour...
        try (PipelineDriver pipeline = new PipelineDriver()) {
            returnAfterAbsence(pipeline, back);
            assertThat(firstTime(pipeline.findings())).as("the contrast: with the default retention")
                    .contains("trailstream.anomaly.first-time-region");
        }
        // ...but a principal idle past the retention is a new principal, learning again.
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withPrincipalRetention(RETENTION))) {
            returnAfterAbsence(pipeline, back);
            assertThat(firstTime(pipeline.findings())).isEmpty();
            PrincipalProfile alice = pipeline.profile(ALICE);
            assertThat(alice.firstSeen()).isEqualTo(back);
            assertThat(alice.events()).isEqualTo(3);
            assertThat(alice.regions().names()).containsOnlyKeys("ap-southeast-2");
        }
    }

    @Test
    void letsNoEventDatedFarInTheFutureAgeEveryoneOut() {
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withPrincipalRetention(RETENTION))) {
            probe(pipeline, "alice", T0);
            // A garbled or forged eventTime decades ahead: the eviction clock does not follow it.
            probe(pipeline, "bob", Instant.parse("2099-01-01T00:00:00Z"));

            assertThat(holding(pipeline, ALICE)).isEqualTo(STORES);
            assertThat(pipeline.stats()).doesNotContainKey(PipelineStats.PRINCIPALS_EVICTED);
        }
    }

    @Test
    void readsValuesWrittenBeforeLastActiveExisted() {
        // A version 1 rate baseline, as changelogs written before last-active existed hold it: first minute 5,
        // three active minutes in the lowest bin of calls, no errors.
        RateBaseline old = RateBaselineCodec.decode(new byte[]{1, 5, 1, 3, 0});
        assertThat(old.firstMinute()).isEqualTo(5);
        assertThat(old.lastMinute()).isEqualTo(RateBaseline.UNKNOWN_MINUTE);
        assertThat(old.callsPerMinute().total()).isEqualTo(3);
        assertThat(RateBaselineCodec.decode(RateBaselineCodec.encode(old))).as("unknown survives a rewrite")
                .isEqualTo(old);

        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withPrincipalRetention(RETENTION))) {
            KeyValueStore<String, RateBaseline> baselines = pipeline.keyValueStore(Stores.PRINCIPAL_RATE_BASELINES);
            String carol = "arn:aws:iam::111122223333:user/carol";
            baselines.put(carol, old);
            // Long past any retention of its first minute (1970), but it does not say when carol was last active:
            // taken as active now, and stamped so.
            probe(pipeline, "bob", T0);
            probe(pipeline, "bob", T0.plus(Duration.ofDays(15)));
            RateBaseline stamped = baselines.get(carol);
            assertThat(stamped).isNotNull();
            assertThat(stamped.lastMinute()).isEqualTo(RateBaseline.minuteOf(T0.toEpochMilli()));

            probe(pipeline, "bob", T0.plus(RETENTION).plus(Duration.ofDays(1)));
            assertThat(baselines.get(carol)).as("a retention after the stamp").isNull();
            assertThat(baselines.get(BOB)).isNotNull();
        }
    }

    /**
     * Alice works from us-east-1 for a day, falls silent; bob works on daily; alice comes back at {@code back} from
     * another region, address and client with three calls.
     */
    private static void returnAfterAbsence(PipelineDriver pipeline, Instant back) {
        for (int i = 0; i < 5; i++) {
            pipeline.send(ALICE, TestEvents.byUser("alice").id("a" + i).at(T0.plusSeconds(600L * i).toString())
                    .json());
        }
        for (Instant day = T0; day.isBefore(back); day = day.plus(Duration.ofDays(1))) {
            pipeline.send(BOB, TestEvents.byUser("bob").id("b" + day).at(day.toString()).json());
        }
        for (int i = 0; i < 3; i++) {
            pipeline.send(ALICE, TestEvents.byUser("alice").id("back" + i).at(back.plusSeconds(60L * i).toString())
                    .set("awsRegion", "ap-southeast-2").set("sourceIPAddress", "203.0.113.9")
                    .set("userAgent", "Boto3/1.34.0 Python/3.12").json());
        }
    }

    /**
     * Ten denied calls over five actions within two minutes with the user's long-term key, then two allowed calls:
     * a profile, a rate baseline, denied calls, a chain step (the burst is a precursor) and key usage.
     */
    private static void probe(PipelineDriver pipeline, String user, Instant start) {
        String key = "arn:aws:iam::111122223333:user/" + user;
        for (int i = 0; i < 2 * PROBES.length; i++) {
            pipeline.send(key, withKey(TestEvents.byUser(user).id(user + start + "d" + i)
                    .at(start.plusSeconds(10L * i).toString()).call("iam.amazonaws.com", PROBES[i % PROBES.length])
                    .set("errorCode", "AccessDenied")));
        }
        for (int i = 0; i < 2; i++) {
            pipeline.send(key, withKey(TestEvents.byUser(user).id(user + start + "ok" + i)
                    .at(start.plusSeconds(200L + i).toString()).call("s3.amazonaws.com", "ListBuckets")));
        }
    }

    private static String withKey(TestEvents event) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(event.json());
            ((ObjectNode) node.get("userIdentity")).put("accessKeyId", "AKIAIOSFODNN7EXAMPLE");
            return node.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stores of {@link #STORES} holding an entry for {@code principal}, in that order. */
    private static List<String> holding(PipelineDriver pipeline, String principal) {
        return STORES.stream().filter(name -> pipeline.keyValueStore(name).get(principal) != null).toList();
    }

    private static List<String> firstTime(List<JsonNode> findings) {
        return findings.stream().map(f -> f.path("finding_info").path("analytic").path("uid").asText())
                .filter(uid -> uid.startsWith("trailstream.anomaly.first-time")).distinct().toList();
    }
}
