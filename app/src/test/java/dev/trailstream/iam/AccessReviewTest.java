package dev.trailstream.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.export.CommittedTopic;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.profile.SeenSet;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.runtime.Pipeline;
import dev.trailstream.runtime.TopicSetup;
import dev.trailstream.topology.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access review's findings over their life, on a real embedded broker: created once, left alone while nothing
 * changes, closed when the access is used or removed from IAM, and never created twice across a restart.
 */
class AccessReviewTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "111122223333";
    private static final String ALICE = "arn:aws:iam::" + ACCOUNT + ":user/alice";
    private static final String BOB = "arn:aws:iam::" + ACCOUNT + ":user/bob";
    private static final String ADMIN_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/ops/break-glass";
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");
    private static final AtomicInteger RUN = new AtomicInteger();

    @TempDir
    static Path shared;
    private static EmbeddedBroker broker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start(shared.resolve("kafka"), 0, 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** Fresh topics of their own, with the snapshot published a day before {@code T}. */
    private Topics topicsWithSnapshot() throws Exception {
        Topics topics = Topics.withPrefix("t" + RUN.incrementAndGet() + ".");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicSetup.ensure(admin, Pipeline.topicSpecs(topics, 1), Optional.empty());
        }
        publish(topics, snapshot(true), T.minus(Duration.ofDays(1)));
        return topics;
    }

    /** Alice describes (never terminates) for 100 days: the whole 90-day lookback is observed. A mutable list. */
    private static List<PrincipalProfile> aliceDescribingFor100Days() {
        List<PrincipalProfile> profiles = new ArrayList<>();
        profiles.add(profile(ALICE, T.minus(Duration.ofDays(100)), T, used(T, "ec2:DescribeInstances")));
        return profiles;
    }

    @Test
    void opensEachFindingOnceAndClosesItWhenTheAccessIsUsedOrRemoved() throws Exception {
        Topics topics = topicsWithSnapshot();
        List<PrincipalProfile> profiles = aliceDescribingFor100Days();

        Map<String, Object> opened;
        try (AccessReview review = review(topics, profiles)) {
            AccessReview.Outcome first = review.reviewNow().orElseThrow();
            assertThat(first.principals()).isEqualTo(3);
            opened = byAnalyticAndPrincipal(findings(topics));
            assertThat(opened.keySet()).containsExactlyInAnyOrder(
                    AccessFindings.UNUSED_USER + " " + BOB,
                    AccessFindings.UNUSED_ROLE + " " + ADMIN_ROLE,
                    AccessFindings.RISKY_GRANT + " " + ADMIN_ROLE,
                    AccessFindings.UNUSED_PERMISSIONS + " " + ALICE);
            assertThat(first.created()).isEqualTo(4);

            // Nothing changed: nothing is written.
            AccessReview.Outcome again = review.reviewNow().orElseThrow();
            assertThat(again.created() + again.updated() + again.closed()).isZero();
            assertThat(findings(topics)).hasSize(4);

            // Alice now terminates too, and the role is used: both findings close, and say why.
            profiles.set(0, profile(ALICE, T.minus(Duration.ofDays(100)), T.plusSeconds(3600),
                    used(T, "ec2:DescribeInstances").with("ec2:TerminateInstances", T.plusSeconds(3600), 100)));
            profiles.add(profile("arn:aws:sts::" + ACCOUNT + ":assumed-role/break-glass/oncall",
                    T.plusSeconds(60), T.plusSeconds(60), used(T.plusSeconds(60), "ec2:DescribeInstances")));
            AccessReview.Outcome used = review.reviewNow().orElseThrow();
            assertThat(used.closed()).isEqualTo(2);
            // Used, the role is no longer unused as a whole: what it left unused of its grant is reported instead.
            assertThat(used.created()).isEqualTo(1);
        }
        List<JsonNode> afterUse = findings(topics);
        assertThat(byAnalyticAndPrincipal(afterUse)).containsKey(AccessFindings.UNUSED_PERMISSIONS + " " + ADMIN_ROLE);
        assertThat(closes(afterUse)).containsOnlyKeys(
                AccessFindings.UNUSED_PERMISSIONS + " " + ALICE, AccessFindings.UNUSED_ROLE + " " + ADMIN_ROLE);
        assertThat(closes(afterUse).get(AccessFindings.UNUSED_ROLE + " " + ADMIN_ROLE).path("unmapped")
                .path("closed_because").asText()).isEqualTo("used within the lookback");

        // A restart reads the open findings back: no second Create, nothing closed by mistake.
        try (AccessReview restarted = review(topics, profiles)) {
            AccessReview.Outcome outcome = restarted.reviewNow().orElseThrow();
            assertThat(outcome.created() + outcome.closed()).isZero();
            assertThat(outcome.open()).isEqualTo(3);

            // Bob is deleted in a newer snapshot: his finding closes as removed.
            publish(topics, snapshot(false), T);
            AccessReview.Outcome removed = restarted.reviewNow().orElseThrow();
            assertThat(removed.closed()).isEqualTo(1);
            assertThat(removed.principals()).isEqualTo(2);
        }
        List<JsonNode> all = findings(topics);
        JsonNode bobClosed = closes(all).get(AccessFindings.UNUSED_USER + " " + BOB);
        assertThat(bobClosed.path("unmapped").path("closed_because").asText()).startsWith("removed from IAM");
        assertThat(bobClosed.path("status").asText()).isEqualTo("Resolved");

        Map<String, Integer> createsPerUid = new LinkedHashMap<>();
        for (JsonNode f : all) {
            assertThat(f.path("class_uid").asInt()).isEqualTo(2008);
            assertThat(f.path("metadata").path("version").asText()).isEqualTo("1.6.0");
            if (f.path("activity_id").asInt() == 1) {
                createsPerUid.merge(f.path("finding_info").path("uid").asText(), 1, Integer::sum);
            }
        }
        assertThat(createsPerUid).hasSize(5).allSatisfy((uid, n) -> assertThat(n).as(uid).isEqualTo(1));
        assertThat(all).as("5 creates, 3 closes, nothing else").hasSize(5 + 3);

        JsonNode risky = opened.values().stream().map(JsonNode.class::cast)
                .filter(f -> f.path("finding_info").path("analytic").path("uid").asText()
                        .equals(AccessFindings.RISKY_GRANT)).findFirst().orElseThrow();
        assertThat(risky.path("severity").asText()).isEqualTo("High");
        assertThat(risky.path("permission_analysis_results").path(0).path("granted_privileges").path(0).asText())
                .contains("*");
        JsonNode unusedUser = (JsonNode) opened.get(AccessFindings.UNUSED_USER + " " + BOB);
        assertThat(unusedUser.path("confidence").asText()).isEqualTo("High");
        assertThat(unusedUser.path("unmapped").path("days_observed").asInt()).isEqualTo(90);
        assertThat(unusedUser.path("resources").path(0).path("type").asText()).isEqualTo("AWS::IAM::User");
        assertThat(unusedUser.path("time").asLong()).isEqualTo(T.toEpochMilli());
    }

    @Test
    void aReviewerElectedAgainReadsBackWhatTheOtherWroteAndReplacesItsFencedProducer() throws Exception {
        Topics topics = topicsWithSnapshot();
        List<PrincipalProfile> profiles = aliceDescribingFor100Days();
        AccessReview.Turn reviews = new AccessReview.Review(() -> iterator(profiles));
        AtomicReference<AccessReview.Turn> turnOfA = new AtomicReference<>(reviews);
        try (AccessReview a = review(topics, turnOfA::get, profiles);
             AccessReview b = review(topics, profiles)) {
            SimpleMeterRegistry gauges = new SimpleMeterRegistry();
            a.bindTo(gauges);
            a.tick();
            assertThat(findings(topics)).hasSize(4);
            assertThat(openOnMetrics(gauges)).isEqualTo(4);

            // Another instance with a smaller address joins: it reviews, this one stands by and forgets.
            turnOfA.set(new AccessReview.StandBy("b runs the access review", true));
            a.tick();
            assertThat(a.latest()).isEmpty();
            assertThat(openOnMetrics(gauges)).as("only the reviewer reports open findings").isZero();
            assertThat(gauges.get("trailstream.access.review.timestamp").gauge().value()).isNaN();
            AccessReview.Outcome atB = b.reviewNow().orElseThrow();
            assertThat(atB.created() + atB.updated() + atB.closed()).as("b read a's findings back").isZero();
            profiles.set(0, profile(ALICE, T.minus(Duration.ofDays(100)), T.plusSeconds(3600),
                    used(T, "ec2:DescribeInstances").with("ec2:TerminateInstances", T.plusSeconds(3600), 100)));
            assertThat(b.reviewNow().orElseThrow().closed()).as("Alice's unused permissions").isEqualTo(1);

            // b leaves: a reviews again. The role is used meanwhile.
            profiles.add(profile("arn:aws:sts::" + ACCOUNT + ":assumed-role/break-glass/oncall",
                    T.plusSeconds(60), T.plusSeconds(60), used(T.plusSeconds(60), "ec2:DescribeInstances")));
            turnOfA.set(reviews);
            // b's producer fenced a's: this tick's transaction fails and is aborted, the producer is replaced.
            a.tick();
            assertThat(findings(topics)).as("nothing written by the fenced producer").hasSize(5);
            AccessReview.Outcome back = a.reviewNow().orElseThrow();
            assertThat(back.closed()).as("the role's finding only; Alice's was closed by b").isEqualTo(1);
            assertThat(back.created()).as("the role's unused permissions").isEqualTo(1);
            assertThat(back.open()).isEqualTo(3);
        }
        Map<String, Integer> perUidAndActivity = new LinkedHashMap<>();
        for (JsonNode f : findings(topics)) {
            perUidAndActivity.merge(f.path("finding_info").path("uid").asText() + " " + f.path("activity_id").asInt(),
                    1, Integer::sum);
        }
        assertThat(perUidAndActivity).as("each finding created once, closed at most once").hasSize(7)
                .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
    }

    @Test
    void doesNothingWithoutASnapshot() throws Exception {
        Topics topics = Topics.withPrefix("t" + RUN.incrementAndGet() + ".");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicSetup.ensure(admin, Pipeline.topicSpecs(topics, 1), Optional.empty());
        }
        List<PrincipalProfile> profiles = List.of(profile(ALICE, T, T, used(T, "ec2:DescribeInstances")));
        try (AccessReview review = review(topics, profiles)) {
            assertThat(review.reviewNow()).isEmpty();
            assertThat(review.latest()).isEmpty();
        }
        assertThat(findings(topics)).isEmpty();
    }

    private static AccessReview review(Topics topics, List<PrincipalProfile> profiles) {
        return new AccessReview(broker.bootstrapServers(), topics.iamSnapshots().name(), topics.findings().name(),
                topics.accessReview().name(), topics.findings().name() + "-app", () -> iterator(profiles),
                Optional::empty, Map.of(), Duration.ofDays(90), Clock.systemUTC());
    }

    private static double openOnMetrics(SimpleMeterRegistry registry) {
        return registry.get("trailstream.access.findings.open").gauges().stream().mapToDouble(g -> g.value()).sum();
    }

    private static AccessReview review(Topics topics, Supplier<AccessReview.Turn> turn,
                                       List<PrincipalProfile> profiles) {
        return new AccessReview(broker.bootstrapServers(), topics.iamSnapshots().name(), topics.findings().name(),
                topics.accessReview().name(), topics.findings().name() + "-app", turn, () -> iterator(profiles),
                Optional::empty, Map.of(), Duration.ofDays(90), Clock.systemUTC());
    }

    private void publish(Topics topics, String json, Instant takenAt) throws IOException, InterruptedException {
        Path file = tmp.resolve("authz-" + takenAt.toEpochMilli() + ".json");
        Files.writeString(file, json);
        SnapshotPublisher.publish(broker.bootstrapServers(), topics.iamSnapshots().name(),
                SnapshotFiles.prepare(List.of(file), Optional.of(takenAt), ""), false);
    }

    /** Alice may describe and terminate instances; Bob has nothing; the break-glass role is an administrator. */
    private static String snapshot(boolean withBob) {
        String bob = """
                {"UserName": "bob", "UserId": "AIDABOB", "Path": "/", "Arn": "%s",
                 "CreateDate": "2024-01-01T00:00:00Z", "GroupList": [], "AttachedManagedPolicies": [],
                 "UserPolicyList": []},
                """.formatted(BOB);
        return """
                {"UserDetailList": [%s
                  {"UserName": "alice", "UserId": "AIDAALICE", "Path": "/", "Arn": "%s",
                   "CreateDate": "2024-01-01T00:00:00Z", "GroupList": [], "AttachedManagedPolicies": [],
                   "UserPolicyList": [{"PolicyName": "ec2-operator", "PolicyDocument": {"Version": "2012-10-17",
                     "Statement": [{"Effect": "Allow", "Action": ["ec2:DescribeInstances", "ec2:TerminateInstances"],
                                    "Resource": "arn:aws:s3:::data/*"}]}}]}],
                 "GroupDetailList": [],
                 "RoleDetailList": [{"RoleName": "break-glass", "RoleId": "AROABREAK", "Path": "/ops/",
                   "Arn": "%s", "CreateDate": "2024-01-01T00:00:00Z", "RoleLastUsed": {},
                   "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []},
                   "RolePolicyList": [], "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess",
                     "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}],
                 "Policies": [{"PolicyName": "AdministratorAccess",
                   "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "DefaultVersionId": "v1",
                   "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
                     "Document": {"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}]}
                """.formatted(withBob ? bob : "", ALICE, ADMIN_ROLE);
    }

    private static SeenSet used(Instant time, String action) {
        return SeenSet.EMPTY.with(action, time, 100);
    }

    private static PrincipalProfile profile(String arn, Instant first, Instant last, SeenSet used) {
        return new PrincipalProfile(arn, PrincipalKind.HUMAN, arn.contains(":user/") ? "IAMUser" : "AssumedRole",
                ACCOUNT, arn, 1, 0, 0, 0, first, last, "e", null, 0, used, used, null, null, null, null, null, null);
    }

    private static KeyValueIterator<String, PrincipalProfile> iterator(List<PrincipalProfile> profiles) {
        Iterator<PrincipalProfile> it = List.copyOf(profiles).iterator();
        return new KeyValueIterator<>() {
            @Override
            public void close() {
            }

            @Override
            public String peekNextKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<String, PrincipalProfile> next() {
                PrincipalProfile p = it.next();
                return KeyValue.pair(p.principalId(), p);
            }
        };
    }

    private static List<JsonNode> findings(Topics topics) {
        List<JsonNode> out = new ArrayList<>();
        CommittedTopic.forEach(broker.bootstrapServers(), topics.findings().name(), r -> {
            try {
                out.add(JSON.readTree(r.value()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return out;
    }

    private static Map<String, Object> byAnalyticAndPrincipal(List<JsonNode> findings) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonNode f : findings) {
            m.put(f.path("finding_info").path("analytic").path("uid").asText() + " "
                    + f.path("resources").path(0).path("uid").asText(), f);
        }
        return m;
    }

    private static Map<String, JsonNode> closes(List<JsonNode> findings) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode f : findings) {
            if (f.path("activity_id").asInt() == 3) {
                m.put(f.path("finding_info").path("analytic").path("uid").asText() + " "
                        + f.path("resources").path(0).path("uid").asText(), f);
            }
        }
        return m;
    }
}
