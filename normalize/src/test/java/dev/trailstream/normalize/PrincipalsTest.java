package dev.trailstream.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PrincipalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path SHARED = Path.of("..", "..", "shared", "data");

    private static Principal resolve(String json) throws IOException {
        return Principals.resolve(JSON.readTree(json)).orElseThrow();
    }

    @Test
    void keysAnIamUserByItsArn() throws IOException {
        Principal p = resolve("""
                {"userIdentity":{"type":"IAMUser","principalId":"AIDA1","arn":"arn:aws:iam::111122223333:user/ops/alice",
                 "accountId":"111122223333","accessKeyId":"AKIA1","userName":"alice"}}""");
        assertThat(p.id()).isEqualTo("arn:aws:iam::111122223333:user/ops/alice");
        assertThat(p.kind()).isEqualTo(PrincipalKind.HUMAN);
        assertThat(p.accountId()).isEqualTo("111122223333");
    }

    @Test
    void keysAnAssumedRoleByTheRoleAndKeepsTheSessionName() throws IOException {
        Principal p = resolve("""
                {"userIdentity":{"type":"AssumedRole","principalId":"AROA1:i-0abc","accountId":"111122223333",
                 "arn":"arn:aws:sts::111122223333:assumed-role/app-role/i-0abc",
                 "sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/svc/app-role",
                 "userName":"app-role","accountId":"111122223333"}}}}""");
        assertThat(p.id()).isEqualTo("arn:aws:iam::111122223333:role/svc/app-role");
        assertThat(p.sessionName()).isEqualTo("i-0abc");
        assertThat(p.kind()).isEqualTo(PrincipalKind.WORKLOAD);
    }

    @Test
    void derivesTheRoleFromTheSessionArnWhenTheIssuerIsMissing() throws IOException {
        Principal p = resolve("""
                {"userIdentity":{"type":"AssumedRole","accountId":"111122223333",
                 "arn":"arn:aws:sts::111122223333:assumed-role/deployer/build-42"}}""");
        assertThat(p.id()).isEqualTo("arn:aws:iam::111122223333:role/deployer");
        assertThat(p.sessionName()).isEqualTo("build-42");
    }

    @Test
    void keysAnIdentityCenterUserByTheHumanBehindThePermissionSet() throws IOException {
        String sso = """
                {"userIdentity":{"type":"AssumedRole","accountId":"111122223333",
                 "arn":"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123abcd/%s",
                 "sessionContext":{"sessionIssuer":{"type":"Role",
                 "arn":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123abcd",
                 "userName":"AWSReservedSSO_Admin_0123abcd"}}}}""";
        Principal alice = resolve(sso.formatted("alice@example.com"));
        Principal bob = resolve(sso.formatted("bob@example.com"));
        assertThat(alice.id()).isNotEqualTo(bob.id()).endsWith("/alice@example.com");
        assertThat(alice.kind()).isEqualTo(PrincipalKind.HUMAN);
        assertThat(alice.arn()).endsWith("role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123abcd");
    }

    @Test
    void marksRootAndFallsBackToTheRecipientAccount() throws IOException {
        Principal p = resolve("""
                {"recipientAccountId":"111122223333","userIdentity":{"type":"Root","userName":"root"}}""");
        assertThat(p.id()).isEqualTo("arn:aws:iam::111122223333:root");
        assertThat(p.kind()).isEqualTo(PrincipalKind.ROOT);
    }

    @Test
    void namesAwsServicesByTheServiceThatActed() throws IOException {
        Principal p = resolve("""
                {"userIdentity":{"type":"AWSService","invokedBy":"lambda.amazonaws.com"}}""");
        assertThat(p.id()).isEqualTo("service:lambda.amazonaws.com");
        assertThat(p.kind()).isEqualTo(PrincipalKind.SERVICE);
    }

    @Test
    void namesCrossAccountCallersByAccountAndPrincipalId() throws IOException {
        Principal p = resolve("""
                {"userIdentity":{"type":"AWSAccount","accountId":"444455556666","principalId":"AROA9:lambda-name"}}""");
        assertThat(p.id()).isEqualTo("account:444455556666:AROA9:lambda-name");
        assertThat(p.kind()).isEqualTo(PrincipalKind.UNKNOWN);
    }

    @Test
    void findsNoPrincipalWithoutAUserIdentityObject() throws IOException {
        assertThat(Principals.resolve(JSON.readTree("{\"eventName\":\"X\"}"))).isEmpty();
        assertThat(Principals.resolve(JSON.readTree("{\"userIdentity\":\"root\"}"))).isEmpty();
    }

    @Test
    void resolvesEveryRealSampleEventThatHasAnIdentity() throws IOException {
        Path logs = SHARED.resolve("stratus-red-team/docs/detonation-logs");
        Path panther = SHARED.resolve("panther-analysis-tests/aws_cloudtrail_rule_tests.jsonl");
        assumeTrue(Files.isDirectory(logs) && Files.isRegularFile(panther), "../shared/data is absent");
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JSON.readTree(f.toFile()).forEach(events::add);
            }
        }
        int stratus = events.size();
        for (String line : Files.readAllLines(panther)) {
            events.add(JSON.readTree(line).path("log"));
        }
        List<String> unresolved = new ArrayList<>();
        for (JsonNode e : events) {
            JsonNode u = e.path("userIdentity");
            boolean named = u.hasNonNull("arn") || u.hasNonNull("principalId") || u.hasNonNull("userName")
                    || u.hasNonNull("invokedBy");
            if (u.hasNonNull("type") && named && Principals.resolve(e).isEmpty()) {
                unresolved.add(e.path("userIdentity").toString());
            }
        }
        assertThat(stratus).isEqualTo(310);
        // Every identity with anything to name it by resolves: an event is never lost for a sparse identity.
        assertThat(unresolved).isEmpty();
    }
}
