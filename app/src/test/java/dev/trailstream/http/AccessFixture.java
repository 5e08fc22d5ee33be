package dev.trailstream.http;

import dev.trailstream.access.Granted;
import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.Observability;
import dev.trailstream.access.PolicyEvaluator;
import dev.trailstream.access.UsedAccess;
import dev.trailstream.iam.AccessReports;
import dev.trailstream.normalize.IamAction;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A review of two small hand-written accounts, made the way the access review makes one (the project's snapshot
 * parser, {@link PolicyEvaluator}, {@link LeastPrivilegeReport#of}), without Kafka:
 * <ul>
 *   <li>{@value #DEV}: user alice (a group's managed policy: s3 reads and writes on one bucket, {@code ec2:Describe*},
 *       {@code iam:*}, {@code dynamodb:*} on one table) used two of them and an action nothing grants; user bob
 *       ({@code cloudwatch:*}) and role idle ({@code sns:*}) used nothing; role deployer (path {@code /service/}:
 *       lambda and {@code iam:PassRole} on {@code *}) updated a function;</li>
 *   <li>{@value #PROD}: role admin (AdministratorAccess) listed buckets.</li>
 * </ul>
 * Every history covers the whole 90-day lookback, so every confidence is high.
 */
public final class AccessFixture {
    public static final String DEV = "111122223333";
    public static final String PROD = "444455556666";
    public static final String ALICE = "arn:aws:iam::" + DEV + ":user/alice";
    public static final String BOB = "arn:aws:iam::" + DEV + ":user/bob";
    public static final String DEPLOYER = "arn:aws:iam::" + DEV + ":role/service/deployer";
    public static final String IDLE = "arn:aws:iam::" + DEV + ":role/idle";
    public static final String ADMIN = "arn:aws:iam::" + PROD + ":role/admin";
    public static final Instant NEWEST = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant HISTORY_START = NEWEST.minus(Duration.ofDays(120));
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();

    /** What each principal used: alice's {@code sqs:SendMessage} is granted by nothing in her snapshot. */
    public static final Map<String, List<String>> USED = Map.of(
            ALICE, List.of("s3:GetObject", "ec2:DescribeInstances", "sqs:SendMessage"),
            DEPLOYER, List.of("lambda:UpdateFunctionCode"),
            ADMIN, List.of("s3:ListAllMyBuckets"));

    private AccessFixture() {
    }

    static final String DEV_EXPORT = """
            {"UserDetailList": [
              {"UserName": "alice", "UserId": "AIDAALICE0000000001", "Path": "/", "Arn": "%1$s",
               "CreateDate": "2024-02-01T09:00:00Z", "GroupList": ["developers"], "AttachedManagedPolicies": [],
               "UserPolicyList": []},
              {"UserName": "bob", "UserId": "AIDABOB000000000002", "Path": "/", "Arn": "%2$s",
               "CreateDate": "2024-02-01T09:00:00Z", "GroupList": [], "AttachedManagedPolicies": [],
               "UserPolicyList": [{"PolicyName": "metrics", "PolicyDocument": {"Version": "2012-10-17",
                 "Statement": {"Effect": "Allow", "Action": "cloudwatch:*", "Resource": "*"}}}]}],
             "GroupDetailList": [
              {"GroupName": "developers", "GroupId": "AGPADEVELOPERS00001", "Path": "/",
               "Arn": "arn:aws:iam::%5$s:group/developers", "GroupPolicyList": [],
               "AttachedManagedPolicies": [{"PolicyName": "DeveloperAccess",
                 "PolicyArn": "arn:aws:iam::%5$s:policy/DeveloperAccess"}]}],
             "RoleDetailList": [
              {"RoleName": "deployer", "RoleId": "AROADEPLOYER0000001", "Path": "/service/", "Arn": "%3$s",
               "CreateDate": "2023-05-01T00:00:00Z", "AttachedManagedPolicies": [],
               "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                 "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
               "RolePolicyList": [{"PolicyName": "deploy", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                 {"Sid": "Functions", "Effect": "Allow", "Action": ["lambda:UpdateFunctionCode",
                   "lambda:GetFunction", "lambda:DeleteFunction"], "Resource": "*"},
                 {"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}}]},
              {"RoleName": "idle", "RoleId": "AROAIDLE00000000001", "Path": "/", "Arn": "%4$s",
               "CreateDate": "2023-05-01T00:00:00Z", "AttachedManagedPolicies": [],
               "RolePolicyList": [{"PolicyName": "notify", "PolicyDocument": {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Action": "sns:*", "Resource": "*"}]}}]}],
             "Policies": [
              {"PolicyName": "DeveloperAccess", "PolicyId": "ANPADEVELOPER000001", "Path": "/",
               "Arn": "arn:aws:iam::%5$s:policy/DeveloperAccess", "DefaultVersionId": "v2",
               "PolicyVersionList": [{"VersionId": "v2", "IsDefaultVersion": true, "Document": {
                 "Version": "2012-10-17", "Statement": [
                   {"Sid": "AppBucket", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject",
                     "s3:DeleteObject"], "Resource": "arn:aws:s3:::app-bucket/*"},
                   {"Sid": "Look", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
                   {"Sid": "Identity", "Effect": "Allow", "Action": "iam:*", "Resource": "*"},
                   {"Sid": "Table", "Effect": "Allow", "Action": "dynamodb:*",
                     "Resource": "arn:aws:dynamodb:eu-west-1:%5$s:table/orders"}]}}]}]}
            """.formatted(ALICE, BOB, DEPLOYER, IDLE, DEV);

    static final String PROD_EXPORT = """
            {"UserDetailList": [], "GroupDetailList": [],
             "RoleDetailList": [
              {"RoleName": "admin", "RoleId": "AROAADMIN0000000001", "Path": "/", "Arn": "%s",
               "CreateDate": "2022-01-01T00:00:00Z", "RolePolicyList": [],
               "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess",
                 "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}],
             "Policies": [
              {"PolicyName": "AdministratorAccess", "PolicyId": "ANPAADMINISTRATOR01", "Path": "/",
               "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "DefaultVersionId": "v1",
               "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": {
                 "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}]}
            """.formatted(ADMIN);

    /** The review of both accounts, reviewed at {@code reviewedAt}. */
    public static AccessReports reports(Instant reviewedAt) {
        Map<String, IamSnapshot> snapshots = new LinkedHashMap<>();
        snapshots.put(DEV, IamSnapshot.parse(DEV_EXPORT, "dev.json", NEWEST.minus(Duration.ofHours(3))));
        snapshots.put(PROD, IamSnapshot.parse(PROD_EXPORT, "prod.json", NEWEST.minus(Duration.ofHours(2))));
        Map<String, AccessReports.Entry> entries = new LinkedHashMap<>();
        Observability observability = Observability.bundled();
        snapshots.forEach((account, snapshot) -> {
            for (String arn : snapshot.principalArns()) {
                Granted granted = EVALUATOR.granted(snapshot, arn);
                UsedAccess used = used(arn);
                entries.put(arn, new AccessReports.Entry(account, LeastPrivilegeReport.of(snapshot, granted, used,
                        null, observability), granted, used, used.actions().isEmpty() ? 0 : 1));
            }
        });
        return new AccessReports(reviewedAt, NEWEST, snapshots, entries);
    }

    private static UsedAccess used(String arn) {
        List<String> names = USED.getOrDefault(arn, List.of());
        if (names.isEmpty()) {
            return UsedAccess.nothingSeen(arn, HISTORY_START, NEWEST);
        }
        Instant first = NEWEST.minus(Duration.ofDays(30));
        Instant last = NEWEST.minus(Duration.ofDays(2));
        List<UsedAccess.UsedAction> actions = names.stream()
                .map(n -> new UsedAccess.UsedAction(n, first, last, 12)).toList();
        return new UsedAccess(arn, actions, List.of(), null, first, last, HISTORY_START, NEWEST);
    }

    /** The granted actions the principal used, lower case: what its rightsized policy must grant, alone. */
    public static Set<String> usedAndGranted(AccessReports reports, String arn) {
        Set<String> granted = lower(reports.entries().get(arn).granted());
        Set<String> expected = new TreeSet<>();
        USED.getOrDefault(arn, List.of()).forEach(a -> expected.add(a.toLowerCase(Locale.ROOT)));
        expected.retainAll(granted);
        return expected;
    }

    /** What a policy grants as a user's only policy, lower case, evaluated by the project's evaluator. */
    public static Set<String> grantedAlone(String policy, String account) {
        String arn = "arn:aws:iam::" + account + ":user/rightsized";
        IamSnapshot alone = IamSnapshot.parse("""
                {"UserDetailList": [{"UserName": "rightsized", "UserId": "AIDARIGHTSIZED00001", "Path": "/",
                  "Arn": "%s", "GroupList": [], "AttachedManagedPolicies": [],
                  "UserPolicyList": [{"PolicyName": "rightsized", "PolicyDocument": %s}]}],
                 "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
                """.formatted(arn, policy), "rightsized.json", null);
        return lower(EVALUATOR.granted(alone, arn));
    }

    private static Set<String> lower(Granted granted) {
        Set<String> actions = new TreeSet<>();
        for (IamAction a : granted.actions()) {
            actions.add(a.action().toLowerCase(Locale.ROOT));
        }
        return actions;
    }
}
