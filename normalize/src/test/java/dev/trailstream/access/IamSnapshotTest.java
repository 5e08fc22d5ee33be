package dev.trailstream.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IamSnapshotTest {
    /** CLI-style output: documents as JSON objects, Python-style dates, one user in one group, one bounded role. */
    private static final String CLI_EXPORT = """
            {
              "UserDetailList": [{
                "Path": "/staff/", "UserName": "alice", "UserId": "AIDAALICE",
                "Arn": "arn:aws:iam::111122223333:user/staff/alice", "CreateDate": "2023-03-09 10:41:45+00:00",
                "GroupList": ["dev"],
                "UserPolicyList": [{"PolicyName": "own", "PolicyDocument": {"Version": "2012-10-17",
                  "Statement": {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}}}],
                "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
                "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
                  "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/StaffBoundary"},
                "Tags": []
              }],
              "GroupDetailList": [{
                "Path": "/", "GroupName": "dev", "GroupId": "AGPADEV", "Arn": "arn:aws:iam::111122223333:group/dev",
                "CreateDate": "2021-01-02T03:04:05Z", "GroupPolicyList": [], "AttachedManagedPolicies": []
              }],
              "RoleDetailList": [{
                "Path": "/service/", "RoleName": "etl", "RoleId": "AROAETL", "Arn": "arn:aws:iam::111122223333:role/service/etl",
                "CreateDate": "2022-06-30T12:00:00.123+02:00",
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"Service": ["glue.amazonaws.com", "lambda.amazonaws.com"]}, "Action": "sts:AssumeRole"}]},
                "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [],
                "RoleLastUsed": {"LastUsedDate": "2026-11-30 08:15:00+00:00", "Region": "eu-west-1"}
              }],
              "Policies": [{
                "PolicyName": "StaffBoundary", "PolicyId": "ANPABOUNDARY", "Arn": "arn:aws:iam::111122223333:policy/StaffBoundary",
                "Path": "/", "DefaultVersionId": "v2", "AttachmentCount": 0, "PermissionsBoundaryUsageCount": 1,
                "IsAttachable": true, "CreateDate": "2020-01-29 21:24:20+00:00", "UpdateDate": "2020-01-29T23:23:12Z",
                "PolicyVersionList": [
                  {"VersionId": "v2", "IsDefaultVersion": true, "CreateDate": "2020-01-29 23:23:12+00:00", "Document":
                    {"Version": "2012-10-17", "Statement": [{"Sid": "Everything", "Effect": "Allow", "NotAction": "iam:*",
                      "NotResource": ["arn:aws:s3:::payroll", "arn:aws:s3:::payroll/*"],
                      "Condition": {"StringEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]},
                                    "Bool": {"aws:SecureTransport": true}}}]}},
                  {"VersionId": "v1", "IsDefaultVersion": false, "CreateDate": "2020-01-29 21:24:20+00:00", "Document":
                    {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]
              }]
            }
            """;

    @Test
    void readsUsersGroupsRolesAndTheDefaultVersionOfManagedPoliciesFromCliOutput() {
        Instant taken = Instant.parse("2026-12-01T00:00:00Z");
        IamSnapshot s = IamSnapshot.parse(CLI_EXPORT, "cli.json", taken);

        assertThat(s.accountId()).isEqualTo("111122223333");
        assertThat(s.takenAt()).contains(taken);
        IamUser alice = s.user("arn:aws:iam::111122223333:user/staff/alice").orElseThrow();
        assertThat(alice.name()).isEqualTo("alice");
        assertThat(alice.id()).isEqualTo("AIDAALICE");
        assertThat(alice.path()).isEqualTo("/staff/");
        assertThat(alice.groups()).containsExactly("dev");
        assertThat(alice.inlinePolicies()).extracting(InlinePolicy::name).containsExactly("own");
        assertThat(alice.attachedPolicies()).containsExactly(
                new AttachedPolicy("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assertThat(alice.permissionsBoundary()).isEqualTo("arn:aws:iam::111122223333:policy/StaffBoundary");
        assertThat(s.group("dev").orElseThrow().arn()).isEqualTo("arn:aws:iam::111122223333:group/dev");

        IamRole etl = s.role("arn:aws:iam::111122223333:role/service/etl").orElseThrow();
        assertThat(etl.lastUsed()).isEqualTo(new RoleLastUsed(Instant.parse("2026-11-30T08:15:00Z"), "eu-west-1"));
        assertThat(etl.permissionsBoundary()).isNull();
        assertThat(etl.trustPolicy().statements().get(0).principals())
                .isEqualTo(Map.of("Service", List.of("glue.amazonaws.com", "lambda.amazonaws.com")));

        ManagedPolicy boundary = s.policy("arn:aws:iam::111122223333:policy/StaffBoundary").orElseThrow();
        assertThat(boundary.defaultVersionId()).isEqualTo("v2");
        assertThat(boundary.awsManaged()).isFalse();
        Statement everything = boundary.document().statements().get(0);
        assertThat(everything.sid()).isEqualTo("Everything");
        assertThat(everything.effect()).isEqualTo(Effect.ALLOW);
        assertThat(everything.notAction()).isTrue();
        assertThat(everything.actions()).containsExactly("iam:*");
        assertThat(everything.notResource()).isTrue();
        assertThat(everything.resources()).containsExactly("arn:aws:s3:::payroll", "arn:aws:s3:::payroll/*");
        assertThat(everything.conditions()).containsExactly(
                Map.entry("StringEquals", Map.of("aws:RequestedRegion", List.of("eu-west-1", "eu-central-1"))),
                Map.entry("Bool", Map.of("aws:SecureTransport", List.of("true"))));
        assertThat(s.warnings()).containsExactly("policy arn:aws:iam::aws:policy/ReadOnlyAccess is attached to user alice"
                + " but not in Policies: what it grants is unknown");
    }

    @Test
    void acceptsIsoAndPythonStyleDates() {
        IamSnapshot s = IamSnapshot.parse(CLI_EXPORT, "cli.json", null);

        assertThat(s.users().get(0).createDate()).isEqualTo(Instant.parse("2023-03-09T10:41:45Z"));
        assertThat(s.groups().get(0).createDate()).isEqualTo(Instant.parse("2021-01-02T03:04:05Z"));
        assertThat(s.roles().get(0).createDate()).isEqualTo(Instant.parse("2022-06-30T10:00:00.123Z"));
        assertThat(s.policies().get(0).updateDate()).isEqualTo(Instant.parse("2020-01-29T23:23:12Z"));
        assertThat(s.takenAt()).isEmpty();
    }

    @Test
    void acceptsPolicyDocumentsAsUrlEncodedStringsAsTheRawApiReturnsThem() {
        IamSnapshot s = IamSnapshot.parse("""
                {"RoleDetailList": [{"RoleName": "reader", "Arn": "arn:aws:iam::111122223333:role/reader",
                  "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A444455556666%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Condition%22%3A%7B%22Bool%22%3A%7B%22aws%3AMultiFactorAuthPresent%22%3A%22true%22%7D%7D%7D%5D%7D",
                  "RolePolicyList": [{"PolicyName": "read", "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Sid%22%3A%22Read%22%2C%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22s3%3AGetObject%22%2C%22s3%3AListBucket%22%5D%2C%22Resource%22%3A%5B%22arn%3Aaws%3As3%3A%3A%3Areports%22%2C%22arn%3Aaws%3As3%3A%3A%3Areports%2F%2A%22%5D%7D%5D%7D"}],
                  "AttachedManagedPolicies": []}]}
                """, "api.json", null);

        IamRole reader = s.roles().get(0);
        Statement read = reader.inlinePolicies().get(0).document().statements().get(0);
        assertThat(read.sid()).isEqualTo("Read");
        assertThat(read.actions()).containsExactly("s3:GetObject", "s3:ListBucket");
        assertThat(read.resources()).containsExactly("arn:aws:s3:::reports", "arn:aws:s3:::reports/*");
        Statement trust = reader.trustPolicy().statements().get(0);
        assertThat(trust.principals()).isEqualTo(Map.of("AWS", List.of("arn:aws:iam::444455556666:root")));
        assertThat(trust.conditional()).isTrue();
    }

    @Test
    void acceptsSingleValuesWhereListsAreUsualAndAStatementWithoutSid() {
        PolicyDocument doc = PolicyDocument.parse("""
                {"Statement": {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::logs"}}
                """, "test document");

        assertThat(doc.version()).isNull();
        assertThat(doc.statements()).singleElement().satisfies(st -> {
            assertThat(st.label()).isEqualTo("#0");
            assertThat(st.effect()).isEqualTo(Effect.DENY);
            assertThat(st.actions()).containsExactly("s3:DeleteBucket");
            assertThat(st.resources()).containsExactly("arn:aws:s3:::logs");
            assertThat(st.everyResource()).isFalse();
            assertThat(st.conditional()).isFalse();
        });
    }

    @Test
    void takesTheAccountOfMostArnsAndWarnsWhenSeveralAppear() {
        IamSnapshot s = IamSnapshot.parse("""
                {"UserDetailList": [
                  {"UserName": "a", "Arn": "arn:aws:iam::111122223333:user/a"},
                  {"UserName": "b", "Arn": "arn:aws:iam::111122223333:user/b"},
                  {"UserName": "c", "Arn": "arn:aws:iam::999988887777:user/c"}]}
                """, "mixed.json", null);

        assertThat(s.accountId()).isEqualTo("111122223333");
        assertThat(s.warnings()).singleElement().asString().contains("999988887777");
        assertThat(s.principalArns()).hasSize(3);
    }

    @Test
    void namesTheFileAndThePositionOfInvalidJson() {
        InvalidSnapshotException e = catchThrowableOfType(InvalidSnapshotException.class,
                () -> IamSnapshot.parse("{\"UserDetailList\": [\n{\"UserName\": }]}", "broken.json", null));

        assertThat(e.source()).isEqualTo("broken.json");
        assertThat(e.problems()).singleElement().asString().startsWith("not valid JSON at line 2, column");
        assertThat(e.getMessage()).startsWith("broken.json: 1 problem");
        assertThat(e.getMessage()).doesNotContain("com.fasterxml");
    }

    @Test
    void listsEveryMalformedEntryNamingThePrincipalOrPolicyAndWhatIsWrong() {
        InvalidSnapshotException e = catchThrowableOfType(InvalidSnapshotException.class, () -> IamSnapshot.parse("""
                {"UserDetailList": [
                   {"UserName": "noarn", "CreateDate": "yesterday"},
                   {"UserName": "bob", "Arn": "arn:aws:iam::111122223333:user/bob",
                    "UserPolicyList": [{"PolicyName": "odd", "PolicyDocument": {"Statement": [
                      {"Sid": "Both", "Effect": "Permit", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"},
                      {"Effect": "Allow", "Action": ["s3:GetObject", 7]}]}}]}],
                 "RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r",
                    "RolePolicyList": [{"PolicyName": "enc", "PolicyDocument": "%7Bnot json"}]}],
                 "Policies": [{"PolicyName": "P", "Arn": "arn:aws:iam::111122223333:policy/P", "DefaultVersionId": "v3",
                    "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": false, "Document": {}}]}]}
                """, "bad.json", null));

        assertThat(e.problems()).containsExactly(
                "user noarn: no Arn",
                "user noarn: CreateDate \"yesterday\" is not a date",
                "user bob, inline policy odd, statement Both: Effect must be Allow or Deny, was \"Permit\"",
                "user bob, inline policy odd, statement Both: has both Action and NotAction",
                "user bob, inline policy odd, statement #1: Action must hold strings, found 7",
                "user bob, inline policy odd, statement #1: has neither Resource nor NotResource",
                "role r, inline policy enc: the policy document is not valid JSON (Unexpected character ('n' (code 110)):"
                        + " was expecting double-quote to start field name)",
                "policy P: no default version in PolicyVersionList (DefaultVersionId v3)");
        assertThat(e.getMessage()).startsWith("bad.json: 8 problems");
    }

    @Test
    void rejectsJsonThatIsNotAnAuthorizationDetailsExport() {
        assertThatThrownBy(() -> IamSnapshot.parse("{\"Records\": []}", "cloudtrail.json", null))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageContaining("cloudtrail.json")
                .hasMessageContaining("not the output of aws iam get-account-authorization-details");
        assertThatThrownBy(() -> IamSnapshot.parse("[]", "array.json", null))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("one JSON object");
    }

    @Test
    void namesAFileThatCannotBeRead(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.json");

        assertThatThrownBy(() -> IamSnapshot.read(missing))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("cannot read the file");
    }

    @Test
    void readsAFileAndCallsItByItsPath(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("account.json"), CLI_EXPORT);

        IamSnapshot s = IamSnapshot.read(file);
        assertThat(s.source()).isEqualTo(file.toString());
        assertThat(s.principalArns()).containsExactly("arn:aws:iam::111122223333:user/staff/alice",
                "arn:aws:iam::111122223333:role/service/etl");
    }
}
