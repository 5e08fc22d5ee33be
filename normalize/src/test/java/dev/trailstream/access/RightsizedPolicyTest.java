package dev.trailstream.access;

import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RightsizedPolicy} on hand-written grants: what it keeps, how it scopes, what it says. */
class RightsizedPolicyTest {
    private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();

    /** A snapshot whose only user, alice, has the given inline policies. */
    static IamSnapshot alice(String... documents) {
        StringBuilder inline = new StringBuilder();
        for (int i = 0; i < documents.length; i++) {
            inline.append(i == 0 ? "" : ",").append("{\"PolicyName\": \"p").append(i)
                    .append("\", \"PolicyDocument\": ").append(documents[i]).append('}');
        }
        return IamSnapshot.parse("""
                {"UserDetailList": [{"UserName": "alice", "UserId": "AIDAALICE", "Path": "/",
                  "Arn": "%s", "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": [%s]}],
                 "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
                """.formatted(ALICE, inline), "alice.json", null);
    }

    /** What the policy grants when it is alice's only policy. */
    static Granted regranted(RightsizedPolicy policy) {
        return EVALUATOR.granted(alice(policy.json()), ALICE);
    }

    private static final String MIXED = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Everything", "Effect": "Allow", "Action": ["ec2:*", "iam:*"], "Resource": "*"},
              {"Sid": "Bucket", "Effect": "Allow", "Action": "s3:*",
               "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]},
              {"Sid": "Tagged", "Effect": "Allow", "Action": "sqs:*", "Resource": "*",
               "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}]}
            """;

    @Test
    void grantsExactlyTheUsedActionsWhenItIsThePrincipalsOnlyPolicy() {
        Granted granted = EVALUATOR.granted(alice(MIXED), ALICE);
        List<String> used = List.of("ec2:DescribeInstances", "EC2:RunInstances", "s3:GetObject", "sqs:SendMessage");

        RightsizedPolicy policy = RightsizedPolicy.of(granted, used);

        assertThat(regranted(policy).actions()).extracting(IamAction::action).containsExactlyInAnyOrder(
                "ec2:DescribeInstances", "ec2:RunInstances", "s3:GetObject", "sqs:SendMessage");
        assertThat(policy.json()).startsWith("{\"Version\":\"2012-10-17\",\"Statement\":[");
        assertThat(policy.collapsed()).isFalse();
        assertThat(policy.fitsLimit()).isTrue();
    }

    @Test
    void groupsActionsByServiceWithASidEach() {
        Granted granted = EVALUATOR.granted(alice(MIXED), ALICE);

        RightsizedPolicy policy = RightsizedPolicy.of(granted, List.of("ec2:RunInstances", "ec2:DescribeInstances",
                "iam:GetUser"));

        assertThat(policy.json()).contains("{\"Sid\":\"Ec2\",\"Effect\":\"Allow\",\"Action\":"
                + "[\"ec2:DescribeInstances\",\"ec2:RunInstances\"],\"Resource\":\"*\"}");
        assertThat(policy.json()).contains("{\"Sid\":\"Iam\",\"Effect\":\"Allow\",\"Action\":[\"iam:GetUser\"],"
                + "\"Resource\":\"*\"}");
    }

    @Test
    void keepsTheResourcesOfAScopedGrant() {
        Granted granted = EVALUATOR.granted(alice(MIXED), ALICE);

        RightsizedPolicy policy = RightsizedPolicy.of(granted, List.of("s3:GetObject"));

        assertThat(policy.json()).contains("\"Resource\":[\"arn:aws:s3:::logs\",\"arn:aws:s3:::logs/*\"]");
        ActionGrant again = regranted(policy).grant("s3:GetObject").orElseThrow();
        assertThat(again.everyResource()).isFalse();
        assertThat(again.resources()).containsExactly("arn:aws:s3:::logs", "arn:aws:s3:::logs/*");
    }

    @Test
    void keepsTheConditionOfAConditionalGrant() {
        Granted granted = EVALUATOR.granted(alice(MIXED), ALICE);

        RightsizedPolicy policy = RightsizedPolicy.of(granted, List.of("sqs:SendMessage"));

        assertThat(policy.json()).contains("\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/team\":[\"blue\"]}}");
        assertThat(regranted(policy).access("sqs:SendMessage")).contains(Access.CONDITIONAL);
    }

    @Test
    void keepsDifferentConditionsInStatementsOfTheirOwnAndSaysSo() {
        String twoConditions = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
                   "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}},
                  {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
                   "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
                """;
        Granted granted = EVALUATOR.granted(alice(twoConditions), ALICE);

        RightsizedPolicy policy = RightsizedPolicy.of(granted, List.of("kms:Decrypt"));

        assertThat(policy.json()).contains("\"Sid\":\"Kms\"").contains("\"Sid\":\"Kms2\"")
                .contains("aws:RequestedRegion").contains("aws:MultiFactorAuthPresent");
        assertThat(policy.notes()).anyMatch(n -> n.startsWith("kms:Decrypt: granted under 2 different conditions"));
    }

    @Test
    void dropsTheConditionWhenAnUnconditionalGrantOnEveryResourceAlsoAllows() {
        String both = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}
                """;
        Granted granted = EVALUATOR.granted(alice(MIXED, both), ALICE);

        RightsizedPolicy policy = RightsizedPolicy.of(granted, List.of("sqs:SendMessage"));

        assertThat(policy.json()).doesNotContain("Condition");
        assertThat(regranted(policy).access("sqs:SendMessage")).contains(Access.ALLOWED);
    }

    @Test
    void listsUsedActionsTheSnapshotDoesNotGrantOutsideThePolicy() {
        Granted granted = EVALUATOR.granted(alice(MIXED), ALICE);

        RightsizedPolicy policy = RightsizedPolicy.of(granted, List.of("ec2:RunInstances", "dynamodb:GetItem",
                "madeup:DoThings"));

        assertThat(policy.usedNotGranted()).containsExactly("dynamodb:GetItem", "madeup:DoThings");
        assertThat(policy.json()).doesNotContain("dynamodb").doesNotContain("madeup");
    }

    @Test
    void notesADenyThatTheRightsizedPolicyDoesNotCarry() {
        String deny = """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "NotProd", "Effect": "Deny", "Action": "ec2:RunInstances",
                   "Resource": "arn:aws:ec2:*:*:instance/prod-*"}]}
                """;
        Granted granted = EVALUATOR.granted(alice(MIXED, deny), ALICE);

        RightsizedPolicy policy = RightsizedPolicy.of(granted, List.of("ec2:RunInstances"));

        assertThat(policy.notes()).anyMatch(n -> n.startsWith("ec2:RunInstances: narrowed") && n.contains("NotProd"));
    }

    @Test
    void diffsPerServiceWithTheRiskiestRemovedActionFirst() {
        Granted granted = EVALUATOR.granted(alice(MIXED), ALICE);

        RightsizedPolicy policy = RightsizedPolicy.of(granted, List.of("iam:GetUser"));

        RightsizedPolicy.ServiceDiff iam = policy.services().stream().filter(d -> d.service().equals("iam"))
                .findFirst().orElseThrow();
        assertThat(iam.kept()).containsExactly("iam:GetUser");
        assertThat(iam.removed()).hasSize(ActionCatalogue.get().actionsOf("iam").size() - 1);
        assertThat(RiskRanking.bundled().risk(iam.removed().get(0))).isEqualTo(Risk.PRIVILEGE_ESCALATION);
        assertThat(RiskRanking.bundled().risk(iam.removed().get(iam.removed().size() - 1))).isEqualTo(Risk.READ);
        assertThat(policy.diffText()).contains("iam: keep 1, remove " + iam.removed().size() + " (riskiest: iam:");
        assertThat(policy.services()).extracting(RightsizedPolicy.ServiceDiff::service)
                .containsExactly("ec2", "iam", "s3", "sqs");
    }

    @Test
    void collapsesToVerbPrefixesAddingNoUnusedRiskyActionWhenOverTheLimit() {
        Granted granted = EVALUATOR.granted(alice(MIXED), ALICE);
        List<String> describes = ActionCatalogue.get().expand("ec2:Describe*").stream().map(IamAction::action)
                .limit(40).toList();
        List<String> used = new java.util.ArrayList<>(describes);
        used.add("ec2:RunInstances");
        used.add("ec2:RebootInstances");

        RightsizedPolicy full = RightsizedPolicy.of(granted, used, ActionCatalogue.get(), RiskRanking.bundled(),
                RightsizedPolicy.MANAGED_POLICY_LIMIT);
        RightsizedPolicy small = RightsizedPolicy.of(granted, used, ActionCatalogue.get(), RiskRanking.bundled(), 500);

        assertThat(full.collapsed()).isFalse();
        assertThat(small.collapsed()).isTrue();
        assertThat(small.size()).isLessThan(full.size());
        // Describe* adds only list and read actions; Run* and Reboot* would add unused writes, so they stay.
        assertThat(small.json()).contains("\"ec2:Describe*\"").contains("\"ec2:RunInstances\"")
                .contains("\"ec2:RebootInstances\"").doesNotContain("ec2:Run*");
        Set<String> regranted = Set.copyOf(regranted(small).actions().stream().map(IamAction::action).toList());
        assertThat(regranted).containsAll(used);
        assertThat(regranted).allMatch(a -> used.contains(a)
                || !RiskRanking.bundled().risk(ActionCatalogue.get().find(a).orElseThrow()).risky());
        assertThat(small.notes()).anyMatch(n -> n.contains("collapsed to service:Verb*"));
    }

    @Test
    void measuresTheSizeWithoutWhitespace() {
        assertThat(RightsizedPolicy.nonWhitespace("{ \"a\" :\n [1, 2] }")).isEqualTo(11);
        assertThat(RightsizedPolicy.verb("DescribeInstances")).isEqualTo("Describe");
        assertThat(RightsizedPolicy.sid("s3-object-lambda")).isEqualTo("S3ObjectLambda");
    }
}
