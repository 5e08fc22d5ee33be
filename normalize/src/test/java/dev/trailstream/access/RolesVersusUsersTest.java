package dev.trailstream.access;

import dev.trailstream.access.RolesVersusUsers.AccountInput;
import dev.trailstream.access.RolesVersusUsers.AccountTotals;
import dev.trailstream.access.RolesVersusUsers.Item;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule of {@link RolesVersusUsers} and its boundary, on a hand-written account and credential report. */
class RolesVersusUsersTest {
    private static final String ACCOUNT = "arn:aws:iam::111122223333:";
    private static final String ALICE = ACCOUNT + "user/alice";
    private static final String BOB = ACCOUNT + "user/bob";
    private static final String CAROL = ACCOUNT + "user/carol";
    private static final String BOT = ACCOUNT + "user/bots/ci-bot";
    private static final String ADMIN = ACCOUNT + "user/admin";
    private static final String DEPLOYER = ACCOUNT + "role/deployer";
    private static final String LEGACY = ACCOUNT + "role/legacy";
    private static final String RECENT = ACCOUNT + "role/recent";
    private static final String STALE = ACCOUNT + "role/stale";
    private static final String OPS = ACCOUNT + "role/ops-admin";
    private static final String SUPPORT = ACCOUNT + "role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport";
    /** The newest event seen: where every age here ends. */
    private static final Instant NEWEST = Instant.parse("2026-12-04T00:00:00Z");
    private static final Instant HISTORY_START = NEWEST.minus(Duration.ofDays(30));
    private static final Instant EXACTLY_90_DAYS = NEWEST.minus(Duration.ofDays(90));
    private static final Instant OVER_90_DAYS = EXACTLY_90_DAYS.minusSeconds(1);
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();

    private static final String ADMIN_POLICY = """
            [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]""";
    private static final String READ_POLICY = """
            [{"PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]""";

    private static final IamSnapshot SNAPSHOT = IamSnapshot.parse(("""
            {"UserDetailList": [
              %2$s, %3$s, %4$s,
              {"UserName": "ci-bot", "UserId": "AIDABOT", "Path": "/bots/", "Arn": "%1$suser/bots/ci-bot",
               "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": %6$s},
              {"UserName": "admin", "UserId": "AIDAADMIN", "Path": "/", "Arn": "%1$suser/admin", "GroupList": [],
               "AttachedManagedPolicies": %5$s, "UserPolicyList": []}],
             "GroupDetailList": [],
             "RoleDetailList": [
              %7$s, %8$s, %9$s, %10$s, %11$s,
              {"RoleName": "AWSServiceRoleForSupport", "RoleId": "AROASUPPORT",
               "Path": "/aws-service-role/support.amazonaws.com/",
               "Arn": "%1$srole/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport",
               "AttachedManagedPolicies": [], "RolePolicyList": %6$s, "RoleLastUsed": {}}],
             "Policies": [{"PolicyName": "AdministratorAccess", "PolicyId": "ANPAADMIN",
               "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "Path": "/", "DefaultVersionId": "v1",
               "AttachmentCount": 2, "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
                 "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*",
                   "Resource": "*"}]}}]}]}
            """).formatted(ACCOUNT, user("alice"), user("bob"), user("carol"), ADMIN_POLICY, READ_POLICY,
            role("deployer", "{}", READ_POLICY, "2025-01-01T00:00:00Z"),
            role("legacy", "{}", READ_POLICY, "2021-06-01T00:00:00Z"),
            role("recent", lastUsed(NEWEST.minus(Duration.ofDays(10))), READ_POLICY, null),
            role("stale", lastUsed(NEWEST.minus(Duration.ofDays(200))), READ_POLICY, null),
            role("ops-admin", "{}", "[]", null).replace("\"AttachedManagedPolicies\": []",
                    "\"AttachedManagedPolicies\": " + ADMIN_POLICY)), "account.json", null);

    private static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
            + "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
            + "cert_2_active,cert_2_last_rotated";
    private static final String NO_KEY = "false,N/A,N/A,N/A,N/A";
    private static final String NO_CERTS = "false,N/A,false,N/A";

    /** alice: password with MFA; bob: password without, a key exactly 90 days old and one a second older; carol: no
     *  password; ci-bot: a recent key used on S3; admin: a key never used. */
    private static final CredentialReport REPORT = CredentialReport.parse(String.join("\n", HEADER,
            row("alice", ALICE, "true", "2026-12-01T09:00:00+00:00", "true", NO_KEY, NO_KEY),
            row("bob", BOB, "true", "no_information", "false",
                    key(EXACTLY_90_DAYS, "2026-12-03T10:00:00+00:00", "ec2"), key(OVER_90_DAYS, "N/A", "N/A")),
            row("carol", CAROL, "false", "N/A", "false", NO_KEY, NO_KEY),
            row("ci-bot", BOT, "false", "N/A", "false",
                    key(NEWEST.minus(Duration.ofDays(10)), "2026-12-03T23:59:00+00:00", "s3"), NO_KEY),
            row("admin", ADMIN, "false", "N/A", "false", key(OVER_90_DAYS.minus(Duration.ofDays(400)), "N/A",
                    "N/A"), NO_KEY)));

    private static String user(String name) {
        return """
                {"UserName": "%1$s", "UserId": "AIDA%1$s", "Path": "/", "Arn": "%2$suser/%1$s", "GroupList": [],
                 "AttachedManagedPolicies": [], "UserPolicyList": %3$s}""".formatted(name, ACCOUNT, READ_POLICY);
    }

    private static String role(String name, String lastUsed, String inline, String created) {
        return """
                {"RoleName": "%1$s", "RoleId": "AROA%1$s", "Path": "/", "Arn": "%2$srole/%1$s", %5$s
                 "AttachedManagedPolicies": [], "RolePolicyList": %4$s, "RoleLastUsed": %3$s}"""
                .formatted(name, ACCOUNT, lastUsed, inline, created == null ? "" : "\"CreateDate\": \"" + created
                        + "\",");
    }

    private static String lastUsed(Instant when) {
        return "{\"LastUsedDate\": \"" + when + "\", \"Region\": \"eu-west-1\"}";
    }

    private static String row(String user, String arn, String password, String passwordUsed, String mfa, String key1,
                              String key2) {
        return String.join(",", user, arn, "2024-01-01T00:00:00+00:00", password, passwordUsed, "N/A", "N/A", mfa,
                key1, key2, NO_CERTS);
    }

    private static String key(Instant rotated, String lastUsed, String service) {
        return String.join(",", "true", rotated.toString().replace("Z", "+00:00"), lastUsed,
                service.equals("N/A") ? "N/A" : "eu-west-1", service);
    }

    private static AccountInput input(IamSnapshot snapshot, CredentialReport report) {
        Map<String, Granted> granted = new HashMap<>();
        Map<String, UsedAccess> used = new HashMap<>();
        for (String arn : snapshot.principalArns()) {
            granted.put(arn, EVALUATOR.granted(snapshot, arn));
            used.put(arn, UsedAccess.nothingSeen(arn, HISTORY_START, NEWEST));
        }
        Instant seen = NEWEST.minus(Duration.ofDays(2));
        for (String arn : List.of(DEPLOYER, OPS, BOB, BOT)) {
            used.put(arn, new UsedAccess(arn, List.of(new UsedAccess.UsedAction("s3:GetObject", seen, seen, 1)),
                    arn.equals(BOT) ? List.of(new UsedAccess.KeyUse("AKIABOTKEY", seen)) : List.of(),
                    arn.equals(BOB) ? seen : null, seen, seen, HISTORY_START, NEWEST));
        }
        return new AccountInput(snapshot, report, granted, used);
    }

    private static RolesVersusUsers report(Set<String> workloadKeyUsers) {
        return RolesVersusUsers.of(List.of(input(SNAPSHOT, REPORT)), workloadKeyUsers, NEWEST);
    }

    private static List<String> subjects(List<Item> items) {
        return items.stream().map(Item::subject).toList();
    }

    @Test
    void listsTheUsersTheCallerSaysUseTheirKeysLikeAWorkloadWithTheKeysLastUseAndTheAdviceToUseARole() {
        // The finding names the user by the ARN CloudTrail gives, which may carry a different path.
        RolesVersusUsers r = report(Set.of(ACCOUNT + "user/ci-bot"));

        assertThat(r.workloadKeys()).singleElement().satisfies(i -> {
            assertThat(i.principalArn()).isEqualTo(BOT);
            assertThat(i.evidence()).contains("AKIABOTKEY").contains("key 1 last used 2026-12-03T23:59:00Z on s3");
            assertThat(i.advice()).contains("move the workload to an IAM role");
        });
        assertThat(r.notes()).noneMatch(n -> n.contains("no snapshot lists"));
    }

    @Test
    void listsNoWorkloadKeyUserWithoutTheCallersSetAndNotesUsersNoSnapshotHas() {
        assertThat(report(Set.of()).workloadKeys()).isEmpty();

        RolesVersusUsers r = report(Set.of(ACCOUNT + "user/ghost"));

        assertThat(r.workloadKeys()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("no snapshot lists") && n.contains("user/ghost"));
    }

    @Test
    void listsConsoleUsersWithoutMfaButNotThoseWithMfaOrWithoutAPassword() {
        RolesVersusUsers r = report(Set.of());

        assertThat(r.consoleWithoutMfa()).extracting(Item::principalArn).containsExactly(BOB);
        assertThat(r.consoleWithoutMfa().get(0).evidence()).contains("password never used")
                .contains("last console sign-in seen 2026-12-02T00:00:00Z");
        assertThat(r.consoleWithoutMfa().get(0).advice()).startsWith("enable MFA");
    }

    @Test
    void listsKeysOlderThanTheRotationAgeButNotOneExactlyThatOld() {
        RolesVersusUsers r = report(Set.of());

        assertThat(subjects(r.keysPastRotation())).containsExactly("bob access key 2", "admin access key 1");
        assertThat(r.keysPastRotation().get(0).evidence()).contains("90 days before the newest event")
                .contains("(rotation age 90 days)");
        assertThat(r.keysPastRotation().get(0).advice()).startsWith("rotate");
    }

    @Test
    void listsEveryKeyAgainstAShorterRotationAge() {
        RolesVersusUsers r = RolesVersusUsers.of(List.of(input(SNAPSHOT, REPORT)), Set.of(), NEWEST,
                Duration.ofDays(5), Duration.ofDays(90));

        assertThat(subjects(r.keysPastRotation())).containsExactly("bob access key 1", "bob access key 2",
                "ci-bot access key 1", "admin access key 1");
    }

    @Test
    void listsActiveKeysNeverUsed() {
        RolesVersusUsers r = report(Set.of());

        assertThat(subjects(r.keysNeverUsed())).containsExactly("bob access key 2", "admin access key 1");
        assertThat(r.keysNeverUsed().get(0).advice()).startsWith("deactivate and delete");
    }

    @Test
    void notesKeysWhoseRotationDateTheReportDoesNotGive() {
        String csv = "user,arn,password_enabled,password_last_used,mfa_active,access_key_1_active,"
                + "access_key_1_last_used_date,access_key_2_active,access_key_2_last_used_date\n"
                + "bob," + BOB + ",false,N/A,false,true,2026-12-01T00:00:00+00:00,false,N/A\n";

        RolesVersusUsers r = RolesVersusUsers.of(List.of(input(SNAPSHOT, CredentialReport.parse(csv))), Set.of(),
                NEWEST);

        assertThat(r.keysPastRotation()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("no rotation date for [bob access key 1]"));
        assertThat(r.notes()).anyMatch(n -> n.contains("not in the credential report") && n.contains("alice"));
    }

    @Test
    void countsAdministratorsPerAccountUsersAndRolesApart() {
        RolesVersusUsers r = report(Set.of());

        assertThat(r.administrators()).extracting(Item::principalArn).containsExactly(ADMIN, OPS);
        assertThat(r.administrators().get(0).evidence())
                .contains("granted by arn:aws:iam::aws:policy/AdministratorAccess");
        AccountTotals totals = r.accounts().get(0);
        assertThat(totals.adminUsers()).isEqualTo(1);
        assertThat(totals.adminRoles()).isEqualTo(1);
    }

    @Test
    void listsRolesWithNoEventAndNoRecentRoleLastUsedSayingWhichEvidenceApplies() {
        RolesVersusUsers r = report(Set.of());

        assertThat(r.rolesNeverAssumed()).extracting(Item::principalArn).containsExactly(LEGACY, STALE);
        assertThat(r.rolesNeverAssumed().get(0).evidence())
                .contains("no event of the role in the history seen since " + HISTORY_START + " (30 days)")
                .contains("RoleLastUsed is empty");
        assertThat(r.rolesNeverAssumed().get(1).evidence())
                .contains("RoleLastUsed " + NEWEST.minus(Duration.ofDays(200)) + " is before the lookback start");
    }

    @Test
    void doesNotListARoleUsedOnlyPerRoleLastUsedAndNotesTheMissingEvents() {
        RolesVersusUsers r = report(Set.of());

        assertThat(r.rolesNeverAssumed()).extracting(Item::principalArn).doesNotContain(RECENT, DEPLOYER, OPS);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("role " + RECENT) && n.contains("are logs missing"));
    }

    @Test
    void listsServiceLinkedRolesApart() {
        RolesVersusUsers r = report(Set.of());

        assertThat(r.serviceLinkedRolesNeverAssumed()).extracting(Item::principalArn).containsExactly(SUPPORT);
        assertThat(r.rolesNeverAssumed()).extracting(Item::principalArn).doesNotContain(SUPPORT);
        assertThat(r.serviceLinkedRolesNeverAssumed().get(0).advice()).contains("AWS uses it");
    }

    @Test
    void totalsUsersWithKeysAndConsoleAndTheShareOfRolesLeavingServiceLinkedRolesOut() {
        AccountTotals t = report(Set.of()).accounts().get(0);

        assertThat(t.accountId()).isEqualTo("111122223333");
        assertThat(t.users()).isEqualTo(5);
        assertThat(t.usersWithKeys()).isEqualTo(3);
        assertThat(t.usersWithConsole()).isEqualTo(2);
        assertThat(t.roles()).isEqualTo(6);
        assertThat(t.serviceLinkedRoles()).isEqualTo(1);
        assertThat(t.roleShare()).isEqualTo(5.0 / 10);
    }

    @Test
    void assessesNoCredentialWithoutACredentialReportAndSaysSo() {
        RolesVersusUsers r = RolesVersusUsers.of(List.of(input(SNAPSHOT, null)), Set.of(BOT), NEWEST);

        assertThat(r.consoleWithoutMfa()).isEmpty();
        assertThat(r.keysPastRotation()).isEmpty();
        assertThat(r.keysNeverUsed()).isEmpty();
        assertThat(r.workloadKeys()).extracting(Item::principalArn).containsExactly(BOT);
        assertThat(r.accounts().get(0).usersWithKeys()).isNull();
        assertThat(r.accounts().get(0).usersWithConsole()).isNull();
        assertThat(r.notes()).anyMatch(n -> n.contains("no credential report"));
        assertThat(r.administrators()).hasSize(2);
    }

    @Test
    void measuresAgesFromTheNewestEventNotTheWallClock() {
        // A replay ending 60 days earlier: bob's keys were 30 days old then, ci-bot's not yet created.
        Instant replayEnd = OVER_90_DAYS.plus(Duration.ofDays(30));

        RolesVersusUsers r = RolesVersusUsers.of(List.of(input(SNAPSHOT, REPORT)), Set.of(), replayEnd);

        assertThat(subjects(r.keysPastRotation())).containsExactly("admin access key 1");
        assertThat(r.newestEvent()).isEqualTo(replayEnd);
    }

    @Test
    void refusesAPrincipalWithoutItsGrant() {
        AccountInput partial = new AccountInput(SNAPSHOT, REPORT, Map.of(), Map.of());

        assertThatThrownBy(() -> RolesVersusUsers.of(List.of(partial), Set.of(), NEWEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ALICE);
    }
}
