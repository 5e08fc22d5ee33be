package dev.trailstream.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Access-denied troubleshooting: one test per kind of answer, on hand-written snapshots, and the lab export. */
class DeniedAccessTest {
    private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
    private static final String ROLE = "arn:aws:iam::111122223333:role/worker";
    private static final Instant T = Instant.parse("2024-08-02T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();
    private static final Path FOLDER = Path.of("..", "..", "shared", "data", "cloudsplaining-authz-details");

    /** A snapshot with one user, alice, whose inline policies are the given documents (named p0, p1...). */
    private static IamSnapshot alice(String... documents) {
        StringBuilder inline = new StringBuilder();
        for (int i = 0; i < documents.length; i++) {
            inline.append(i == 0 ? "" : ",").append("{\"PolicyName\": \"p").append(i).append("\", \"PolicyDocument\": ")
                    .append(documents[i]).append('}');
        }
        return IamSnapshot.parse("""
                {"UserDetailList": [{"UserName": "alice", "UserId": "AIDAALICE", "Path": "/",
                  "Arn": "%s", "GroupList": [], "AttachedManagedPolicies": [
                    {"PolicyName": "AmazonS3ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}],
                  "UserPolicyList": [%s]}],
                 "GroupDetailList": [], "RoleDetailList": [], "Policies": [
                   {"PolicyName": "AmazonS3ReadOnlyAccess", "Arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                    "DefaultVersionId": "v1", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
                      "Document": {"Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"],
                        "Resource": "*"}]}}]}]}
                """.formatted(ALICE, inline), "alice.json", null);
    }

    /** A role whose inline policy allows all of S3 and EC2, under a boundary made of the given statements. */
    private static IamSnapshot bounded(String boundaryStatements) {
        return IamSnapshot.parse("""
                {"RoleDetailList": [{"RoleName": "worker", "Arn": "%s",
                   "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow",
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

    private static UsedAccess.DeniedAction denied(String action, long count, String resource) {
        return new UsedAccess.DeniedAction(action, T, T.plusSeconds(count), count, resource);
    }

    private static DeniedAccess.Explanation only(IamSnapshot snapshot, String arn, UsedAccess.DeniedAction d) {
        List<DeniedAccess.Explanation> all = DeniedAccess.explain(snapshot, EVALUATOR.granted(snapshot, arn), arn,
                List.of(d));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void suggestsTheMinimalStatementAndTheOwnStatementToExtendForAnImplicitDeny() throws IOException {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Sid": "Reports", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                  "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}]}
                """);

        DeniedAccess.Explanation e = only(snapshot, ALICE, denied("s3:PutObject", 3, null));

        assertThat(e.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(e.explanation()).startsWith("no policy allows s3:PutObject: extend inline p0 Reports");
        // The AWS managed policy covers more of S3 but cannot be edited: not the one to extend.
        assertThat(e.extend()).isEqualTo("inline p0 Reports");
        JsonNode statement = JSON.readTree(e.suggestedStatement());
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Action").asText()).isEqualTo("s3:PutObject");
        assertThat(statement.path("Resource").asText()).isEqualTo("*");
        assertThat(e.catalogued()).isTrue();
    }

    @Test
    void namesTheDeniedResourceAndTheStatementScopedToOtherResources() throws IOException {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Sid": "Uploads", "Effect": "Allow", "Action": "s3:PutObject",
                  "Resource": "arn:aws:s3:::uploads/*"}]}
                """);

        DeniedAccess.Explanation e = only(snapshot, ALICE, denied("s3:PutObject", 1, "arn:aws:s3:::reports/q3.csv"));

        assertThat(e.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(e.decision().resource()).isEqualTo("arn:aws:s3:::reports/q3.csv");
        assertThat(e.explanation()).startsWith("no policy allows s3:PutObject on arn:aws:s3:::reports/q3.csv")
                .contains("inline p0 Uploads allows it on other resources");
        assertThat(e.extend()).isEqualTo("inline p0 Uploads");
        assertThat(JSON.readTree(e.suggestedStatement()).path("Resource").asText())
                .isEqualTo("arn:aws:s3:::reports/q3.csv");
    }

    @Test
    void suggestsOnlyANewStatementWhenNoOwnStatementCoversTheService() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}
                """);

        DeniedAccess.Explanation e = only(snapshot, ALICE, denied("iam:CreateUser", 2, null));

        assertThat(e.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(e.extend()).isNull();
        assertThat(e.explanation()).isEqualTo("no policy allows iam:CreateUser: add "
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:CreateUser\",\"Resource\":\"*\"}");
    }

    @Test
    void namesTheDenyStatementResponsibleForAnExplicitDenyAndSuggestsNoAllow() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
                """, """
                {"Statement": [{"Sid": "KeepBuckets", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}
                """);

        DeniedAccess.Explanation e = only(snapshot, ALICE, denied("s3:DeleteBucket", 1, null));

        assertThat(e.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(e.explanation()).startsWith("explicitly denied by inline p1 KeepBuckets");
        assertThat(e.suggestedStatement()).isNull();
        assertThat(e.extend()).isNull();
    }

    @Test
    void namesTheBoundaryThatDeniesOrDoesNotAllow() {
        IamSnapshot snapshot = bounded("""
                {"Sid": "S3Only", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                {"Sid": "NoBucketDeletion", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
                """);

        DeniedAccess.Explanation outside = only(snapshot, ROLE, denied("ec2:RunInstances", 1, null));
        DeniedAccess.Explanation denyInBoundary = only(snapshot, ROLE, denied("s3:DeleteBucket", 1, null));

        assertThat(outside.outcome()).isEqualTo(Outcome.BOUNDARY_DENY);
        assertThat(outside.explanation()).contains("the permissions boundary arn:aws:iam::111122223333:policy/Boundary "
                + "does not").contains("to the boundary");
        assertThat(outside.suggestedStatement()).contains("\"ec2:RunInstances\"");
        assertThat(denyInBoundary.outcome()).isEqualTo(Outcome.BOUNDARY_DENY);
        assertThat(denyInBoundary.explanation()).contains(
                "boundary arn:aws:iam::111122223333:policy/Boundary NoBucketDeletion");
        assertThat(denyInBoundary.suggestedStatement()).isNull();
    }

    @Test
    void saysTheBoundaryMustAlsoAllowWhatNoIdentityPolicyAllows() {
        IamSnapshot snapshot = bounded("""
                {"Sid": "S3Only", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}
                """);

        DeniedAccess.Explanation e = only(snapshot, ROLE, denied("sqs:SendMessage", 1, null));

        assertThat(e.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(e.explanation()).contains("the permissions boundary arn:aws:iam::111122223333:policy/Boundary "
                + "does not allow it either");
    }

    @Test
    void saysWhatTheExportCannotShowWhenTheSnapshotAllowsTheCallNow() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Sid": "Kms", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"},
                  {"Sid": "FromOffice", "Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*",
                   "Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}]}
                """);

        DeniedAccess.Explanation allowed = only(snapshot, ALICE, denied("kms:Decrypt", 4, null));
        DeniedAccess.Explanation conditional = only(snapshot, ALICE, denied("ec2:StartInstances", 1, null));

        assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(allowed.explanation()).startsWith("the snapshot allows kms:Decrypt now (inline p0 Kms)")
                .contains("service control policy, resource policy, session policy or an unmet condition")
                .endsWith("or the grant is newer than the call");
        assertThat(allowed.suggestedStatement()).isNull();
        assertThat(conditional.outcome()).isEqualTo(Outcome.CONDITIONAL);
        assertThat(conditional.explanation()).contains("only under conditions (inline p0 FromOffice)");
    }

    @Test
    void saysAnUncataloguedActionIsNotInTheCatalogue() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}
                """);

        DeniedAccess.Explanation e = only(snapshot, ALICE, denied("madeup:DoThings", 1, null));

        assertThat(e.catalogued()).isFalse();
        assertThat(e.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(e.explanation()).startsWith("madeup:DoThings is not in the action catalogue");
        assertThat(e.suggestedStatement()).isNull();
    }

    @Test
    void listsTheMostFrequentlyDeniedFirstAndAgreesWithTheEvaluator() {
        IamSnapshot snapshot = alice("""
                {"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}
                """);
        List<UsedAccess.DeniedAction> denied = List.of(denied("iam:ListUsers", 2, null),
                denied("kms:Decrypt", 9, null), denied("ec2:DescribeRegions", 2, null));

        List<DeniedAccess.Explanation> all = DeniedAccess.explain(snapshot, EVALUATOR.granted(snapshot, ALICE), ALICE,
                denied);

        assertThat(all).extracting(DeniedAccess.Explanation::action)
                .containsExactly("kms:Decrypt", "ec2:DescribeRegions", "iam:ListUsers");
        assertThat(all).allSatisfy(e -> assertThat(e.outcome())
                .isEqualTo(EVALUATOR.explain(snapshot, ALICE, e.action(), e.resource()).outcome()));
        assertThat(all.get(0).count()).isEqualTo(9);
        assertThat(all.get(0).lastDenied()).isEqualTo(T.plusSeconds(9));
    }

    @Test
    void explainsEveryPrincipalOfTheLabExportForASampleOfActions() {
        assumeTrue(Files.isDirectory(FOLDER), "no " + FOLDER.toAbsolutePath());
        IamSnapshot lab = IamSnapshot.read(FOLDER.resolve("examples/files/example.json"));
        List<IamAction> catalogue = new ArrayList<>();
        ActionCatalogue.get().services().forEach(s -> catalogue.addAll(ActionCatalogue.get().actionsOf(s)));
        SplittableRandom random = new SplittableRandom(20261205);
        List<UsedAccess.DeniedAction> sample = new ArrayList<>();
        for (String fixed : List.of("s3:PutObject", "iam:CreateUser", "iam:PassRole", "ec2:RunInstances",
                "kms:Decrypt")) {
            sample.add(denied(fixed, 1, null));
        }
        sample.add(denied("s3:GetObject", 1, "arn:aws:s3:::some-bucket/key"));
        sample.add(denied("madeup:DoThings", 1, null));
        for (int i = 0; i < 40; i++) {
            sample.add(denied(catalogue.get(random.nextInt(catalogue.size())).action(), 1, null));
        }
        int[] byOutcome = new int[Outcome.values().length];
        int withExtend = 0;
        long start = System.nanoTime();
        for (String arn : lab.principalArns()) {
            List<DeniedAccess.Explanation> all = DeniedAccess.explain(lab, EVALUATOR.granted(lab, arn), arn, sample);
            assertThat(all).hasSize(sample.size());
            for (DeniedAccess.Explanation e : all) {
                assertThat(e.explanation()).isNotBlank();
                assertThat(e.outcome()).isEqualTo(EVALUATOR.explain(lab, arn, e.action(), e.resource()).outcome());
                assertThat(e.suggestedStatement() != null).as(e.action() + " of " + arn)
                        .isEqualTo(e.catalogued() && (e.outcome() == Outcome.IMPLICIT_DENY
                                || e.outcome() == Outcome.BOUNDARY_DENY && e.decision().responsible().isEmpty()));
                byOutcome[e.outcome().ordinal()]++;
                withExtend += e.extend() != null ? 1 : 0;
            }
        }
        long nanos = System.nanoTime() - start;
        assertThat(byOutcome[Outcome.IMPLICIT_DENY.ordinal()]).isPositive();
        assertThat(byOutcome[Outcome.ALLOWED.ordinal()]).isPositive();
        System.out.printf("lab export: %d principals x %d denied actions explained in %.1f ms; by outcome %s;"
                        + " %d with a statement to extend%n", lab.principalArns().size(), sample.size(),
                nanos / 1e6, java.util.Arrays.toString(byOutcome), withExtend);
    }
}
