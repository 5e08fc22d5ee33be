package dev.trailstream.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.TestEvents;
import dev.trailstream.topology.TopologyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.trailstream.topology.TestEvents.ALICE;
import static dev.trailstream.topology.TestEvents.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowListTest {
    private static final String ROOT_USAGE = "trailstream.root-account-usage";
    private static final String LOGGING_STOPPED = "trailstream.cloudtrail-logging-stopped";
    private static final String DENIED_BURST = "trailstream.anomaly.denied-burst";

    @TempDir
    Path tmp;

    @Test
    void allowsAMatchingPrincipalAndCidrToPassWithoutAFinding() {
        AllowList allow = parse("""
                allow:
                  - reason: break-glass drills from the office
                    principal: "arn:aws:iam::*:root"
                    sourceIp: ["198.51.100.0/24", "192.0.2.7"]
                    rules: [trailstream.root-account-usage]
                """);
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withAllowList(allow))) {
            pipeline.send(ROOT, rootCall("r1", "2024-08-02T08:00:00Z", "ListUsers", "198.51.100.7"));
            assertThat(analytics(pipeline.findings())).doesNotContain(ROOT_USAGE);
        }
    }

    @Test
    void stillFlagsWhatTheEntryDoesNotCoverFromAnotherIp() {
        AllowList allow = parse("""
                allow:
                  - reason: break-glass drills from the office
                    principal: "arn:aws:iam::*:root"
                    sourceIp: 198.51.100.0/24
                """);
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withAllowList(allow))) {
            pipeline.send(ROOT, rootCall("r1", "2024-08-02T08:00:00Z", "ListUsers", "203.0.113.9"));
            pipeline.send(ROOT, rootCall("r2", "2024-08-02T08:01:00Z", "ListUsers", "AWS Internal"));
            assertThat(analytics(pipeline.findings())).containsExactly(ROOT_USAGE, ROOT_USAGE);
        }
    }

    @Test
    void stillFlagsWhatTheEntryDoesNotCoverForAnotherRule() {
        AllowList allow = parse("""
                allow:
                  - reason: root usage is reviewed elsewhere
                    principal: "arn:aws:iam::*:root"
                    action: ["iam:List*"]
                    rules: [trailstream.root-account-usage]
                """);
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withAllowList(allow))) {
            pipeline.send(ROOT, TestEvents.byRoot().id("r1").at("2024-08-02T08:00:00Z")
                    .call("cloudtrail.amazonaws.com", "StopLogging").json());
            pipeline.send(ROOT, rootCall("r2", "2024-08-02T08:01:00Z", "ListUsers", "198.51.100.7"));
            List<JsonNode> findings = pipeline.findings();
            assertThat(analytics(findings)).containsExactlyInAnyOrder(LOGGING_STOPPED, ROOT_USAGE);
            assertThat(findings).filteredOn(f -> analytic(f).equals(ROOT_USAGE))
                    .extracting(f -> f.path("finding_info").path("related_events").get(0).path("uid").asText())
                    .containsExactly("r1");
        }
    }

    @Test
    void anEntryExpiresAfterItsUntilDate() {
        AllowList allow = parse("""
                allow:
                  - reason: migration window
                    principal: "arn:aws:iam::*:root"
                    until: 2024-08-02
                """);
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withAllowList(allow))) {
            pipeline.send(ROOT, rootCall("r1", "2024-08-02T23:59:00Z", "ListUsers", "198.51.100.7"));
            assertThat(analytics(pipeline.findings())).isEmpty();
            pipeline.send(ROOT, rootCall("r2", "2024-08-03T00:00:01Z", "ListUsers", "198.51.100.7"));
            assertThat(analytics(pipeline.findings())).containsExactly(ROOT_USAGE);
        }
    }

    @Test
    void countsSuppressedEvents() {
        AllowList allow = parse("""
                allow:
                  - reason: root drills
                    principal: "arn:aws:iam::*:root"
                  - reason: alice's scanner tests permissions on purpose
                    principal: "arn:aws:iam::*:user/alice"
                    userAgent: [cli]
                    rules: ["trailstream.anomaly.*"]
                """);
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withAllowList(allow))) {
            pipeline.send(ROOT, rootCall("r1", "2024-08-02T08:00:00Z", "ListUsers", "198.51.100.7"));
            pipeline.send(ROOT, rootCall("r2", "2024-08-02T08:01:00Z", "ListRoles", "198.51.100.7"));
            Instant start = Instant.parse("2024-08-02T09:00:00Z");
            String[] names = {"ListUsers", "ListRoles", "GetUser", "ListPolicies", "ListGroups"};
            for (int i = 0; i < 11; i++) {
                pipeline.send(ALICE, TestEvents.byUser("alice").id("d" + i).at(start.plusSeconds(10L * i).toString())
                        .call("iam.amazonaws.com", names[i % 5]).set("errorCode", "AccessDenied").json());
            }
            assertThat(pipeline.findings()).isEmpty();
            assertThat(pipeline.stats()).containsEntry(PipelineStats.findingsAllowed(ROOT_USAGE), 2L);
            assertThat(pipeline.stats().get(PipelineStats.findingsAllowed(DENIED_BURST))).isPositive();
        }
    }

    @Test
    void refusesAnEntryWithoutAReason() {
        assertThatThrownBy(() -> parse("""
                allow:
                  - principal: "arn:aws:iam::*:root"
                """)).isInstanceOf(InvalidAllowListException.class)
                .extracting(e -> ((InvalidAllowListException) e).problems()).asList()
                .containsExactly("allow.yml: entry 1: reason: required, a sentence saying why this activity is "
                        + "known-good");
    }

    @Test
    void refusesABadCidrNamingTheFileTheEntryAndTheField() throws IOException {
        Path file = tmp.resolve("allow.yml");
        Files.writeString(file, """
                allow:
                  - reason: fine
                    sourceIp: 10.0.0.0/8
                  - reason: office
                    sourceIp: ["10.20.0.0/33", "ci.example.com"]
                    userAgent: Terraform
                """);
        assertThatThrownBy(() -> AllowList.load(file)).isInstanceOf(InvalidAllowListException.class)
                .extracting(e -> ((InvalidAllowListException) e).problems()).asList()
                .containsExactly(
                        file + ": entry 2: sourceIp: '10.20.0.0/33' is not an IPv4 or IPv6 address or CIDR "
                                + "(e.g. 10.20.0.0/16, 192.0.2.7, 2001:db8::/32)",
                        file + ": entry 2: sourceIp: 'ci.example.com' is not an IPv4 or IPv6 address or CIDR "
                                + "(e.g. 10.20.0.0/16, 192.0.2.7, 2001:db8::/32)",
                        file + ": entry 2: userAgent: 'Terraform' is not a user-agent family; the families are "
                                + "console, cli, sdk-python, sdk-java, sdk-go, sdk-javascript, sdk-dotnet, sdk-ruby, "
                                + "sdk-other, terraform, cloudformation, aws-service, other, unknown");
    }

    @Test
    void refusesAnEntryThatWouldSilenceEverything() {
        assertThatThrownBy(() -> parse("""
                allow:
                  - reason: too broad
                    rules: ["*"]
                """)).hasMessageContaining("entry 1: sets none of principal, sourceIp, action, userAgent");
    }

    @Test
    void matchesIpv6RangesAndNothingThatIsNotAnAddress() {
        AllowList allow = parse("""
                allow:
                  - reason: v6 office
                    sourceIp: 2001:db8::/32
                """);
        try (PipelineDriver pipeline = new PipelineDriver(TopologyConfig.defaults().withAllowList(allow))) {
            pipeline.send(ROOT, rootCall("r1", "2024-08-02T08:00:00Z", "ListUsers", "2001:db8:1::5"));
            pipeline.send(ROOT, rootCall("r2", "2024-08-03T08:00:00Z", "ListUsers", "2001:db9::5"));
            assertThat(pipeline.findings()).extracting(f -> f.path("finding_info").path("related_events").get(0)
                    .path("uid").asText()).containsExactly("r2");
        }
    }

    private static AllowList parse(String yaml) {
        return AllowList.parse("allow.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static String rootCall(String id, String time, String eventName, String ip) {
        return TestEvents.byRoot().id(id).at(time).call("iam.amazonaws.com", eventName)
                .set("sourceIPAddress", ip).json();
    }

    private static String analytic(JsonNode finding) {
        return finding.path("finding_info").path("analytic").path("uid").asText();
    }

    private static List<String> analytics(List<JsonNode> findings) {
        return findings.stream().map(AllowListTest::analytic).toList();
    }
}
