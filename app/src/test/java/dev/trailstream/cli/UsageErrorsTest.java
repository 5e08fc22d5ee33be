package dev.trailstream.cli;

import dev.trailstream.runtime.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** What a user who gets something wrong sees: one line saying what and how to fix it, exit code 2. */
class UsageErrorsTest {
    @TempDir
    Path tmp;

    /** The error is one line, the last one (a progress line such as "Connecting…" may come before it). */
    static void assertOneLineUsageError(RunOnceTest.Result result, String expected) {
        assertThat(result.rc()).as(result.err()).isEqualTo(2);
        String[] lines = result.err().strip().split("\n");
        assertThat(lines.length).as(result.err()).isLessThanOrEqualTo(2);
        assertThat(lines[lines.length - 1]).startsWith("trailstream: ").contains(expected);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void refusesAnUnknownFlag() {
        assertOneLineUsageError(RunOnceTest.run("run", "--sauce", "x"), "Unknown options: '--sauce'");
    }

    @Test
    void refusesAnUnreadableHttpTokenFile() throws IOException {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        assertOneLineUsageError(RunOnceTest.run("run", "--source", logs.toString(), "--http-token-file",
                tmp.resolve("missing").toString()), "--http-token-file " + tmp.resolve("missing") + ": no such file");
    }

    @Test
    void refusesAMissingSource() {
        assertOneLineUsageError(RunOnceTest.run("run", "--once"), "--source is required");
    }

    @Test
    void refusesASourceThatIsNotAFolder() {
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.resolve("nope").toString()), "no such folder");
    }

    @Test
    void refusesAMalformedS3SourceAndS3FlagsWithoutOne() {
        assertOneLineUsageError(RunOnceTest.run("run", "--source", "s3://Not_A_Bucket/AWSLogs"),
                "expected s3://BUCKET[/PREFIX]");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--s3-path-style"),
                "go with an s3:// --source");
    }

    @Test
    void refusesOutOfRangeNumbers() {
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--partitions", "0"),
                "--partitions 0: must be between 1 and 1000");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--http-port", "70000"),
                "--http-port 70000");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--partitions", "many"),
                "Invalid value for option '--partitions'");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--connect-tasks", "0"),
                "--connect-tasks 0: must be between 1 and 64");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--lookback-minutes", "2000"),
                "(--lookback-minutes)");
    }

    @Test
    void refusesAPrincipalRetentionThatIsNoDurationOrShorterThanADay() {
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--principal-retention", "forever"),
                "--principal-retention forever: expected a duration such as 400d, 36h or P400D, from 1d to 3650d");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--principal-retention", "12h"),
                "--principal-retention 12h: expected a duration");
    }

    @Test
    void refusesBadFiltersWithTheConnectorsOwnMessage() {
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--accounts", "1234"),
                "12-digit");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--start-date", "2026-02-30"),
                "2026-02-30");
    }

    @Test
    void refusesARulesFolderThatIsNotThere() {
        Path missing = tmp.resolve("no-rules");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--rules", missing.toString()),
                "--rules: " + missing + ": not a folder of rule files");
    }

    @Test
    void refusesARulesFolderItMayNotRead() throws IOException {
        Path locked = Files.createDirectories(tmp.resolve("locked"));
        Files.createDirectories(locked.resolve("inner"));
        Files.setPosixFilePermissions(locked.resolve("inner"), PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(locked.resolve("inner")), "this user reads any folder (root)");
            assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--rules", locked.toString()),
                    "--rules: " + locked + ": cannot be read: permission denied (" + locked.resolve("inner") + ")");
        } finally {
            Files.setPosixFilePermissions(locked.resolve("inner"), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void refusesABrokenRuleNamingTheFileTheRuleAndTheMistake() throws IOException {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("keys.yml"), """
                id: team.keys
                title: Access keys created
                severity: medium
                detection:
                  selection:
                    eventName|contain: CreateAccessKey
                  condition: selection
                """);
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--rules", rules.toString()),
                "--rules: " + rules.resolve("keys.yml") + ": rule team.keys: detection: selection 'selection': "
                        + "unknown modifier 'contain' in 'eventName|contain'; the modifiers are contains,");
    }

    @Test
    void listsEveryProblemOfEveryRuleFolderOnTheOneLine() throws IOException {
        Path first = Files.createDirectories(tmp.resolve("first"));
        Path second = Files.createDirectories(tmp.resolve("second"));
        Files.writeString(first.resolve("a.yml"), """
                id: team.trail-stopped
                title: Trail stopped
                severity: severe
                detection:
                  selection:
                    eventName: StopLogging
                  condition: selection
                """);
        Files.writeString(second.resolve("b.yaml"), """
                id: trailstream.root-account-usage
                title: My root rule
                severity: low
                detection:
                  selection:
                    userIdentity.type: Root
                  condition: selection
                """);
        RunOnceTest.Result result = RunOnceTest.run("run", "--source", tmp.toString(),
                "--rules", first + "," + second);
        assertOneLineUsageError(result, "--rules: 2 problems: " + first.resolve("a.yml")
                + ": rule team.trail-stopped: severity 'severe' is not one of informational, low, medium, high, "
                + "critical; " + second.resolve("b.yaml") + ": rule trailstream.root-account-usage: duplicate id, "
                + "already defined in classpath:dev/trailstream/detect/rules/root-account-usage.yml");
    }

    @Test
    void refusesOutWithoutOnce() {
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--out", tmp.toString()),
                "--out needs --once");
    }

    @Test
    void refusesAMalformedBootstrapAddress() {
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--bootstrap-servers", "kafka"),
                "expected HOST:PORT");
    }

    @Test
    void reportsAnUnreachableKafkaClusterInOneLine() throws IOException {
        Files.writeString(tmp.resolve("empty.json"), "{\"Records\":[]}");
        String nobody = "127.0.0.1:" + Ports.free();
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--once", "--state-dir",
                tmp.resolve("state").toString(), "--bootstrap-servers", nobody), "cannot reach Kafka at " + nobody);
    }

    @Test
    void neverReplacesAFolderTheDemoOrBenchDidNotMake() throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("keep.txt"), "precious");
        assertOneLineUsageError(RunOnceTest.run("demo", "--dir", mine.toString()), "was not made by demo");
        assertOneLineUsageError(RunOnceTest.run("bench", "--source", tmp.toString(), "--work-dir", mine.toString()),
                "was not made by bench");
        assertThat(mine.resolve("keep.txt")).hasContent("precious");
    }

    @Test
    void refusesAnAllowListEntryWithoutAReasonOrWithABadCidrOnOneLine() throws IOException {
        Path allow = tmp.resolve("allow.yml");
        Files.writeString(allow, """
                allow:
                  - principal: "arn:aws:iam::*:role/ci-deployer"
                  - reason: office
                    sourceIp: 10.20.0.0/40
                """);
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--allow", allow.toString()),
                "--allow: 2 problems: " + allow + ": entry 1: reason: required, a sentence saying why this activity "
                        + "is known-good; " + allow + ": entry 2: sourceIp: '10.20.0.0/40' is not an IPv4 or IPv6 "
                        + "address or CIDR");
    }

    @Test
    void refusesASuppressionWindowThatDoesNotTileADayOnOneLine() throws IOException {
        Path file = tmp.resolve("findings.yml");
        Files.writeString(file, """
                suppress:
                  - rules: "trailstream.anomaly.*"
                    window: 90m
                """);
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--allow", file.toString()),
                "--allow: " + file + ": suppress entry 1: window: '90m' is not a window; use whole hours that divide "
                        + "a day (1h, 2h, 3h, 4h, 6h, 8h, 12h) or whole days up to 31d (1d, 7d)");
    }

    @Test
    void refusesAnAnomalyThresholdThatIsNoNumberOnOneLine() throws IOException {
        Path file = tmp.resolve("tuning.yml");
        Files.writeString(file, """
                anomalies:
                  deniedBurst: {calls: lots}
                """);
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--allow", file.toString()),
                "--allow: " + file + ": anomalies: deniedBurst: calls: 'lots' is not a whole number");
    }

    @Test
    void refusesAnAllowListThatIsNotThere() {
        Path missing = tmp.resolve("no-allow.yml");
        assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--allow", missing.toString()),
                "--allow " + missing + ": no such file");
    }
}
