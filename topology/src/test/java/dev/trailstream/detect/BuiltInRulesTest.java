package dev.trailstream.detect;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each built-in rule on hand-written events: at least one it must flag and near misses it must not. One test per
 * rule, named {@code flags} + the rule id in camel case, so that no rule goes untested
 * ({@link #everyBuiltInRuleHasATestHere}). Real events: {@link BuiltInRulesOnRealEventsTest}.
 */
class BuiltInRulesTest {
    private static final String PREFIX = "trailstream.";

    @Test
    void everyBuiltInRuleHasATestHere() {
        Set<String> tests = Arrays.stream(getClass().getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        assertThat(RulePack.builtIn().rules()).allSatisfy(rule -> assertThat(tests).contains(testName(rule.id())));
    }

    @Test
    void flagsRootAccountUsage() {
        check(RootAccountUsage.ID, List.of(
                        Events.byRoot(),
                        Events.byRoot().call("signin.amazonaws.com", "ConsoleLogin").text("eventType", "AwsConsoleSignIn")
                                .text("responseElements.ConsoleLogin", "Failure"),
                        Events.byRoot().call("iam.amazonaws.com", "CreateAccessKey")
                                .text("userIdentity.invokedBy", "signin.amazonaws.com")),
                List.of(Events.byRoot().text("userIdentity.invokedBy", "cloudformation.amazonaws.com"),
                        Events.byRoot().text("eventType", "AwsServiceEvent"),
                        Events.byUser("alice")));
    }

    @Test
    void flagsConsoleLoginWithoutMfa() {
        Events login = signIn(Events.byUser("alice"), "No", "Success");
        check("trailstream.console-login-without-mfa",
                List.of(login, signIn(Events.byRoot(), "No", "Success")),
                List.of(signIn(Events.byUser("alice"), "Yes", "Success"),
                        signIn(Events.byUser("alice"), "No", "Failure"),
                        signIn(Events.byUser("alice"), "No", "Success").text(
                                "additionalEventData.SamlProviderArn", "arn:aws:iam::111122223333:saml-provider/Okta"),
                        signIn(Events.byRole("AWSReservedSSO_Admin_0123", "alice@example.com"), "No", "Success")));
    }

    @Test
    void flagsCloudtrailLoggingStopped() {
        check("trailstream.cloudtrail-logging-stopped",
                List.of(trail("StopLogging"), trail("DeleteTrail").failed("AccessDenied")),
                List.of(trail("StopLogging").failed("TrailNotFoundException"), trail("StartLogging")));
    }

    @Test
    void flagsCloudtrailTrailChanged() {
        check("trailstream.cloudtrail-trail-changed",
                List.of(trail("UpdateTrail"),
                        selectors(trail("PutEventSelectors"), "true", "WriteOnly"),
                        selectors(trail("PutEventSelectors"), "false", "All")),
                List.of(selectors(trail("PutEventSelectors"), "true", "All"), trail("GetEventSelectors"),
                        trail("UpdateTrail").failed("InvalidParameterCombinationException")));
    }

    @Test
    void flagsSecurityMonitoringDisabled() {
        check("trailstream.security-monitoring-disabled",
                List.of(call("guardduty.amazonaws.com", "DeleteDetector"),
                        call("guardduty.amazonaws.com", "UpdateDetector").with("requestParameters.enable", "false"),
                        call("securityhub.amazonaws.com", "DisableSecurityHub"),
                        call("config.amazonaws.com", "StopConfigurationRecorder").failed("AccessDeniedException"),
                        call("access-analyzer.amazonaws.com", "DeleteAnalyzer")),
                List.of(call("guardduty.amazonaws.com", "UpdateDetector").with("requestParameters.enable", "true"),
                        call("config.amazonaws.com", "PutConfigurationRecorder"),
                        call("guardduty.amazonaws.com", "DeleteDetector").failed("BadRequestException")));
    }

    @Test
    void flagsNetworkLogsDeleted() {
        check("trailstream.network-logs-deleted",
                List.of(call("ec2.amazonaws.com", "DeleteFlowLogs"),
                        call("route53resolver.amazonaws.com", "DisassociateResolverQueryLogConfig")),
                List.of(call("ec2.amazonaws.com", "CreateFlowLogs"),
                        call("ec2.amazonaws.com", "DeleteFlowLogs").failed("InvalidFlowLogId.NotFound")));
    }

    @Test
    void flagsLeaveOrganization() {
        check("trailstream.leave-organization",
                List.of(call("organizations.amazonaws.com", "LeaveOrganization"),
                        call("organizations.amazonaws.com", "LeaveOrganization").failed("AccessDenied")),
                List.of(call("organizations.amazonaws.com", "LeaveOrganization")
                                .failed("MasterCannotLeaveOrganizationException"),
                        call("organizations.amazonaws.com", "ListAccounts")));
    }

    @Test
    void flagsAccessKeyForAnotherUser() {
        check("trailstream.access-key-for-another-user",
                List.of(iam("CreateAccessKey").text("requestParameters.userName", "bob"),
                        Events.byRole("ops", "alice").call("iam.amazonaws.com", "CreateAccessKey")
                                .text("requestParameters.userName", "bob")),
                List.of(iam("CreateAccessKey").text("requestParameters.userName", "alice"),
                        iam("CreateAccessKey"),
                        iam("CreateAccessKey").text("requestParameters.userName", "bob").failed("LimitExceeded")));
    }

    @Test
    void flagsLoginProfileForAnotherUser() {
        check("trailstream.login-profile-for-another-user",
                List.of(iam("CreateLoginProfile").text("requestParameters.userName", "bob"),
                        iam("UpdateLoginProfile").text("requestParameters.userName", "bob")
                                .with("requestParameters.passwordResetRequired", "true")),
                List.of(Events.byRole("IAM", "alice").call("iam.amazonaws.com", "UpdateLoginProfile")
                                .text("requestParameters.userName", "alice"),
                        iam("DeleteLoginProfile").text("requestParameters.userName", "bob")));
    }

    @Test
    void flagsMfaDeviceRemoved() {
        check("trailstream.mfa-device-removed",
                List.of(iam("DeactivateMFADevice").text("requestParameters.userName", "bob"),
                        iam("DeleteVirtualMFADevice")),
                List.of(iam("EnableMFADevice"), iam("DeactivateMFADevice").failed("NoSuchEntity")));
    }

    @Test
    void flagsRoleTrustPolicyOpened() {
        String trust = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":%s,"Action":"sts:AssumeRole"}]}""";
        check("trailstream.role-trust-policy-opened",
                List.of(trustPolicy(trust.formatted("{\"AWS\":\"arn:aws:iam::999988887777:root\"}")),
                        trustPolicy(trust.formatted("\"*\"")),
                        trustPolicy(trust.formatted("{\"Federated\":\"arn:aws:iam::111122223333:oidc-provider/x\"}"))),
                List.of(trustPolicy(trust.formatted("{\"Service\":\"lambda.amazonaws.com\"}")),
                        trustPolicy(trust.formatted("\"*\"")).failed("MalformedPolicyDocument")));
    }

    @Test
    void flagsAdminPolicyAttached() {
        check("trailstream.admin-policy-attached",
                List.of(iam("AttachRolePolicy").text("requestParameters.policyArn",
                                "arn:aws:iam::aws:policy/AdministratorAccess"),
                        iam("AttachGroupPolicy").text("requestParameters.policyArn",
                                "arn:aws-us-gov:iam::aws:policy/AdministratorAccess")),
                List.of(iam("AttachUserPolicy").text("requestParameters.policyArn",
                                "arn:aws:iam::aws:policy/ReadOnlyAccess"),
                        iam("AttachUserPolicy").text("requestParameters.policyArn",
                                "arn:aws:iam::111122223333:policy/NotAdministratorAccess"),
                        iam("DetachUserPolicy").text("requestParameters.policyArn",
                                "arn:aws:iam::aws:policy/AdministratorAccess")));
    }

    @Test
    void flagsInlinePolicyGrantsAll() {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"%s","Action":%s,"Resource":"*"}]}""";
        check("trailstream.inline-policy-grants-all",
                List.of(iam("PutRolePolicy").text("requestParameters.roleName", "app")
                                .text("requestParameters.policyDocument", policy.formatted("Allow", "\"*\"")),
                        iam("PutGroupPolicy").text("requestParameters.groupName", "devs")
                                .text("requestParameters.policyDocument",
                                        policy.formatted("Allow", "[\"s3:GetObject\",\"iam:*\"]")),
                        iam("PutUserPolicy").text("requestParameters.userName", "alice")
                                .text("requestParameters.policyDocument", policy.formatted("Allow", "\"s3:*\""))),
                List.of(iam("PutUserPolicy").text("requestParameters.userName", "bob")
                                .text("requestParameters.policyDocument", policy.formatted("Deny", "[\"*\"]")),
                        iam("PutRolePolicy").text("requestParameters.roleName", "app")
                                .text("requestParameters.policyDocument", policy.formatted("Allow", "\"s3:*\"")),
                        iam("PutUserPolicy").text("requestParameters.userName", "alice")
                                .text("requestParameters.policyDocument", policy.formatted("Deny", "\"*\""))));
    }

    @Test
    void flagsPolicyVersionSetDefault() {
        check("trailstream.policy-version-set-default",
                List.of(iam("CreatePolicyVersion").with("requestParameters.setAsDefault", "true"),
                        iam("SetDefaultPolicyVersion")),
                List.of(iam("CreatePolicyVersion").with("requestParameters.setAsDefault", "false"),
                        iam("SetDefaultPolicyVersion").failed("NoSuchEntity")));
    }

    @Test
    void flagsSnapshotOrImageShared() {
        check("trailstream.snapshot-or-image-shared",
                List.of(call("ec2.amazonaws.com", "ModifySnapshotAttribute").with(
                                "requestParameters.createVolumePermission",
                                "{\"add\":{\"items\":[{\"userId\":\"444455556666\"}]}}"),
                        call("ec2.amazonaws.com", "ModifyImageAttribute").with("requestParameters.launchPermission",
                                "{\"add\":{\"items\":[{\"group\":\"all\"}]}}"),
                        call("rds.amazonaws.com", "ModifyDBClusterSnapshotAttribute")
                                .text("requestParameters.attributeName", "restore")
                                .with("requestParameters.valuesToAdd", "[\"all\"]")),
                List.of(call("ec2.amazonaws.com", "ModifySnapshotAttribute").with(
                                "requestParameters.createVolumePermission",
                                "{\"remove\":{\"items\":[{\"userId\":\"444455556666\"}]}}"),
                        call("rds.amazonaws.com", "ModifyDBSnapshotAttribute")
                                .text("requestParameters.attributeName", "restore")
                                .with("requestParameters.valuesToRemove", "[\"444455556666\"]"),
                        call("ec2.amazonaws.com", "ModifyImageAttribute").with("requestParameters.launchPermission",
                                "{\"add\":{\"items\":[{\"group\":\"all\"}]}}").failed("UnauthorizedOperation")));
    }

    @Test
    void flagsS3BucketMadePublic() {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"s","Effect":"%s","Principal":%s,"Action":"s3:GetObject",
                 "Resource":"arn:aws:s3:::b/*"%s}]}""";
        check("trailstream.s3-bucket-made-public",
                List.of(bucketPolicy(policy.formatted("Allow", "\"*\"", "")),
                        bucketPolicy(policy.formatted("Allow", "{\"AWS\":[\"*\"]}", "")),
                        call("s3.amazonaws.com", "PutBucketAcl").with("requestParameters.x-amz-acl",
                                "[\"public-read\"]"),
                        call("s3.amazonaws.com", "PutBucketAcl").with("requestParameters.AccessControlPolicy", """
                                {"AccessControlList":{"Grant":[{"Grantee":{"xsi:type":"CanonicalUser","ID":"abc"},
                                 "Permission":"FULL_CONTROL"},{"Grantee":{"xsi:type":"Group",
                                 "URI":"http://acs.amazonaws.com/groups/global/AllUsers"},"Permission":"READ"}]}}""")),
                List.of(bucketPolicy(policy.formatted("Deny", "\"*\"", "")),
                        bucketPolicy(policy.formatted("Allow", "\"*\"",
                                ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-123\"}}")),
                        bucketPolicy(policy.formatted("Allow", "{\"AWS\":\"arn:aws:iam::444455556666:root\"}", "")),
                        call("s3.amazonaws.com", "PutBucketAcl").with("requestParameters.x-amz-acl", "[\"private\"]")));
    }

    @Test
    void flagsSecurityGroupOpenToWorld() {
        check("trailstream.security-group-open-to-world",
                List.of(ingress("{\"ipRanges\":{\"items\":[{\"cidrIp\":\"10.0.0.0/8\"},{\"cidrIp\":\"0.0.0.0/0\"}]}}"),
                        ingress("{\"ipv6Ranges\":{\"items\":[{\"cidrIpv6\":\"::/0\"}]}}"),
                        call("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress")
                                .text("requestParameters.cidrIp", "0.0.0.0/0")),
                List.of(ingress("{\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/16\"}]}}"),
                        ingress("{\"ipRanges\":{\"items\":[{\"cidrIp\":\"203.0.113.10/32\"}]}}"),
                        ingress("{\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}").failed("InvalidPermission.Duplicate")));
    }

    @Test
    void flagsSecretReadByPerson() {
        check("trailstream.secret-read-by-person",
                List.of(call("secretsmanager.amazonaws.com", "GetSecretValue"),
                        call("ssm.amazonaws.com", "GetParameters").with("requestParameters.withDecryption", "true"),
                        call("secretsmanager.amazonaws.com", "GetSecretValue").failed("AccessDeniedException")),
                List.of(Events.byRole("payments-api", "i-0abc").call("secretsmanager.amazonaws.com", "GetSecretValue"),
                        call("ssm.amazonaws.com", "GetParameter").with("requestParameters.withDecryption", "false"),
                        call("secretsmanager.amazonaws.com", "GetSecretValue").failed("ResourceNotFoundException")));
    }

    @Test
    void flagsSecretsBatchRead() {
        check("trailstream.secrets-batch-read",
                List.of(Events.byRole("payments-api", "i-0abc").call("secretsmanager.amazonaws.com",
                        "BatchGetSecretValue")),
                List.of(call("secretsmanager.amazonaws.com", "ListSecrets")));
    }

    @Test
    void flagsEc2PasswordDataRead() {
        check("trailstream.ec2-password-data-read",
                List.of(call("ec2.amazonaws.com", "GetPasswordData").failed("Client.UnauthorizedOperation")),
                List.of(call("ec2.amazonaws.com", "GetConsoleOutput")));
    }

    private static void check(String ruleId, List<Events> flagged, List<Events> ignored) {
        Rule rule = RulePack.builtIn().rule(ruleId).orElseThrow();
        assertThat(flagged).allSatisfy(e -> assertThat(rule.matches(e.event())).as("%s flags %s", ruleId, e.json())
                .isTrue());
        assertThat(ignored).allSatisfy(e -> assertThat(rule.matches(e.event())).as("%s ignores %s", ruleId, e.json())
                .isFalse());
    }

    private static String testName(String ruleId) {
        String name = ruleId.startsWith(PREFIX) ? ruleId.substring(PREFIX.length()) : ruleId;
        return "flags" + Arrays.stream(name.split("-"))
                .map(part -> Character.toUpperCase(part.charAt(0)) + part.substring(1)).collect(Collectors.joining());
    }

    private static Events call(String source, String name) {
        return Events.byUser("alice").call(source, name);
    }

    private static Events iam(String name) {
        return call("iam.amazonaws.com", name);
    }

    private static Events trail(String name) {
        return call("cloudtrail.amazonaws.com", name);
    }

    private static Events signIn(Events who, String mfa, String result) {
        return who.call("signin.amazonaws.com", "ConsoleLogin").text("eventType", "AwsConsoleSignIn")
                .text("additionalEventData.MFAUsed", mfa).text("responseElements.ConsoleLogin", result);
    }

    private static Events selectors(Events event, String management, String readWrite) {
        return event.with("requestParameters.eventSelectors", "[{\"includeManagementEvents\":" + management
                + ",\"readWriteType\":\"" + readWrite + "\",\"dataResources\":[]}]");
    }

    private static Events trustPolicy(String document) {
        return iam("UpdateAssumeRolePolicy").text("requestParameters.roleName", "app")
                .text("requestParameters.policyDocument", document);
    }

    private static Events bucketPolicy(String document) {
        return call("s3.amazonaws.com", "PutBucketPolicy").text("requestParameters.bucketName", "b")
                .with("requestParameters.bucketPolicy", document);
    }

    private static Events ingress(String permission) {
        return call("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress").text("requestParameters.groupId", "sg-1")
                .with("requestParameters.ipPermissions", "{\"items\":[" + permission + "]}");
    }
}
