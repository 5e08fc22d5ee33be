package dev.trailstream.access;

import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per rule of AWS's policy evaluation logic that {@link PolicyEvaluator} implements, on hand-written
 * snapshots.
 */
class PolicyEvaluatorTest {
    private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
    private static final String ROLE = "arn:aws:iam::111122223333:role/worker";
    private static final ActionCatalogue CATALOGUE = ActionCatalogue.get();
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    /** A snapshot with one user, alice, whose inline policies are the given documents (named p0, p1...). */
    private static IamSnapshot alice(String... documents) {
        StringBuilder inline = new StringBuilder();
        for (int i = 0; i < documents.length; i++) {
            inline.append(i == 0 ? "" : ",").append("{\"PolicyName\": \"p").append(i).append("\", \"PolicyDocument\": ")
                    .append(documents[i]).append('}');
        }
        return IamSnapshot.parse("""
                {"UserDetailList": [{"UserName": "alice", "UserId": "AIDAALICE", "Path": "/",
                  "Arn": "%s", "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": [%s]}],
                 "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
                """.formatted(ALICE, inline), "alice.json", null);
    }

    private static final String READ_OBJECTS = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
            """;

    private Granted granted(IamSnapshot snapshot) {
        return evaluator.granted(snapshot, ALICE);
    }

    private static int countOf(String service) {
        return CATALOGUE.actionsOf(service).size();
    }

    @Test
    void deniesImplicitlyWhatNoStatementAllows() {
        IamSnapshot snapshot = alice(READ_OBJECTS);

        assertThat(granted(snapshot).access("iam:CreateUser")).isEmpty();
        assertThat(granted(snapshot).count()).isEqualTo(1);
        Decision d = evaluator.explain(snapshot, ALICE, "iam:CreateUser", null);
        assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(d.responsible()).isEmpty();
    }

    @Test
    void grantsWhatAnExplicitAllowNamesAndSaysWhichStatement() {
        IamSnapshot snapshot = alice(READ_OBJECTS);

        ActionGrant grant = granted(snapshot).grant("s3:GetObject").orElseThrow();
        assertThat(grant.access()).isEqualTo(Access.ALLOWED);
        assertThat(grant.everyResource()).isTrue();
        assertThat(grant.resources()).containsExactly("*");
        assertThat(grant.grantedBy()).extracting(StatementRef::label).containsExactly("inline p0 ReadObjects");
        Decision d = evaluator.explain(snapshot, ALICE, "s3:GetObject", "arn:aws:s3:::reports/q3.csv");
        assertThat(d.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(d.responsible()).extracting(StatementRef::label).containsExactly("inline p0 ReadObjects");
    }

    @Test
    void removesAnActionThatAnUnconditionalDenyOnEveryResourceNamesEvenWhenAnotherPolicyAllowsIt() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
                """, """
                {"Statement": [{"Sid": "KeepBuckets", "Effect": "Deny", "Action": ["s3:DeleteBucket"], "Resource": "*"}]}
                """);

        Granted g = granted(snapshot);
        assertThat(g.access("s3:DeleteBucket")).isEmpty();
        assertThat(g.access("s3:PutObject")).contains(Access.ALLOWED);
        assertThat(g.count()).isEqualTo(countOf("s3") - 1);
        Decision d = evaluator.explain(snapshot, ALICE, "s3:DeleteBucket", "arn:aws:s3:::reports");
        assertThat(d.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(d.responsible()).extracting(StatementRef::label).containsExactly("inline p1 KeepBuckets");
    }

    @Test
    void keepsAnActionAsConditionalWhenTheDenyHasAConditionInsteadOfRemovingIt() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*"},
                  {"Sid": "NeedMfa", "Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*",
                   "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": false}}}]}
                """);

        ActionGrant grant = granted(snapshot).grant("ec2:TerminateInstances").orElseThrow();
        assertThat(grant.access()).isEqualTo(Access.CONDITIONAL);
        assertThat(grant.everyResource()).isFalse();
        assertThat(grant.limitedBy()).extracting(StatementRef::label).containsExactly("inline p0 NeedMfa");
        assertThat(grant.limitedBy().get(0).statement().conditions())
                .containsEntry("BoolIfExists", java.util.Map.of("aws:MultiFactorAuthPresent", List.of("false")));
        Decision d = evaluator.explain(snapshot, ALICE, "ec2:TerminateInstances", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1");
        assertThat(d.outcome()).isEqualTo(Outcome.CONDITIONAL);
        assertThat(d.mayDeny()).extracting(StatementRef::label).containsExactly("inline p0 NeedMfa");
    }

    @Test
    void keepsAnActionAsConditionalWhenTheDenyNamesSomeResourcesAndExplainDecidesPerResource() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "*"},
                  {"Sid": "KeepLogs", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::logs/*"}]}
                """);

        assertThat(granted(snapshot).access("s3:DeleteObject")).contains(Access.CONDITIONAL);
        assertThat(evaluator.explain(snapshot, ALICE, "s3:DeleteObject", "arn:aws:s3:::logs/2026/12/05.gz").outcome())
                .isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(evaluator.explain(snapshot, ALICE, "s3:DeleteObject", "arn:aws:s3:::scratch/tmp.txt").outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(evaluator.explain(snapshot, ALICE, "s3:DeleteObject", null).outcome())
                .isEqualTo(Outcome.CONDITIONAL);
    }

    @Test
    void grantsOnlyUnderConditionsWhenEveryAllowingStatementHasOne() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Sid": "FromOffice", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
                  "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}},
                  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
                """);

        Granted g = granted(snapshot);
        assertThat(g.access("s3:PutObject")).contains(Access.CONDITIONAL);
        assertThat(g.access("s3:GetObject")).contains(Access.ALLOWED);
        assertThat(g.conditionalCount()).isEqualTo(1);
        assertThat(evaluator.explain(snapshot, ALICE, "s3:PutObject", "arn:aws:s3:::a/b").outcome())
                .isEqualTo(Outcome.CONDITIONAL);
    }

    @Test
    void grantsEveryCataloguedActionButTheNamedOnesForAnAllowWithNotAction() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]}
                """);

        Granted g = granted(snapshot);
        assertThat(g.count()).isEqualTo(CATALOGUE.size() - countOf("iam") - countOf("organizations"));
        assertThat(g.access("iam:CreateUser")).isEmpty();
        assertThat(g.access("sts:AssumeRole")).contains(Access.ALLOWED);
        assertThat(g.adminEquivalent()).isFalse();
        assertThat(evaluator.explain(snapshot, ALICE, "organizations:LeaveOrganization", null).outcome())
                .isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void deniesEveryActionButTheNamedOnesForADenyWithNotAction() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                  {"Sid": "OnlyS3", "Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}]}
                """);

        Granted g = granted(snapshot);
        assertThat(g.count()).isEqualTo(countOf("s3"));
        assertThat(g.actions()).extracting(IamAction::service).containsOnly("s3");
        Decision d = evaluator.explain(snapshot, ALICE, "ec2:RunInstances", "*");
        assertThat(d.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(d.responsible()).extracting(StatementRef::label).containsExactly("inline p0 OnlyS3");
    }

    @Test
    void expandsStarQuestionMarkAndServiceWildcardsAgainstTheCatalogue() {
        Granted getters = granted(alice("""
                {"Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}
                """));
        assertThat(getters.access("s3:GetObject")).isPresent();
        assertThat(getters.access("s3:GetBucketPolicy")).isPresent();
        assertThat(getters.access("s3:PutObject")).isEmpty();
        assertThat(getters.actions()).allSatisfy(a -> assertThat(a.name()).startsWith("Get"));

        Granted oneCharacter = granted(alice("""
                {"Statement": [{"Effect": "Allow", "Action": ["s3:?etObject", "s3:Put?bject"], "Resource": "*"}]}
                """));
        // One character exactly, and the whole name: not s3:GetObjectAcl.
        assertThat(oneCharacter.actions()).extracting(IamAction::action).containsExactly("s3:GetObject", "s3:PutObject");

        assertThat(granted(alice("""
                {"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}
                """)).count()).isEqualTo(countOf("iam"));
        Granted everything = granted(alice("""
                {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
                """));
        assertThat(everything.count()).isEqualTo(CATALOGUE.size());
        assertThat(everything.adminEquivalent()).isTrue();
    }

    @Test
    void matchesActionsIgnoringCase() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "Action": ["S3:getobject", "EC2:describe*"], "Resource": "*"}]}
                """);

        Granted g = granted(snapshot);
        assertThat(g.access("s3:GetObject")).contains(Access.ALLOWED);
        assertThat(g.access("ec2:DescribeInstances")).contains(Access.ALLOWED);
        assertThat(g.grant("S3:GETOBJECT").orElseThrow().action().action()).isEqualTo("s3:GetObject");
        assertThat(evaluator.explain(snapshot, ALICE, "s3:GETOBJECT", null).outcome()).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void givesAUserItsInlineAndAttachedPoliciesAndThoseOfEveryGroup() {
        IamSnapshot snapshot = IamSnapshot.parse("""
                {"UserDetailList": [{"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice",
                   "GroupList": ["dev", "ops"],
                   "UserPolicyList": [{"PolicyName": "own", "PolicyDocument": {"Statement":
                     {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}}}],
                   "AttachedManagedPolicies": [{"PolicyName": "Lambda", "PolicyArn": "arn:aws:iam::111122223333:policy/Lambda"}]}],
                 "GroupDetailList": [
                   {"GroupName": "dev", "Arn": "arn:aws:iam::111122223333:group/dev",
                    "GroupPolicyList": [{"PolicyName": "dev-logs", "PolicyDocument": {"Statement":
                      {"Effect": "Allow", "Action": "logs:GetLogEvents", "Resource": "*"}}}],
                    "AttachedManagedPolicies": []},
                   {"GroupName": "ops", "Arn": "arn:aws:iam::111122223333:group/ops", "GroupPolicyList": [],
                    "AttachedManagedPolicies": [{"PolicyName": "Ec2Read", "PolicyArn": "arn:aws:iam::111122223333:policy/Ec2Read"}]}],
                 "RoleDetailList": [],
                 "Policies": [
                   {"PolicyName": "Lambda", "Arn": "arn:aws:iam::111122223333:policy/Lambda", "DefaultVersionId": "v1",
                    "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": {"Statement":
                      {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}}}]},
                   {"PolicyName": "Ec2Read", "Arn": "arn:aws:iam::111122223333:policy/Ec2Read", "DefaultVersionId": "v1",
                    "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": {"Statement":
                      [{"Sid": "Describe", "Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}]}}]}]}
                """, "groups.json", null);

        Granted g = granted(snapshot);
        assertThat(g.actions()).extracting(IamAction::action).containsExactly("ec2:DescribeInstances",
                "lambda:InvokeFunction", "logs:GetLogEvents", "s3:ListAllMyBuckets");
        assertThat(g.grant("ec2:DescribeInstances").orElseThrow().grantedBy()).extracting(StatementRef::label)
                .containsExactly("arn:aws:iam::111122223333:policy/Ec2Read via group ops Describe");
        assertThat(g.grant("logs:GetLogEvents").orElseThrow().grantedBy()).extracting(StatementRef::label)
                .containsExactly("inline dev-logs via group dev #0");
        assertThat(g.grant("lambda:InvokeFunction").orElseThrow().grantedBy().get(0).policy().kind())
                .isEqualTo(PolicyKind.MANAGED);
    }

    @Test
    void usesTheDefaultVersionOfAManagedPolicyAndIgnoresTheOthers() {
        IamSnapshot snapshot = IamSnapshot.parse("""
                {"RoleDetailList": [{"RoleName": "worker", "Arn": "%s", "RolePolicyList": [],
                   "AttachedManagedPolicies": [{"PolicyName": "Work", "PolicyArn": "arn:aws:iam::111122223333:policy/Work"}]}],
                 "Policies": [{"PolicyName": "Work", "Arn": "arn:aws:iam::111122223333:policy/Work", "DefaultVersionId": "v2",
                   "PolicyVersionList": [
                     {"VersionId": "v1", "IsDefaultVersion": false, "Document": {"Statement":
                       {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}}},
                     {"VersionId": "v2", "IsDefaultVersion": true, "Document": {"Statement":
                       {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}}}]}]}
                """.formatted(ROLE), "versions.json", null);

        Granted g = evaluator.granted(snapshot, ROLE);
        assertThat(g.actions()).extracting(IamAction::action).containsExactly("sqs:SendMessage");
        assertThat(g.access("iam:CreateUser")).isEmpty();
    }

    private static IamSnapshot bounded(String boundaryStatements) {
        return IamSnapshot.parse("""
                {"RoleDetailList": [{"RoleName": "worker", "Arn": "%s",
                   "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                     "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                   "RolePolicyList": [{"PolicyName": "work", "PolicyDocument": {"Statement": [
                     {"Sid": "S3AndEc2", "Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]}}],
                   "AttachedManagedPolicies": [],
                   "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
                     "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/Boundary"}}],
                 "Policies": [{"PolicyName": "Boundary", "Arn": "arn:aws:iam::111122223333:policy/Boundary",
                   "DefaultVersionId": "v1", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
                     "Document": {"Statement": [%s]}}]}]}
                """.formatted(ROLE, boundaryStatements), "boundary.json", null);
    }

    @Test
    void intersectsTheIdentityPoliciesWithThePermissionsBoundary() {
        IamSnapshot snapshot = bounded("""
                {"Sid": "S3AndSqsOnly", "Effect": "Allow", "Action": ["s3:*", "sqs:*"], "Resource": "*"}
                """);

        Granted g = evaluator.granted(snapshot, ROLE);
        assertThat(g.boundary()).isEqualTo("arn:aws:iam::111122223333:policy/Boundary");
        assertThat(g.count()).isEqualTo(countOf("s3"));
        assertThat(g.access("sqs:SendMessage")).as("the boundary alone grants nothing").isEmpty();
        assertThat(g.grant("s3:GetObject").orElseThrow().limitedBy()).extracting(StatementRef::label)
                .containsExactly("boundary arn:aws:iam::111122223333:policy/Boundary S3AndSqsOnly");
        Decision blocked = evaluator.explain(snapshot, ROLE, "ec2:RunInstances", null);
        assertThat(blocked.outcome()).isEqualTo(Outcome.BOUNDARY_DENY);
        assertThat(blocked.boundary()).isEqualTo("arn:aws:iam::111122223333:policy/Boundary");
        Decision allowed = evaluator.explain(snapshot, ROLE, "s3:GetObject", "arn:aws:s3:::data/x");
        assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(allowed.responsible()).extracting(StatementRef::label).containsExactly("inline work S3AndEc2",
                "boundary arn:aws:iam::111122223333:policy/Boundary S3AndSqsOnly");
        assertThat(evaluator.explain(snapshot, ROLE, "sqs:SendMessage", null).outcome())
                .isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void deniesWhatADenyInThePermissionsBoundaryNames() {
        IamSnapshot snapshot = bounded("""
                {"Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Sid": "NoBucketDeletion", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
                """);

        Granted g = evaluator.granted(snapshot, ROLE);
        assertThat(g.access("s3:DeleteBucket")).isEmpty();
        assertThat(g.count()).isEqualTo(countOf("s3") + countOf("ec2") - 1);
        Decision d = evaluator.explain(snapshot, ROLE, "s3:DeleteBucket", "arn:aws:s3:::data");
        assertThat(d.outcome()).isEqualTo(Outcome.BOUNDARY_DENY);
        assertThat(d.responsible()).extracting(StatementRef::label)
                .containsExactly("boundary arn:aws:iam::111122223333:policy/Boundary NoBucketDeletion");
    }

    @Test
    void limitsNothingWhenThePrincipalHasNoBoundary() {
        IamSnapshot unbounded = IamSnapshot.parse("""
                {"RoleDetailList": [{"RoleName": "worker", "Arn": "%s",
                   "RolePolicyList": [{"PolicyName": "work", "PolicyDocument": {"Statement": [
                     {"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]}}],
                   "AttachedManagedPolicies": [], "PermissionsBoundary": {}}]}
                """.formatted(ROLE), "unbounded.json", null);

        Granted g = evaluator.granted(unbounded, ROLE);
        assertThat(g.boundary()).isNull();
        assertThat(g.count()).isEqualTo(countOf("s3") + countOf("ec2"));
        assertThat(g.grant("ec2:RunInstances").orElseThrow().limitedBy()).isEmpty();
        assertThat(evaluator.granted(bounded("""
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
                """), ROLE).count()).as("the same role with a boundary").isEqualTo(1);
    }

    @Test
    void grantsARoleNothingThroughItsTrustPolicy() {
        IamSnapshot snapshot = bounded("{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}");

        assertThat(evaluator.granted(snapshot, ROLE).access("sts:AssumeRole")).isEmpty();
        assertThat(snapshot.role(ROLE).orElseThrow().trustPolicy().statements().get(0).principals())
                .containsEntry("Service", List.of("lambda.amazonaws.com"));
    }

    @Test
    void keepsTheResourceScopingOfTheAllowingStatementsForAdvice() {
        IamSnapshot snapshot = alice("""
                {"Statement": [
                  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::reports/*", "arn:aws:s3:::data/*"]},
                  {"Effect": "Allow", "Action": "s3:PutObject", "NotResource": "arn:aws:s3:::audit/*"},
                  {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/${aws:username}-*"}]}
                """);

        Granted g = granted(snapshot);
        ActionGrant get = g.grant("s3:GetObject").orElseThrow();
        assertThat(get.access()).isEqualTo(Access.ALLOWED);
        assertThat(get.everyResource()).isFalse();
        assertThat(get.resources()).containsExactly("arn:aws:s3:::data/*", "arn:aws:s3:::reports/*");
        ActionGrant put = g.grant("s3:PutObject").orElseThrow();
        assertThat(put.everyResource()).as("a NotResource allow counts as scoped").isFalse();
        assertThat(put.notResources()).containsExactly("arn:aws:s3:::audit/*");
        assertThat(g.onEveryResource("iam:PassRole")).isFalse();

        assertThat(evaluator.explain(snapshot, ALICE, "s3:GetObject", "arn:aws:s3:::reports/q3.csv").outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(evaluator.explain(snapshot, ALICE, "s3:GetObject", "arn:aws:s3:::secrets/key").outcome())
                .isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(evaluator.explain(snapshot, ALICE, "s3:PutObject", "arn:aws:s3:::audit/log").outcome())
                .isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(evaluator.explain(snapshot, ALICE, "s3:PutObject", "arn:aws:s3:::scratch/x").outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(evaluator.explain(snapshot, ALICE, "iam:PassRole", "arn:aws:iam::111122223333:role/alice-etl")
                .outcome()).as("a policy variable depends on the request").isEqualTo(Outcome.CONDITIONAL);
    }

    @Test
    void reportsActionPatternsThatMatchNothingInTheCatalogue() {
        Granted g = granted(alice("""
                {"Statement": [{"Sid": "Typo", "Effect": "Allow", "Action": ["s3:GetObjects", "s3:GetObject"], "Resource": "*"},
                  {"Effect": "Deny", "Action": "s3:DeleteObjekt", "Resource": "*"}]}
                """));

        assertThat(g.unmatchedPatterns()).extracting(UnmatchedPattern::pattern)
                .containsExactly("s3:GetObjects", "s3:DeleteObjekt");
        assertThat(g.unmatchedPatterns().get(0).statement().label()).isEqualTo("inline p0 Typo");
        assertThat(g.count()).isEqualTo(1);
    }

    @Test
    void isNotAdminEquivalentWhenTheAllowOnEverythingHasACondition() {
        Granted g = granted(alice("""
                {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
                  "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
                """));

        assertThat(g.count()).isEqualTo(CATALOGUE.size());
        assertThat(g.conditionalCount()).isEqualTo(CATALOGUE.size());
        assertThat(g.adminEquivalent()).isFalse();
    }

    @Test
    void reportsAnAttachedPolicyTheExportLacksInsteadOfGuessingWhatItGrants() {
        IamSnapshot snapshot = IamSnapshot.parse("""
                {"UserDetailList": [{"UserName": "alice", "Arn": "%s", "GroupList": ["ghosts"],
                   "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess",
                     "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}]}
                """.formatted(ALICE), "partial.json", null);

        Granted g = granted(snapshot);
        assertThat(g.count()).isZero();
        assertThat(g.unresolved()).containsExactly(
                "managed policy arn:aws:iam::aws:policy/AdministratorAccess is not in the export: what it grants is unknown",
                "group ghosts is not in the export");
    }

    @Test
    void keepsAnActionAsConditionalWhenTheBoundaryAllowsItOnlyUnderConditions() {
        IamSnapshot snapshot = bounded("""
                {"Sid": "EuOnly", "Effect": "Allow", "Action": "*", "Resource": "*",
                 "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}
                """);

        Granted g = evaluator.granted(snapshot, ROLE);
        assertThat(g.count()).isEqualTo(countOf("s3") + countOf("ec2"));
        assertThat(g.conditionalCount()).isEqualTo(g.count());
        assertThat(g.onEveryResource("s3:GetObject")).isFalse();
        assertThat(evaluator.explain(snapshot, ROLE, "s3:GetObject", "arn:aws:s3:::data/x").outcome())
                .isEqualTo(Outcome.CONDITIONAL);
    }

    @Test
    void treatsABoundaryTheExportLacksAsNoBoundaryAndSaysSo() {
        IamSnapshot snapshot = IamSnapshot.parse("""
                {"RoleDetailList": [{"RoleName": "worker", "Arn": "%s",
                   "RolePolicyList": [{"PolicyName": "work", "PolicyDocument": {"Statement":
                     {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}],
                   "PermissionsBoundary": {"PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/Gone"}}]}
                """.formatted(ROLE), "gone.json", null);

        Granted g = evaluator.granted(snapshot, ROLE);
        assertThat(g.count()).isEqualTo(countOf("s3"));
        assertThat(g.boundary()).isEqualTo("arn:aws:iam::111122223333:policy/Gone");
        assertThat(g.unresolved()).singleElement().asString().contains("evaluated as no boundary");
        assertThat(evaluator.explain(snapshot, ROLE, "s3:GetObject").outcome()).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void explainsAnActionTheCatalogueDoesNotKnowByMatchingItsPatterns() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Sid": "AllS3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
                """);

        Decision d = evaluator.explain(snapshot, ALICE, "s3:PutObjectTomorrow", null);
        assertThat(d.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(d.responsible()).extracting(StatementRef::label).containsExactly("inline p0 AllS3");
        assertThat(granted(snapshot).access("s3:PutObjectTomorrow")).as("granted lists catalogued actions").isEmpty();
        assertThat(evaluator.explain(snapshot, ALICE, "s3x:GetObject", null).outcome())
                .as("the service prefix is matched exactly").isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void keepsAnActionAsConditionalWhenTheDenyUsesNotResource() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                  {"Sid": "OnlyPublic", "Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::public/*"}]}
                """);

        assertThat(granted(snapshot).access("s3:GetObject")).contains(Access.CONDITIONAL);
        assertThat(evaluator.explain(snapshot, ALICE, "s3:GetObject", "arn:aws:s3:::public/logo.png").outcome())
                .isEqualTo(Outcome.ALLOWED);
        Decision d = evaluator.explain(snapshot, ALICE, "s3:GetObject", "arn:aws:s3:::private/keys");
        assertThat(d.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(d.responsible()).extracting(StatementRef::label).containsExactly("inline p0 OnlyPublic");
    }

    @Test
    void refusesAPrincipalTheSnapshotDoesNotHold() {
        assertThatThrownBy(() -> evaluator.granted(alice(READ_OBJECTS), "arn:aws:iam::111122223333:user/bob"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user/bob").hasMessageContaining("alice.json");
    }
}
