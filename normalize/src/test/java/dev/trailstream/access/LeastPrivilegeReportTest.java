package dev.trailstream.access;

import dev.trailstream.access.LeastPrivilegeReport.Finding;
import dev.trailstream.access.LeastPrivilegeReport.FindingKind;
import dev.trailstream.access.LeastPrivilegeReport.RiskyGrantKind;
import dev.trailstream.access.LeastPrivilegeReport.UnusedService;
import dev.trailstream.normalize.IamAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule of {@link LeastPrivilegeReport} on a hand-written account and hand-written used access. */
class LeastPrivilegeReportTest {
    private static final String ACCOUNT = "arn:aws:iam::111122223333:";
    private static final String ALICE = ACCOUNT + "user/alice";
    private static final String ADMIN = ACCOUNT + "user/admin";
    private static final String DEPLOYER = ACCOUNT + "role/deployer";
    private static final String YOUNG = ACCOUNT + "role/young";
    /** The newest event seen: where every lookback here ends. */
    private static final Instant NEWEST = Instant.parse("2026-12-04T00:00:00Z");
    /** History ingested since 200 days before: more than the lookback. */
    private static final Instant LONG_AGO = NEWEST.minus(Duration.ofDays(200));
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();
    private static final Observability MANAGEMENT_ONLY = Observability.bundled();

    private static final IamSnapshot SNAPSHOT = IamSnapshot.parse("""
            {"UserDetailList": [
              {"UserName": "alice", "UserId": "AIDAALICE", "Path": "/", "Arn": "%1$suser/alice",
               "CreateDate": "2024-03-01T10:00:00Z", "GroupList": [], "AttachedManagedPolicies": [],
               "UserPolicyList": [{"PolicyName": "work", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                 {"Sid": "Compute", "Effect": "Allow", "Action": ["ec2:Describe*", "ec2:RunInstances",
                   "ec2:TerminateInstances"], "Resource": "*"},
                 {"Sid": "Logs", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListAllMyBuckets"], "Resource": "*"},
                 {"Sid": "Keys", "Effect": "Allow", "Action": "kms:*", "Resource": "*"},
                 {"Sid": "Queues", "Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"}]}}]},
              {"UserName": "admin", "UserId": "AIDAADMIN", "Path": "/", "Arn": "%1$suser/admin",
               "CreateDate": "2020-01-01T00:00:00Z", "GroupList": [], "UserPolicyList": [],
               "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess",
                 "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}],
             "GroupDetailList": [],
             "RoleDetailList": [
              {"RoleName": "deployer", "RoleId": "AROADEPLOYER", "Path": "/", "Arn": "%1$srole/deployer",
               "CreateDate": "2023-01-01T00:00:00Z", "AttachedManagedPolicies": [],
               "RoleLastUsed": {"LastUsedDate": "2026-01-10T00:00:00Z", "Region": "eu-west-1"},
               "RolePolicyList": [{"PolicyName": "deploy", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                 {"Effect": "Allow", "Action": ["iam:PassRole", "lambda:UpdateFunctionCode"], "Resource": "*"}]}}]},
              {"RoleName": "young", "RoleId": "AROAYOUNG", "Path": "/", "Arn": "%1$srole/young",
               "CreateDate": "2026-11-24T00:00:00Z", "AttachedManagedPolicies": [],
               "RolePolicyList": [{"PolicyName": "scoped", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                 {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "%1$srole/worker"}]}}]}],
             "Policies": [{"PolicyName": "AdministratorAccess", "PolicyId": "ANPAADMIN",
               "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "Path": "/", "DefaultVersionId": "v1",
               "AttachmentCount": 1, "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
                 "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*",
                   "Resource": "*"}]}}]}]}
            """.formatted(ACCOUNT), "account.json", null);

    private static UsedAccess.UsedAction used(String action, Instant last) {
        return new UsedAccess.UsedAction(action, last.minus(Duration.ofDays(1)), last, 3);
    }

    private static UsedAccess seen(String arn, List<UsedAccess.UsedAction> actions) {
        Instant first = actions.stream().map(UsedAccess.UsedAction::firstUse).min(Instant::compareTo).orElse(null);
        Instant last = actions.stream().map(UsedAccess.UsedAction::lastUse).max(Instant::compareTo).orElse(null);
        return new UsedAccess(arn, actions, List.of(), null, first, last, LONG_AGO, NEWEST);
    }

    private static LeastPrivilegeReport report(UsedAccess used) {
        return report(used, null, MANAGEMENT_ONLY);
    }

    private static LeastPrivilegeReport report(UsedAccess used, CredentialReport credentials,
                                               Observability observability) {
        return LeastPrivilegeReport.of(SNAPSHOT, EVALUATOR.granted(SNAPSHOT, used.principalArn()), used,
                credentials, observability);
    }

    private static List<String> names(List<IamAction> actions) {
        return actions.stream().map(IamAction::action).toList();
    }

    private static final Instant LAST_WEEK = NEWEST.minus(Duration.ofDays(7));

    @Test
    void flagsARoleWithNoSuccessfulCallInTheLookbackWithHighConfidence() {
        LeastPrivilegeReport r = report(seen(DEPLOYER, List.of(used("lambda:UpdateFunctionCode",
                NEWEST.minus(Duration.ofDays(120))))));

        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.kind()).isEqualTo(FindingKind.UNUSED_ROLE);
        assertThat(f.subject()).isEqualTo(DEPLOYER);
        assertThat(f.confidence().level()).isEqualTo(Confidence.Level.HIGH);
        assertThat(f.confidence().daysObserved()).isEqualTo(90);
        assertThat(f.why()).contains("last event seen").contains("RoleLastUsed says 2026-01-10");
    }

    @Test
    void doesNotFlagAPrincipalThatCalledSomethingInTheLookback() {
        LeastPrivilegeReport r = report(seen(DEPLOYER, List.of(used("lambda:UpdateFunctionCode", LAST_WEEK))));

        assertThat(r.findings()).isEmpty();
    }

    @Test
    void trustsIamsRoleLastUsedInsideTheLookbackOverMissingEvents() {
        UsedAccess nothing = new UsedAccess(DEPLOYER, List.of(), List.of(), null, null, null, LONG_AGO,
                Instant.parse("2026-02-01T00:00:00Z"));

        LeastPrivilegeReport r = report(nothing);

        assertThat(r.findings()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("IAM records use on 2026-01-10T00:00:00Z"));
    }

    @Test
    void doesNotFlagAUserWhoseKeyTheCredentialReportShowsUsedInTheLookback() {
        // alice's key 1 was last used on 2026-12-04T12:00 and her password on 2026-12-01: inside a lookback ending
        // on 2026-12-05, though no event of hers was ingested.
        UsedAccess nothing = new UsedAccess(ALICE, List.of(), List.of(), null, null, null, LONG_AGO,
                Instant.parse("2026-12-05T00:00:00Z"));

        LeastPrivilegeReport r = report(nothing, CredentialReport.parse(CredentialReportTest.CSV), MANAGEMENT_ONLY);

        assertThat(r.findings()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("IAM records use on 2026-12-04T12:00:00Z"));
    }

    @Test
    void flagsAnUnusedUserByItsKind() {
        LeastPrivilegeReport r = report(UsedAccess.nothingSeen(ALICE, LONG_AGO, NEWEST));

        assertThat(r.findings()).extracting(Finding::kind).contains(FindingKind.UNUSED_USER);
        assertThat(r.findings().get(0).why()).contains("no event ever seen");
    }

    @Test
    void countsAPrincipalYoungerThanTheLookbackFromItsCreationDate() {
        LeastPrivilegeReport r = report(UsedAccess.nothingSeen(YOUNG, LONG_AGO, NEWEST));

        Finding f = r.findings().get(0);
        assertThat(f.kind()).isEqualTo(FindingKind.UNUSED_ROLE);
        assertThat(f.confidence().daysObserved()).isEqualTo(10);
        assertThat(f.confidence().level()).isEqualTo(Confidence.Level.LOW);
        assertThat(f.why()).contains("10 days observed").contains("created 2026-11-24T00:00:00Z");
    }

    @Test
    void lowersConfidenceInProportionToTheHistoryObserved() {
        UsedAccess sixtyDays = new UsedAccess(DEPLOYER, List.of(), List.of(), null, null, null,
                NEWEST.minus(Duration.ofDays(60)), NEWEST);
        UsedAccess thirtyDays = new UsedAccess(DEPLOYER, List.of(), List.of(), null, null, null,
                NEWEST.minus(Duration.ofDays(30)), NEWEST);

        Confidence medium = report(sixtyDays).findings().get(0).confidence();
        Confidence low = report(thirtyDays).findings().get(0).confidence();

        assertThat(medium.level()).isEqualTo(Confidence.Level.MEDIUM);
        assertThat(medium.daysObserved()).isEqualTo(60);
        assertThat(medium.fraction()).isEqualTo(60.0 / 90);
        assertThat(low.level()).isEqualTo(Confidence.Level.LOW);
        assertThat(low.describe()).isEqualTo("low (30 of 90 days observed)");
        assertThat(report(sixtyDays).confidence()).isEqualTo(medium);
    }

    @Test
    void endsTheLookbackAtTheNewestEventSoThatAReplayAnswersAsALiveRun() {
        Instant replayEnd = Instant.parse("2025-06-01T00:00:00Z");
        UsedAccess replay = new UsedAccess(ALICE, List.of(
                used("ec2:RunInstances", Instant.parse("2025-05-20T00:00:00Z")),
                used("ec2:TerminateInstances", Instant.parse("2025-01-02T00:00:00Z"))), List.of(), null,
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-05-20T00:00:00Z"),
                Instant.parse("2024-06-01T00:00:00Z"), replayEnd);

        LeastPrivilegeReport r = report(replay);

        assertThat(r.lookbackEnd()).isEqualTo(replayEnd);
        assertThat(r.lookbackStart()).isEqualTo(replayEnd.minus(Duration.ofDays(90)));
        assertThat(r.findings()).extracting(Finding::kind).doesNotContain(FindingKind.UNUSED_USER);
        assertThat(names(r.unusedActions())).doesNotContain("ec2:RunInstances").contains("ec2:TerminateInstances");
    }

    @Test
    void listsGrantedObservableActionsNotUsedRiskiestFirst() {
        LeastPrivilegeReport r = report(seen(ALICE, List.of(used("ec2:DescribeInstances", LAST_WEEK))));

        List<String> unused = names(r.unusedActions());
        assertThat(unused).contains("ec2:RunInstances", "ec2:TerminateInstances", "ec2:DescribeVolumes")
                .doesNotContain("ec2:DescribeInstances");
        // kms:CreateGrant is tagged PrivEsc: it comes before every plain write and every read.
        assertThat(unused.get(0)).isEqualTo("kms:CreateGrant");
        assertThat(unused.indexOf("ec2:RunInstances")).isLessThan(unused.indexOf("ec2:DescribeVolumes"));
    }

    @Test
    void neverReportsAnActionCloudTrailDoesNotRecordAsUnused() {
        UsedAccess nothing = seen(ALICE, List.of(used("ec2:DescribeInstances", LAST_WEEK)));

        LeastPrivilegeReport managementOnly = report(nothing);
        LeastPrivilegeReport withDataEvents = report(nothing, null, MANAGEMENT_ONLY.withDataEvents(true));

        assertThat(names(managementOnly.unusedActions())).doesNotContain("s3:GetObject");
        assertThat(names(managementOnly.notObservable())).contains("s3:GetObject");
        assertThat(managementOnly.notes()).anyMatch(n -> n.startsWith("data events taken as not recorded"));
        assertThat(names(withDataEvents.unusedActions())).contains("s3:GetObject");
        assertThat(names(withDataEvents.notObservable())).doesNotContain("s3:GetObject");
    }

    @Test
    void reportsServicesOfWhichNothingWasUsedRiskiestFirst() {
        LeastPrivilegeReport r = report(seen(ALICE, List.of(used("ec2:DescribeInstances", LAST_WEEK))));

        assertThat(r.unusedServices()).extracting(UnusedService::service).containsExactly("kms", "s3", "sqs");
        UnusedService kms = r.unusedServices().get(0);
        assertThat(kms.riskiest()).isEqualTo(Risk.PRIVILEGE_ESCALATION);
        UnusedService s3 = r.unusedServices().get(1);
        assertThat(s3.unusedActions()).isEqualTo(1);
        assertThat(s3.notObservable()).as("s3:GetObject, a data event").isEqualTo(1);
    }

    @Test
    void flagsAdministratorAccessOnceWithoutRepeatingWhatItIncludes() {
        LeastPrivilegeReport r = report(seen(ADMIN, List.of(used("s3:ListAllMyBuckets", LAST_WEEK))));

        assertThat(r.riskyGrants()).hasSize(1);
        assertThat(r.riskyGrants().get(0).kind()).isEqualTo(RiskyGrantKind.ADMIN_EQUIVALENT);
        assertThat(r.riskyGrants().get(0).why()).contains("used 1 action(s)");
    }

    @Test
    void flagsPassRoleOnEveryResourceButNotPassRoleOnNamedRoles() {
        LeastPrivilegeReport anywhere = report(seen(DEPLOYER, List.of(used("lambda:UpdateFunctionCode", LAST_WEEK))));
        LeastPrivilegeReport scoped = report(UsedAccess.nothingSeen(YOUNG, LONG_AGO, NEWEST));

        assertThat(anywhere.riskyGrants()).extracting(LeastPrivilegeReport.RiskyGrant::kind)
                .containsExactly(RiskyGrantKind.PASS_ROLE_ON_EVERY_RESOURCE);
        assertThat(anywhere.riskyGrants().get(0).why()).contains("privilege escalation")
                .contains("inline deploy #0");
        assertThat(scoped.riskyGrants()).isEmpty();
        assertThat(names(anywhere.notObservable())).contains("iam:PassRole");
    }

    @Test
    void flagsAWildcardOnASensitiveServiceButNotOnOthers() {
        LeastPrivilegeReport r = report(seen(ALICE, List.of(used("kms:Decrypt", LAST_WEEK))));

        assertThat(r.riskyGrants()).hasSize(1);
        LeastPrivilegeReport.RiskyGrant kms = r.riskyGrants().get(0);
        assertThat(kms.kind()).isEqualTo(RiskyGrantKind.SENSITIVE_SERVICE_WILDCARD);
        assertThat(kms.what()).isEqualTo("kms:*");
        assertThat(kms.why()).startsWith("kms: can decrypt").contains("1 used in the lookback");
    }

    @Test
    void flagsActiveAccessKeysAndAPasswordNotUsedInTheLookback() {
        String csv = CredentialReportTest.CSV.replace("2026-12-04T12:00:00+00:00", "2026-05-01T00:00:00+00:00");
        LeastPrivilegeReport r = report(seen(ALICE, List.of(used("ec2:DescribeInstances", LAST_WEEK))),
                CredentialReport.parse(csv), MANAGEMENT_ONLY);

        assertThat(r.findings()).extracting(Finding::kind).containsExactly(FindingKind.UNUSED_ACCESS_KEY);
        Finding key = r.findings().get(0);
        assertThat(key.subject()).isEqualTo("alice access key 1");
        assertThat(key.lastUsed()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(key.confidence().level()).isEqualTo(Confidence.Level.HIGH);
    }

    @Test
    void flagsAConsolePasswordNeverUsedUnlessASignInWasSeen() {
        String csv = CredentialReportTest.CSV.replace("alice,arn:aws:iam::111122223333:user/alice,"
                + "2024-03-01T10:00:00+00:00,true,2026-12-01T09:30:00+00:00", "alice,arn:aws:iam::111122223333:"
                + "user/alice,2024-03-01T10:00:00+00:00,true,no_information");
        UsedAccess noSignIn = seen(ALICE, List.of(used("ec2:DescribeInstances", LAST_WEEK)));
        UsedAccess signedIn = new UsedAccess(ALICE, noSignIn.actions(), List.of(), LAST_WEEK, noSignIn.firstEvent(),
                noSignIn.lastEvent(), LONG_AGO, NEWEST);

        List<Finding> unused = report(noSignIn, CredentialReport.parse(csv), MANAGEMENT_ONLY).findings();
        List<Finding> used = report(signedIn, CredentialReport.parse(csv), MANAGEMENT_ONLY).findings();

        assertThat(unused).extracting(Finding::kind).containsExactly(FindingKind.UNUSED_CONSOLE_PASSWORD);
        assertThat(unused.get(0).why()).startsWith("password enabled and never used");
        assertThat(used).isEmpty();
    }

    @Test
    void saysThatWithoutACredentialReportKeysAndPasswordAreNotAssessed() {
        LeastPrivilegeReport r = report(seen(ALICE, List.of(used("ec2:DescribeInstances", LAST_WEEK))));

        assertThat(r.notes()).contains("no credential report: access keys and console password not assessed");
    }

    @Test
    void rightsizesToTheActionsUsedInTheLookbackOnly() {
        LeastPrivilegeReport r = report(seen(ALICE, List.of(used("ec2:DescribeInstances", LAST_WEEK),
                used("ec2:RunInstances", NEWEST.minus(Duration.ofDays(100))), used("dynamodb:Scan", LAST_WEEK))));

        assertThat(r.policy().json()).contains("ec2:DescribeInstances").doesNotContain("ec2:RunInstances");
        assertThat(r.policy().usedNotGranted()).containsExactly("dynamodb:Scan");
    }

    @Test
    void rejectsUsedAccessOfAnotherPrincipal() {
        assertThatThrownBy(() -> LeastPrivilegeReport.of(SNAPSHOT, EVALUATOR.granted(SNAPSHOT, ALICE),
                UsedAccess.nothingSeen(ADMIN, LONG_AGO, NEWEST), null, MANAGEMENT_ONLY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
