package dev.trailstream.detect;

import dev.trailstream.event.CloudTrailEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each built-in rule on real events from {@code ../shared/data}: one it must flag and one it must not. References
 * are {@code stratus <technique>: <eventName>} (the first such event of the detonation) or
 * {@code panther <rule id> #<n>} (the n-th test event of that Panther rule, from 0). Two rules have no real event
 * that fires them in the data (nobody detonated an MFA removal or a policy version change); their flagging side is
 * tested on hand-written events only ({@link BuiltInRulesTest}).
 */
class BuiltInRulesOnRealEventsTest {

    record Case(String rule, String flags, String ignores) {
        @Override
        public String toString() {
            return rule + " flags " + (flags == null ? "(no real event)" : flags) + " and ignores " + ignores;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case(RootAccountUsage.ID, "panther AWS.Root.Activity #1", "panther AWS.Console.RootLogin #1"),
                new Case("trailstream.console-login-without-mfa",
                        "stratus aws.initial-access.console-login-without-mfa: ConsoleLogin",
                        "panther AWS.Console.LoginWithoutMFA #3"),
                new Case("trailstream.cloudtrail-logging-stopped", "stratus aws.defense-evasion.cloudtrail-stop: StopLogging",
                        "panther AWS.CloudTrail.Stopped #2"),
                new Case("trailstream.cloudtrail-trail-changed",
                        "stratus aws.defense-evasion.cloudtrail-event-selectors: PutEventSelectors",
                        "panther AWS.CloudTrail.EventSelectorsDisabled #1"),
                new Case("trailstream.security-monitoring-disabled", "panther AWS.ConfigService.DisabledDeleted #1",
                        "panther AWS.ConfigService.DisabledDeleted #2"),
                new Case("trailstream.network-logs-deleted",
                        "stratus aws.defense-evasion.dns-delete-logs: DeleteResolverQueryLogConfig",
                        "stratus aws.execution.ec2-user-data: ModifyInstanceAttribute"),
                new Case("trailstream.leave-organization",
                        "stratus aws.defense-evasion.organizations-leave: LeaveOrganization",
                        "stratus aws.defense-evasion.organizations-leave: AssumeRole"),
                new Case("trailstream.access-key-for-another-user",
                        "stratus aws.persistence.iam-backdoor-user: CreateAccessKey",
                        "panther AWS.IAM.Backdoor.User.Keys #0"),
                new Case("trailstream.login-profile-for-another-user",
                        "stratus aws.privilege-escalation.iam-update-user-login-profile: UpdateLoginProfile",
                        "panther AWS.User.Login.Profile.Modified #0"),
                new Case("trailstream.mfa-device-removed", null, "panther AWS.IAM.CredentialsUpdated #1"),
                new Case("trailstream.role-trust-policy-opened",
                        "stratus aws.persistence.iam-backdoor-role: UpdateAssumeRolePolicy",
                        "panther AWS.IAM.BackdoorRole #1"),
                new Case("trailstream.admin-policy-attached",
                        "stratus aws.persistence.iam-create-backdoor-role: AttachRolePolicy",
                        "panther AWS.IAM.AttachAdminUserPolicy #1"),
                new Case("trailstream.inline-policy-grants-all", null, "panther AWS.IAM.AccessKeyCompromised #0"),
                new Case("trailstream.policy-version-set-default", null, "panther AWS.IAM.PolicyModified #0"),
                new Case("trailstream.snapshot-or-image-shared",
                        "stratus aws.exfiltration.rds-share-snapshot: ModifyDBSnapshotAttribute",
                        "panther AWS.CloudTrail.SnapshotMadePublic #1"),
                new Case("trailstream.s3-bucket-made-public", "panther AWS.CloudTrail.ResourceMadePublic #1",
                        "panther AWS.CloudTrail.ResourceMadePublic #7"),
                new Case("trailstream.security-group-open-to-world",
                        "stratus aws.exfiltration.ec2-security-group-open-port-22-ingress: AuthorizeSecurityGroupIngress",
                        "panther AWS.EC2.ManualSecurityGroupChange #0"),
                new Case("trailstream.secret-read-by-person",
                        "stratus aws.credential-access.ssm-retrieve-securestring-parameters: GetParameters",
                        "panther AWS.SSM.DecryptSSMParams #3"),
                new Case("trailstream.secrets-batch-read",
                        "stratus aws.credential-access.secretsmanager-batch-retrieve-secrets: BatchGetSecretValue",
                        "stratus aws.credential-access.secretsmanager-retrieve-secrets: ListSecrets"),
                new Case("trailstream.ec2-password-data-read",
                        "stratus aws.credential-access.ec2-get-password-data: GetPasswordData",
                        "panther AWS.EC2.ManyPasswordReadAttempts #2"));
    }

    @Test
    void everyBuiltInRuleHasARealEventItMustIgnore() {
        assertThat(cases()).extracting(Case::rule).containsExactlyInAnyOrderElementsOf(
                RulePack.builtIn().rules().stream().map(Rule::id).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flagsItsRealEventAndIgnoresTheOther(Case test) {
        Rule rule = RulePack.builtIn().rule(test.rule()).orElseThrow();
        if (test.flags() != null) {
            assertThat(rule.matches(event(test.flags()))).as("%s flags %s", test.rule(), test.flags()).isTrue();
        }
        assertThat(rule.matches(event(test.ignores()))).as("%s ignores %s", test.rule(), test.ignores()).isFalse();
    }

    private static CloudTrailEvent event(String reference) {
        if (reference.startsWith("stratus ")) {
            String[] parts = reference.substring("stratus ".length()).split(": ");
            return RealEvents.stratus(parts[0], parts[1]);
        }
        String[] parts = reference.substring("panther ".length()).split(" #");
        return RealEvents.panther(parts[0], Integer.parseInt(parts[1]));
    }
}
