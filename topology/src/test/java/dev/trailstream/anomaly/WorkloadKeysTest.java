package dev.trailstream.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.normalize.Principals;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.SharedData;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.trailstream.topology.TestEvents.ALICE;
import static dev.trailstream.topology.TestEvents.BOB;
import static org.assertj.core.api.Assertions.assertThat;

class WorkloadKeysTest {
    private static final String WORKLOAD_KEY = "trailstream.anomaly.long-term-key-workload";
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final Instant MIDNIGHT = Instant.parse("2024-08-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void flagsAKeyUsedInEveryHourOfADayWithOneFinding() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            int n = 0;
            for (int hour = 0; hour < 24; hour++) {
                for (int minute = 5; minute < 60; minute += 20) {
                    pipeline.send(ALICE, keyCall("alice", "k" + n++, at(0, hour, minute), "198.51.100.7"));
                }
            }

            List<JsonNode> findings = of(pipeline.findings());
            assertThat(findings).as("one finding for the day, not one per hour past the threshold").hasSize(1);
            JsonNode finding = findings.get(0);
            assertThat(finding.path("activity_id").asInt()).isEqualTo(1);
            assertThat(finding.path("severity").asText()).isEqualTo("Low");
            assertThat(finding.path("confidence").asText()).isEqualTo("Medium");
            assertThat(finding.path("actor").path("user").path("uid").asText()).isEqualTo(ALICE);
            assertThat(finding.path("finding_info").path("title").asText())
                    .isEqualTo("Long-term access key used like a workload");
            assertThat(finding.path("finding_info").path("desc").asText()).startsWith("Advice, not an attack");
            assertThat(finding.path("finding_info").path("analytic").path("type").asText()).isEqualTo("Behavioral");
            JsonNode data = finding.path("evidences").get(0).path("data");
            assertThat(data.path("eventID").asText()).as("the first call of the 20th hour").isEqualTo("k57");
            assertThat(data.path("access_key_id").asText()).isEqualTo(KEY);
            assertThat(data.path("hours_active").asInt()).isEqualTo(20);
            assertThat(data.path("source_ips").path("count").asInt()).isEqualTo(1);
            assertThat(data.path("source_ips").path("examples").get(0).asText()).isEqualTo("198.51.100.7");
            assertThat(texts(data.path("reason"))).containsExactly("around-the-clock");
            assertThat(data.path("advice").asText()).isEqualTo(WorkloadKeys.ADVICE);
        }
    }

    @Test
    void flagsAKeyUsedFromSixAddressesInADay() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (int i = 0; i < 6; i++) {
                pipeline.send(ALICE, keyCall("alice", "k" + i, at(0, 10, 5 * i), "203.0.113." + (10 + i)));
            }

            List<JsonNode> findings = of(pipeline.findings());
            assertThat(findings).hasSize(1);
            JsonNode data = findings.get(0).path("evidences").get(0).path("data");
            assertThat(data.path("eventID").asText()).as("the fifth address reaches the threshold").isEqualTo("k4");
            assertThat(texts(data.path("reason"))).containsExactly("many-source-ips");
            assertThat(data.path("source_ips").path("count").asInt()).isEqualTo(5);
            assertThat(texts(data.path("source_ips").path("examples"))).containsExactly("203.0.113.10",
                    "203.0.113.11", "203.0.113.12", "203.0.113.13", "203.0.113.14");
            assertThat(data.path("hours_active").asInt()).isEqualTo(1);
            assertThat(findings.get(0).path("confidence").asText()).isEqualTo("Medium");
        }
    }

    @Test
    void raisesTheConfidenceOfTheDaysFindingWhenTheOtherReasonHoldsToo() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (int hour = 0; hour < 20; hour++) {
                pipeline.send(ALICE, keyCall("alice", "h" + hour, at(0, hour, 0), "198.51.100.7"));
            }
            for (int i = 0; i < 4; i++) {
                pipeline.send(ALICE, keyCall("alice", "p" + i, at(0, 21, i), "203.0.113." + (10 + i)));
            }

            List<JsonNode> findings = of(pipeline.findings());
            assertThat(findings).extracting(f -> f.path("activity_id").asInt()).containsExactly(1, 2);
            assertThat(findings).extracting(f -> f.path("finding_info").path("uid").asText())
                    .containsOnly(findings.get(0).path("finding_info").path("uid").asText());
            assertThat(findings).extracting(f -> f.path("confidence").asText()).containsExactly("Medium", "High");
            JsonNode second = findings.get(1).path("evidences").get(1).path("data");
            assertThat(second.path("eventID").asText()).isEqualTo("p3");
            assertThat(texts(second.path("reason"))).containsExactly("around-the-clock", "many-source-ips");
        }
    }

    @Test
    void leavesAPersonsKeyUsedNineToFiveFromOneAddressAlone() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            int n = 0;
            for (int day = 0; day < 5; day++) {
                for (int hour = 9; hour < 17; hour++) {
                    for (int minute = 0; minute < 60; minute += 2) {
                        pipeline.send(ALICE, keyCall("alice", "k" + n++, at(day, hour, minute), "198.51.100.7"));
                    }
                }
            }

            assertThat(of(pipeline.findings())).isEmpty();
            KeyValueStore<String, KeyUsage> store = pipeline.keyValueStore(Stores.PRINCIPAL_KEY_USAGE);
            KeyUsage usage = store.get(ALICE);
            assertThat(usage.days()).as("the newest day and the one before").extracting(KeyUsage.KeyDay::epochDay)
                    .containsExactly(MIDNIGHT.getEpochSecond() / 86_400 + 3, MIDNIGHT.getEpochSecond() / 86_400 + 4);
            assertThat(usage.days().get(1).hoursActive()).isEqualTo(8);
        }
    }

    @Test
    void neverFlagsSessionKeysRolesConsoleSessionsOrCallsAServiceMadeForTheUser() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            String role = "arn:aws:iam::111122223333:role/orders-api";
            int n = 0;
            for (int hour = 0; hour < 24; hour++) {
                for (int i = 0; i < 6; i++) {
                    String ip = "203.0.113." + (10 + i);
                    Instant time = at(0, hour, i);
                    // Temporary credentials of an IAM user (GetSessionToken): ASIA.
                    pipeline.send(ALICE, edit(TestEvents.byUser("alice").id("s" + n).at(time.toString())
                            .set("sourceIPAddress", ip),
                            identity -> identity.put("accessKeyId", "ASIAEXAMPLE0SESSION")));
                    pipeline.send(role, assumedRole("r" + n, time, ip));
                    // Console and CloudShell calls carry the session's MFA attribute.
                    pipeline.send(BOB, edit(TestEvents.byUser("bob").id("c" + n).at(time.toString())
                            .set("sourceIPAddress", ip), identity -> {
                                identity.put("accessKeyId", "AKIABOBCONSOLE000000");
                                identity.putObject("sessionContext").putObject("attributes")
                                        .put("mfaAuthenticated", "false").put("creationDate", time.toString());
                            }));
                    pipeline.send(BOB, edit(TestEvents.byUser("bob").id("i" + n).at(time.toString())
                            .invokedBy("cloudformation.amazonaws.com").set("sourceIPAddress", ip),
                            identity -> identity.put("accessKeyId", "AKIABOBINVOKED000000")));
                    n++;
                }
                pipeline.send(BOB, TestEvents.byUser("bob").id("l" + hour).at(at(0, hour, 30).toString())
                        .call("signin.amazonaws.com", "ConsoleLogin").set("eventType", "AwsConsoleSignIn")
                        .set("sourceIPAddress", "203.0.113." + (10 + hour)).json());
            }

            assertThat(pipeline.totals()).containsEntry("events.unique", 24L * 6 * 4 + 24);
            assertThat(of(pipeline.findings())).isEmpty();
            KeyValueStore<String, KeyUsage> store = pipeline.keyValueStore(Stores.PRINCIPAL_KEY_USAGE);
            assertThat(store.approximateNumEntries()).as("nothing counted, nothing stored").isZero();
        }
    }

    @Test
    void doesNotCountAwsServiceNamesAsPlaces() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            String[] sources = {"198.51.100.7", "ec2.amazonaws.com", "AWS Internal", "lambda.amazonaws.com",
                    "2001:db8::1", "s3.amazonaws.com", "198.51.100.7"};
            for (int i = 0; i < sources.length; i++) {
                pipeline.send(ALICE, keyCall("alice", "k" + i, at(0, 10, i), sources[i]));
            }

            assertThat(of(pipeline.findings())).isEmpty();
            KeyUsage usage = pipeline.<KeyUsage>keyValueStore(Stores.PRINCIPAL_KEY_USAGE).get(ALICE);
            assertThat(usage.days().get(0).sourceIps()).containsExactly("198.51.100.7", "2001:db8::1");
        }
    }

    @Test
    void raisesANewFindingOnANewDay() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            int n = 0;
            for (int day = 0; day < 2; day++) {
                for (int hour = 0; hour < 24; hour++) {
                    pipeline.send(ALICE, keyCall("alice", "k" + n++, at(day, hour, 15), "198.51.100.7"));
                }
            }

            List<JsonNode> findings = of(pipeline.findings());
            assertThat(findings).hasSize(2);
            assertThat(findings).extracting(f -> f.path("activity_id").asInt()).containsExactly(1, 1);
            assertThat(findings.get(0).path("finding_info").path("uid").asText())
                    .isNotEqualTo(findings.get(1).path("finding_info").path("uid").asText());
            assertThat(findings).extracting(f -> f.path("evidences").get(0).path("data").path("eventID").asText())
                    .containsExactly("k19", "k43");
        }
    }

    @Test
    void countsACallFromJustBeforeMidnightThatArrivesAfterTheNextDayBegan() {
        TopologyConfig config = TopologyConfig.defaults().withAnomalies(AnomalySettings.defaults()
                .withWorkloadKeys(new WorkloadKeySettings(3, 5)));
        try (PipelineDriver pipeline = new PipelineDriver(config)) {
            pipeline.send(ALICE, keyCall("alice", "a", at(0, 21, 0), "198.51.100.7"));
            pipeline.send(ALICE, keyCall("alice", "b", at(0, 22, 0), "198.51.100.7"));
            pipeline.send(ALICE, keyCall("alice", "c", at(1, 0, 10), "198.51.100.7"));
            pipeline.send(ALICE, keyCall("alice", "d", at(0, 23, 58), "198.51.100.7"));   // late
            pipeline.send(ALICE, keyCall("alice", "e", at(3, 0, 10), "198.51.100.7"));
            pipeline.send(ALICE, keyCall("alice", "f", at(1, 1, 0), "198.51.100.7"));    // two days late
            pipeline.send(ALICE, keyCall("alice", "g", at(1, 2, 0), "198.51.100.7"));

            assertThat(of(pipeline.findings())).extracting(f -> f.path("evidences").get(0).path("data")
                    .path("eventID").asText()).as("day 0 reached three hours; day 1 was dropped when day 3 began")
                    .containsExactly("d");
        }
    }

    @Test
    void keepsAtMostOneAddressPastTheThresholdPerKeyAndDay() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (int i = 0; i < 40; i++) {
                pipeline.send(ALICE, keyCall("alice", "k" + i, at(0, 10, i), "203.0.113." + (10 + i)));
            }

            assertThat(of(pipeline.findings())).hasSize(1);
            KeyUsage usage = pipeline.<KeyUsage>keyValueStore(Stores.PRINCIPAL_KEY_USAGE).get(ALICE);
            assertThat(usage.days().get(0).sourceIps()).hasSize(WorkloadKeySettings.DEFAULT_MIN_SOURCE_IPS + 1);
        }
    }

    @Test
    void findsNoWorkloadKeysInTheStratusDetonations() {
        List<JsonNode> events = SharedData.stratusEvents();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (JsonNode event : events) {
                pipeline.send(Principals.resolve(event).orElseThrow().id(), event.toString());
            }

            KeyValueStore<String, KeyUsage> store = pipeline.keyValueStore(Stores.PRINCIPAL_KEY_USAGE);
            List<KeyUsage.KeyDay> keyDays = new ArrayList<>();
            try (var all = store.all()) {
                all.forEachRemaining(kv -> keyDays.addAll(kv.value.days()));
            }
            int maxHours = keyDays.stream().mapToInt(KeyUsage.KeyDay::hoursActive).max().orElse(0);
            int maxIps = keyDays.stream().mapToInt(d -> d.sourceIps().size()).max().orElse(0);
            System.out.printf("Stratus detonations: %d long-term key-days counted, at most %d hour(s) and %d "
                            + "address(es) a day; %d workload-key findings%n", keyDays.size(), maxHours, maxIps,
                    of(pipeline.findings()).size());
            // Each detonation is a person running a tool for minutes from one address with the IAM user's own key.
            assertThat(keyDays).hasSize(32);
            assertThat(keyDays).allMatch(d -> d.accessKeyId().startsWith("AKIA"));
            assertThat(maxHours).isEqualTo(1);
            assertThat(maxIps).isEqualTo(1);
            assertThat(of(pipeline.findings())).isEmpty();
        }
    }

    private static Instant at(int day, int hour, int minute) {
        return MIDNIGHT.plusSeconds(day * 86_400L + hour * 3_600L + minute * 60L);
    }

    private static String keyCall(String user, String id, Instant time, String sourceIp) {
        return edit(TestEvents.byUser(user).id(id).at(time.toString()).call("s3.amazonaws.com", "GetObject")
                .set("sourceIPAddress", sourceIp).set("userAgent", "Boto3/1.34.0 Python/3.12"),
                identity -> identity.put("accessKeyId", KEY));
    }

    /** A call of the {@code orders-api} role's session, with its temporary key. */
    private static String assumedRole(String id, Instant time, String sourceIp) {
        ObjectNode event = parse(TestEvents.byUser("x").id(id).at(time.toString()).set("sourceIPAddress", sourceIp)
                .json());
        ObjectNode identity = event.putObject("userIdentity");
        identity.put("type", "AssumedRole").put("principalId", "AROAEXAMPLEROLE:task")
                .put("arn", "arn:aws:sts::111122223333:assumed-role/orders-api/task")
                .put("accountId", TestEvents.ACCOUNT).put("accessKeyId", "ASIAEXAMPLEROLEKEY00");
        identity.putObject("sessionContext").putObject("sessionIssuer").put("type", "Role")
                .put("principalId", "AROAEXAMPLEROLE").put("arn", "arn:aws:iam::111122223333:role/orders-api")
                .put("accountId", TestEvents.ACCOUNT).put("userName", "orders-api");
        return event.toString();
    }

    private static String edit(TestEvents event, Consumer<ObjectNode> identity) {
        ObjectNode node = parse(event.json());
        identity.accept((ObjectNode) node.get("userIdentity"));
        return node.toString();
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<JsonNode> of(List<JsonNode> findings) {
        return findings.stream().filter(f -> f.path("finding_info").path("analytic").path("uid").asText()
                .equals(WORKLOAD_KEY)).toList();
    }
}
