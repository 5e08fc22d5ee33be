package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trailstream.access.PolicyDocument;
import dev.trailstream.access.RiskRanking;
import dev.trailstream.export.LeastPrivilegeLine;
import dev.trailstream.http.AccessFixture;
import dev.trailstream.http.HttpEndpoints;
import dev.trailstream.iam.AccessReports;
import dev.trailstream.runtime.Ports;
import dev.trailstream.topology.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.trailstream.http.AccessFixture.ADMIN;
import static dev.trailstream.http.AccessFixture.ALICE;
import static dev.trailstream.http.AccessFixture.BOB;
import static dev.trailstream.http.AccessFixture.DEPLOYER;
import static dev.trailstream.http.AccessFixture.DEV;
import static dev.trailstream.http.AccessFixture.IDLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code trailstream rightsize} against an in-test server holding a review of two hand-written accounts
 * ({@link AccessFixture}), against a {@code --from} folder laid out as {@code run --once --out} lays it out from the
 * same review, and with flags it must refuse.
 */
class RightsizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final AccessReports REPORTS = AccessFixture.reports(Instant.parse("2026-12-05T02:30:00Z"));
    private static HttpEndpoints http;
    private static String url;

    @TempDir
    Path tmp;

    @BeforeAll
    static void serve() throws IOException {
        http = HttpEndpoints.start("127.0.0.1", 0);
        http.attachAccess(() -> Optional.of(REPORTS));
        url = "http://127.0.0.1:" + http.port();
    }

    @AfterAll
    static void close() {
        http.close();
    }

    @Test
    void printsThePolicyOfARunningInstanceGrantingExactlyTheUsedActionsThatWereGranted() throws IOException {
        for (String arn : List.of(ALICE, BOB, DEPLOYER, IDLE, ADMIN)) {
            RunOnceTest.Result result = RunOnceTest.run("rightsize", "--principal", arn, "--url", url);

            assertThat(result.rc()).as(result.err()).isZero();
            assertThat(result.err()).isEmpty();
            String policy = result.out();
            assertThat(policy).as("pretty-printed, like the run's policy files").contains("\n  \"Statement\"");
            assertThat(PolicyDocument.parse(policy, arn).version()).isEqualTo("2012-10-17");
            assertThat(AccessFixture.grantedAlone(policy, DEV)).as(arn)
                    .isEqualTo(AccessFixture.usedAndGranted(REPORTS, arn));
        }
    }

    @Test
    void printsTheDiffOrTheWholeViewOfAPrincipalNamedByItsAccountAndName() throws IOException {
        RunOnceTest.Result diff = RunOnceTest.run("rightsize", "--principal", DEV + ":role/deployer", "--url", url,
                "--format", "diff");
        assertThat(diff.rc()).as(diff.err()).isZero();
        assertThat(diff.out()).isEqualTo(REPORTS.entries().get(DEPLOYER).report().policy().diffText())
                .contains("iam: keep 0, remove 1 (riskiest: iam:PassRole)");

        RunOnceTest.Result json = RunOnceTest.run("rightsize", "--principal", ALICE, "--url", url + "/",
                "--format", "json");
        assertThat(json.rc()).as(json.err()).isZero();
        assertThat(json.out().strip()).doesNotContain("\n");
        JsonNode view = JSON.readTree(json.out());
        assertThat(view.path("principal").asText()).isEqualTo(ALICE);
        assertThat(view.path("policy").path("Statement").isArray()).isTrue();
        assertThat(view.path("diff").asText()).contains("iam: keep 0, remove");
        assertThat(view.path("used_not_granted").toString()).isEqualTo("[\"sqs:SendMessage\"]");
    }

    @Test
    void readsAFinishedRunsFolderAndPrintsWhatTheServerPrints() throws IOException {
        Path out = writeRunFolder(tmp.resolve("out"));
        for (String id : List.of(ALICE, DEPLOYER, ADMIN, DEV + ":user/bob",
                "arn:aws:sts::" + DEV + ":assumed-role/idle/nightly")) {
            for (String format : List.of("policy", "diff", "json")) {
                RunOnceTest.Result fromFolder = RunOnceTest.run("rightsize", "--principal", id, "--from",
                        out.toString(), "--format", format);
                RunOnceTest.Result fromServer = RunOnceTest.run("rightsize", "--principal", id, "--url", url,
                        "--format", format);

                assertThat(fromFolder.rc()).as(fromFolder.err()).isZero();
                assertThat(fromServer.rc()).as(fromServer.err()).isZero();
                assertThat(fromFolder.out()).as(id + " " + format).isNotBlank().isEqualTo(fromServer.out());
            }
        }
    }

    @Test
    void saysWhatToDoWhenNoInstanceAnswersOrThePrincipalIsUnknownWithExitCode1() throws IOException {
        String nobody = "http://127.0.0.1:" + Ports.free();
        assertOneLineFailure(RunOnceTest.run("rightsize", "--principal", ALICE, "--url", nobody),
                "no TrailStream instance answering at " + nobody + ": start one with `trailstream run --source ... "
                        + "--iam FILE`, pass --url where it serves HTTP, or --from DIR");

        String carol = "arn:aws:iam::" + DEV + ":user/carol";
        assertOneLineFailure(RunOnceTest.run("rightsize", "--principal", carol, "--url", url),
                "principal '" + carol + "' is not in the IAM snapshots reviewed");
        Path out = writeRunFolder(tmp.resolve("out"));
        assertOneLineFailure(RunOnceTest.run("rightsize", "--principal", carol, "--from", out.toString()),
                "principal " + carol + " is not among the 5 users and roles of " + out.resolve("least-privilege.jsonl"));

        try (HttpEndpoints waiting = HttpEndpoints.start("127.0.0.1", 0)) {
            waiting.attachAccess(Optional::empty);
            assertOneLineFailure(RunOnceTest.run("rightsize", "--principal", ALICE, "--url",
                    "http://127.0.0.1:" + waiting.port()), "no access review yet");
        }
    }

    @Test
    void refusesBadFlagsOnOneLineWithExitCode2() throws IOException {
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("rightsize", "--url", url),
                "Missing required option: '--principal=ID'");
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("rightsize", "--principal", ALICE, "--format", "yaml"),
                "--format yaml: allowed are policy, diff, json");
        for (String bad : List.of("https://127.0.0.1:8080", "ftp://127.0.0.1", "http://127.0.0.1:8080/api",
                "127.0.0.1:8080", "http://user@127.0.0.1:8080", "http://127.0.0.1:8080?x=1")) {
            UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("rightsize", "--principal", ALICE, "--url", bad),
                    "--url " + bad + ": expected http://HOST[:PORT]");
        }
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("rightsize", "--principal", ALICE, "--url", url,
                "--from", tmp.toString()), "--from and --url together");
        Path missing = tmp.resolve("missing");
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("rightsize", "--principal", ALICE, "--from",
                missing.toString()), "--from " + missing + ": no such folder");
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("rightsize", "--principal", ALICE, "--from",
                tmp.toString()), "--from " + tmp + ": no least-privilege.jsonl");
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("least-privilege.jsonl"), "{\"principal\": \n");
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("rightsize", "--principal", ALICE, "--from",
                broken.toString()), "not the JSON TrailStream writes");
    }

    @Test
    void refusesAPolicyFileOutsideTheFolderItReads() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(tmp.resolve("secret.json"), "{}");
        Files.writeString(out.resolve("least-privilege.jsonl"), Json.line(Map.of("principal", ALICE,
                "rightsized_policy", Map.of("file", "../secret.json"))) + "\n");
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("rightsize", "--principal", ALICE, "--from",
                out.toString()), "names no policy file inside the folder");
    }

    private static void assertOneLineFailure(RunOnceTest.Result result, String expected) {
        assertThat(result.rc()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip()).doesNotContain("\n").startsWith("trailstream: ").contains(expected)
                .doesNotContain("Exception");
    }

    /**
     * The least-privilege part of a {@code run --once --out} folder, from the fixture's review: the report lines and
     * the policy and diff files, where the run puts them.
     */
    private static Path writeRunFolder(Path out) throws IOException {
        Files.createDirectories(out);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("least-privilege.jsonl"), StandardCharsets.UTF_8)) {
            for (AccessReports.Entry e : REPORTS.entries().values()) {
                String arn = e.report().principalArn();
                String name = arn.substring(arn.lastIndexOf('/') + 1);
                Path dir = Files.createDirectories(out.resolve("policies").resolve(e.accountId())
                        .resolve(e.report().role() ? "role" : "user"));
                Path policy = dir.resolve(name + ".json");
                PRETTY.writeValue(policy.toFile(), PRETTY.readTree(e.report().policy().json()));
                Files.writeString(dir.resolve(name + ".diff.txt"), e.report().policy().diffText());
                w.write(Json.line(LeastPrivilegeLine.of(e.accountId(), e.report(), e.granted(), e.profiles(), 0,
                        RiskRanking.bundled(), out.relativize(policy))));
                w.newLine();
            }
        }
        return out;
    }
}
