package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.simulate.IamFiles;
import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.PolicyEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --once --iam FILES --credential-report FILES --out DIR} over a small simulated organisation: each
 * section of {@code roles-vs-users.json} against the truth read here, independently, from the simulator's exports,
 * credential reports and logs, and from {@code findings.jsonl}.
 */
class RolesVersusUsersOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKLOAD_KEY_ANALYTIC = "trailstream.anomaly.long-term-key-workload";

    @TempDir
    Path tmp;

    @Test
    void writesEachSectionAsTheExportsCredentialReportsAndFindingsSayIt() throws IOException {
        Path sim = tmp.resolve("sim");
        Path logs = RunOnceTest.simulate(sim, 11);
        IamFiles iam = IamFiles.in(sim);
        List<Path> exports = iam.exports();
        List<Path> reports = iam.credentialReports();
        Path out = tmp.resolve("out");

        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--state-dir",
                tmp.resolve("state").toString(), "--once", "--out", out.toString(), "--partitions", "2",
                "--iam", join(exports), "--credential-report", join(reports));

        assertThat(result.rc()).as(result.err()).isZero();
        JsonNode report = JSON.readTree(out.resolve("roles-vs-users.json").toFile());
        Instant newest = newestEventTime(logs);
        assertThat(Instant.parse(report.path("newest_event").asText())).isEqualTo(newest);
        Instant lookbackStart = newest.minus(Duration.ofDays(90));

        // Truth, from the files.
        Set<String> noMfa = new TreeSet<>();
        Set<String> pastRotation = new TreeSet<>();
        Set<String> neverUsed = new TreeSet<>();
        int activeKeys = 0;
        for (Path csv : reports) {
            List<String> lines = Files.readAllLines(csv);
            List<String> header = List.of(lines.get(0).split(","));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                String user = cells[header.indexOf("user")];
                if (user.equals("<root_account>")) {
                    continue;
                }
                if (cells[header.indexOf("password_enabled")].equals("true")
                        && cells[header.indexOf("mfa_active")].equals("false")) {
                    noMfa.add(cells[header.indexOf("arn")]);
                }
                for (int slot = 1; slot <= 2; slot++) {
                    String prefix = "access_key_" + slot + "_";
                    if (!cells[header.indexOf(prefix + "active")].equals("true")) {
                        continue;
                    }
                    activeKeys++;
                    Instant rotated = OffsetDateTime.parse(cells[header.indexOf(prefix + "last_rotated")]).toInstant();
                    // Names repeat across accounts: a key is its user's ARN and its slot.
                    String key = cells[header.indexOf("arn")] + " " + user + " access key " + slot;
                    if (rotated.isBefore(newest.minus(Duration.ofDays(90)))) {
                        pastRotation.add(key);
                    }
                    if (cells[header.indexOf(prefix + "last_used_date")].equals("N/A")) {
                        neverUsed.add(key);
                    }
                }
            }
        }
        Set<String> rolesSeen = rolesInLogs(logs);
        PolicyEvaluator evaluator = new PolicyEvaluator();
        Set<String> adminUsers = new TreeSet<>();
        Set<String> adminRoles = new TreeSet<>();
        Set<String> neverAssumed = new TreeSet<>();
        int users = 0;
        int roles = 0;
        for (Path export : exports) {
            IamSnapshot snapshot = IamSnapshot.read(export);
            users += snapshot.users().size();
            roles += snapshot.roles().size();
            snapshot.users().stream().filter(u -> evaluator.granted(snapshot, u.arn()).adminEquivalent())
                    .forEach(u -> adminUsers.add(u.arn()));
            snapshot.roles().stream().filter(r -> evaluator.granted(snapshot, r.arn()).adminEquivalent())
                    .forEach(r -> adminRoles.add(r.arn()));
            snapshot.roles().stream().filter(r -> !rolesSeen.contains(r.arn()))
                    .filter(r -> r.lastUsed().lastUsedDate() == null
                            || r.lastUsed().lastUsedDate().isBefore(lookbackStart))
                    .forEach(r -> neverAssumed.add(r.arn()));
        }
        Set<String> workloadFindings = new TreeSet<>();
        for (String line : Files.readAllLines(out.resolve("findings.jsonl"))) {
            JsonNode f = JSON.readTree(line);
            if (f.path("finding_info").path("analytic").path("uid").asText().equals(WORKLOAD_KEY_ANALYTIC)) {
                workloadFindings.add(f.path("actor").path("user").path("uid").asText());
            }
        }

        assertThat(noMfa).as("console users without MFA in the simulation").isNotEmpty();
        assertThat(principals(report, "console_without_mfa")).isEqualTo(noMfa);
        assertThat(pastRotation).as("keys past 90 days").isNotEmpty().hasSizeLessThan(activeKeys);
        assertThat(subjects(report, "keys_past_rotation")).isEqualTo(pastRotation);
        assertThat(neverUsed).as("keys never used").isNotEmpty();
        assertThat(subjects(report, "keys_never_used")).isEqualTo(neverUsed);
        assertThat(workloadFindings).as("long-term-key-workload findings").isNotEmpty();
        assertThat(principals(report, "workload_keys")).isEqualTo(workloadFindings);
        Set<String> admins = new TreeSet<>(adminUsers);
        admins.addAll(adminRoles);
        assertThat(principals(report, "administrators")).isEqualTo(admins);
        assertThat(neverAssumed).anyMatch(a -> a.endsWith("role/OrganizationAccountAccessRole"))
                .anyMatch(a -> a.contains("role/legacy-migration-role"));
        assertThat(principals(report, "roles_never_assumed")).isEqualTo(neverAssumed);
        assertThat(report.path("service_linked_roles_never_assumed")).isEmpty();
        int reportedUsers = 0;
        int reportedRoles = 0;
        int reportedAdminUsers = 0;
        int reportedAdminRoles = 0;
        for (JsonNode account : report.path("accounts")) {
            reportedUsers += account.path("users").asInt();
            reportedRoles += account.path("roles").asInt();
            reportedAdminUsers += account.path("admin_users").asInt();
            reportedAdminRoles += account.path("admin_roles").asInt();
            assertThat(account.path("users_with_keys").isInt()).as("credential report given").isTrue();
        }
        assertThat(reportedUsers).isEqualTo(users);
        assertThat(reportedRoles).isEqualTo(roles);
        assertThat(reportedAdminUsers).isEqualTo(adminUsers.size());
        assertThat(reportedAdminRoles).isEqualTo(adminRoles.size());

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile()).path("roles_vs_users");
        assertThat(summary.path("console_without_mfa").asInt()).isEqualTo(noMfa.size());
        assertThat(summary.path("keys_past_rotation").asInt()).isEqualTo(pastRotation.size());
        assertThat(summary.path("keys_never_used").asInt()).isEqualTo(neverUsed.size());
        assertThat(summary.path("workload_key_users").asInt()).isEqualTo(workloadFindings.size());
        assertThat(summary.path("admin_users").asInt()).isEqualTo(adminUsers.size());
        assertThat(summary.path("admin_roles").asInt()).isEqualTo(adminRoles.size());
        assertThat(summary.path("roles_never_assumed").asInt()).isEqualTo(neverAssumed.size());
        assertThat(summary.path("role_share").asDouble()).isCloseTo((double) roles / (users + roles),
                org.assertj.core.data.Offset.offset(0.001));
        assertThat(result.out()).contains(String.format("roles vs users %d users, %d roles", users, roles))
                .contains("roles-vs-users.json");
        System.out.printf("roles vs users: %d users, %d roles; %d workload keys, %d console without MFA, %d of %d"
                        + " keys past 90 days, %d never used, %d admin users, %d admin roles, %d roles never"
                        + " assumed%n", users, roles, workloadFindings.size(), noMfa.size(), pastRotation.size(),
                activeKeys, neverUsed.size(), adminUsers.size(), adminRoles.size(), neverAssumed.size());
    }

    @Test
    void writesNoRolesVersusUsersOutputWithoutSnapshots() throws IOException {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 12);
        Path out = tmp.resolve("out");

        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--state-dir",
                tmp.resolve("state").toString(), "--once", "--out", out.toString(), "--partitions", "1");

        assertThat(result.rc()).as(result.err()).isZero();
        assertThat(out.resolve("roles-vs-users.json")).doesNotExist();
        assertThat(JSON.readTree(out.resolve("summary.json").toFile()).has("roles_vs_users")).isFalse();
        assertThat(result.out()).doesNotContain("roles vs users");
    }

    private static Set<String> principals(JsonNode report, String section) {
        Set<String> arns = new TreeSet<>();
        report.path(section).forEach(i -> arns.add(i.path("principal").asText()));
        return arns;
    }

    /** {@code <user ARN> <user> access key <slot>}. */
    private static Set<String> subjects(JsonNode report, String section) {
        Set<String> subjects = new TreeSet<>();
        report.path(section).forEach(i -> subjects.add(i.path("principal").asText() + " "
                + i.path("subject").asText()));
        return subjects;
    }

    private static Instant newestEventTime(Path logs) throws IOException {
        Instant newest = Instant.EPOCH;
        for (Path file : CloudTrailFolder.eventFiles(logs)) {
            for (JsonNode e : CloudTrailFolder.records(file)) {
                Instant t = Instant.parse(e.path("eventTime").asText());
                newest = t.isAfter(newest) ? t : newest;
            }
        }
        return newest;
    }

    /** The roles that issued any session in the logs, failed calls included: a role assumed at all. */
    private static Set<String> rolesInLogs(Path logs) throws IOException {
        Set<String> roles = new HashSet<>();
        for (Path file : CloudTrailFolder.eventFiles(logs)) {
            for (JsonNode e : CloudTrailFolder.records(file)) {
                JsonNode identity = e.path("userIdentity");
                if (identity.path("type").asText().equals("AssumedRole")) {
                    roles.add(identity.path("sessionContext").path("sessionIssuer").path("arn").asText());
                }
            }
        }
        return roles;
    }

    private static String join(List<Path> files) {
        return String.join(",", files.stream().map(Path::toString).toList());
    }
}
