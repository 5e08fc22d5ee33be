package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each account's IAM in the format of {@code aws iam get-account-authorization-details}: deliberately
 * over-privileged, so least-privilege analysis has ground truth. Developers get PowerUserAccess, CI gets
 * AdministratorAccess, workloads get service wildcards and services they never call; unused roles and a dormant
 * user with a key exist. Every principal's grants cover the calls it makes (background denials aside). The policies
 * are those before the attacks: what the attackers change is in the logs, not here.
 */
final class IamExport {
    static final String DORMANT_USER = "svc-legacy-backup";
    static final String CROSS_ACCOUNT_ROLE = "OrganizationAccountAccessRole";
    static final String AWS_POLICY = "arn:aws:iam::aws:policy/";
    private static final String CREATED = "2024-03-11T09:27:45+00:00";

    private IamExport() {
    }

    static String developerPolicy(Persona p) {
        return "developer-tools";
    }

    static void write(Organisation org, Usage usage, Path file, Account account) throws IOException {
        ObjectNode root = EventFactory.object();
        ArrayNode users = root.putArray("UserDetailList");
        ArrayNode groups = root.putArray("GroupDetailList");
        ArrayNode roles = root.putArray("RoleDetailList");
        TreeMap<String, ObjectNode> policies = new TreeMap<>();
        customer(policies, account, developerPolicy(null), statement(List.of("ecr:*", "ecs:*", "lambda:*",
                "logs:*", "ssm:GetParameter*", "secretsmanager:GetSecretValue", "dynamodb:*")));
        ObjectNode devs = groups.addObject().put("Path", "/").put("GroupName", "developers")
                .put("GroupId", Seeds.iamId("AGPA", Seeds.mix(1, account.id()))).put("Arn", "arn:aws:iam::"
                        + account.id() + ":group/developers").put("CreateDate", CREATED);
        devs.putArray("GroupPolicyList");
        ArrayNode devPolicies = devs.putArray("AttachedManagedPolicies");
        attach(devPolicies, policies, "PowerUserAccess", AWS_POLICY + "PowerUserAccess", ManagedPolicies.POWER_USER);
        attach(devPolicies, policies, "IAMReadOnlyAccess", AWS_POLICY + "IAMReadOnlyAccess", ManagedPolicies.IAM_READ);
        attach(devPolicies, policies, developerPolicy(null), arn(account, developerPolicy(null)), null);

        for (Persona p : org.personas()) {
            if (p.account() != account) {
                continue;
            }
            if (p.archetype().iamUser()) {
                user(users, policies, p, account, org.nth(Archetype.CLI_USER, 0));
            } else if (p.archetype().role) {
                role(roles, policies, p, account, usage);
            }
        }
        ObjectNode dormant = users.addObject().put("Path", "/").put("UserName", DORMANT_USER)
                .put("UserId", Seeds.iamId("AIDA", Seeds.mix(2, account.id()))).put("Arn", "arn:aws:iam::"
                        + account.id() + ":user/" + DORMANT_USER).put("CreateDate", "2021-06-02T14:03:11+00:00");
        dormant.putArray("GroupList");
        dormant.putArray("AttachedManagedPolicies");
        inline(dormant.putArray("UserPolicyList"), "backup-everything", statement(List.of("s3:*", "rds:*", "ec2:*")));
        dormant.putArray("Tags");
        ObjectNode cross = roleNode(roles, "/", CROSS_ACCOUNT_ROLE, Seeds.iamId("AROA", Seeds.mix(3, account.id())),
                account, trustAccount(org.accounts().get(0).id()));
        attach(cross.putArray("AttachedManagedPolicies"), policies, "AdministratorAccess",
                AWS_POLICY + "AdministratorAccess", ManagedPolicies.ADMIN);
        cross.putArray("RolePolicyList");
        cross.putObject("RoleLastUsed");
        ArrayNode list = root.putArray("Policies");
        policies.values().forEach(list::add);
        Files.createDirectories(file.getParent());
        TrailFiles.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static void user(ArrayNode users, TreeMap<String, ObjectNode> policies, Persona p, Account account,
                             Persona escalator) {
        String name = p.archetype() == Archetype.FEDERATED_USER ? p.detail() : p.name();
        for (var existing : users) {
            if (existing.path("UserName").asText().equals(name)) {
                return;
            }
        }
        ObjectNode u = users.addObject().put("Path", "/").put("UserName", name)
                .put("UserId", p.archetype() == Archetype.FEDERATED_USER ? Seeds.iamId("AIDA", Seeds.mix(0,
                        account.id() + name)) : p.uniqueId())
                .put("Arn", "arn:aws:iam::" + account.id() + ":user/" + name).put("CreateDate", CREATED);
        ArrayNode groupList = u.putArray("GroupList");
        ArrayNode attached = u.putArray("AttachedManagedPolicies");
        ArrayNode inline = u.putArray("UserPolicyList");
        switch (p.archetype()) {
            case CONSOLE_USER, CLI_USER, UNUSED_USER -> {
                groupList.add("developers");
                if (p == escalator) {
                    // A grant from the early days, never removed: what makes the escalation possible.
                    inline(inline, "legacy-iam-self-service", statement(List.of("iam:*")));
                }
            }
            case KEY_USER -> inline(inline, name + "-access", grants(p, true));
            case FEDERATED_USER -> inline(inline, "federation-broker", statement(List.of("sts:GetFederationToken",
                    "s3:*", "ec2:Describe*", "cloudwatch:*", "athena:*")));
            default -> {
            }
        }
        u.putArray("Tags");
    }

    private static void role(ArrayNode roles, TreeMap<String, ObjectNode> policies, Persona p, Account account,
                             Usage usage) {
        ObjectNode trust = switch (p.archetype()) {
            case SSO_USER -> trustSso(account);
            case CI_ROLE -> trustService("codebuild.amazonaws.com");
            case LAMBDA_ROLE -> trustService("lambda.amazonaws.com");
            case EC2_ROLE, UNUSED_ROLE -> trustService("ec2.amazonaws.com");
            default -> trustService("ecs-tasks.amazonaws.com");
        };
        ObjectNode r = roleNode(roles, p.path(), p.name(), p.uniqueId(), account, trust);
        ArrayNode attached = r.putArray("AttachedManagedPolicies");
        ArrayNode inline = r.putArray("RolePolicyList");
        switch (p.archetype()) {
            case SSO_USER -> {
                String ps = p.detail();
                attach(attached, policies, ps, AWS_POLICY + ps, ManagedPolicies.forPermissionSet(ps));
                inline(inline, "AwsSSOInlinePolicy", statement(List.of("iam:Get*", "iam:List*",
                        "iam:GenerateCredentialReport")));
            }
            case CI_ROLE -> attach(attached, policies, "AdministratorAccess", AWS_POLICY + "AdministratorAccess",
                    ManagedPolicies.ADMIN);
            case LAMBDA_ROLE -> {
                attach(attached, policies, "AWSLambdaBasicExecutionRole", AWS_POLICY
                        + "service-role/AWSLambdaBasicExecutionRole", ManagedPolicies.LAMBDA_BASIC);
                inline(inline, p.detail() + "-access", grants(p, false));
            }
            case EC2_ROLE -> {
                attach(attached, policies, "AmazonSSMManagedInstanceCore", AWS_POLICY
                        + "AmazonSSMManagedInstanceCore", ManagedPolicies.SSM_CORE);
                inline(inline, p.detail() + "-access", grants(p, true));
            }
            case APP_ROLE -> {
                String name = p.detail() + "-policy";
                customer(policies, account, name, grants(p, p.index() % 2 == 0));
                attach(attached, policies, name, arn(account, name), null);
            }
            case UNUSED_ROLE -> inline(inline, "migration", statement(List.of("s3:*", "rds:*", "dms:*")));
            default -> {
            }
        }
        if (p.archetype() == Archetype.EC2_ROLE) {
            String profile = p.detail() + "-profile";
            ObjectNode ip = r.putArray("InstanceProfileList").addObject().put("Path", "/")
                    .put("InstanceProfileName", profile).put("InstanceProfileId", Seeds.iamId("AIPA", p.index()))
                    .put("Arn", "arn:aws:iam::" + account.id() + ":instance-profile/" + profile).put("CreateDate", CREATED);
            ip.putArray("Roles").addObject().put("Path", "/").put("RoleName", p.name()).put("RoleId", p.uniqueId())
                    .put("Arn", p.iamArn()).put("CreateDate", CREATED).set("AssumeRolePolicyDocument", trust);
        }
        Usage.Last last = usage.role(p.iamArn());
        ObjectNode lastUsed = r.putObject("RoleLastUsed");
        if (last != null) {
            lastUsed.put("LastUsedDate", RecordWriter.time(last.time()).replace("Z", "+00:00"))
                    .put("Region", last.region());
        }
    }

    /** What a workload needs, as its team wrote it: some services as wildcards, plus a service it never calls. */
    private static ObjectNode grants(Persona p, boolean wildcards) {
        TreeSet<String> actions = new TreeSet<>();
        for (Call c : p.work()) {
            String action = c.iamAction();
            if (action != null) {
                actions.add(wildcards ? action.substring(0, action.indexOf(':')) + ":*" : action);
            }
        }
        actions.add(p.index() % 3 == 0 ? "sns:*" : p.index() % 3 == 1 ? "dynamodb:*" : "sqs:*");
        return statement(List.copyOf(actions));
    }

    static ObjectNode statement(List<String> actions) {
        ObjectNode doc = EventFactory.object().put("Version", "2012-10-17");
        ObjectNode s = doc.putArray("Statement").addObject().put("Effect", "Allow");
        ArrayNode a = s.putArray("Action");
        actions.forEach(a::add);
        s.put("Resource", "*");
        return doc;
    }

    private static ObjectNode roleNode(ArrayNode roles, String path, String name, String id, Account account,
                                       ObjectNode trust) {
        ObjectNode r = roles.addObject().put("Path", path).put("RoleName", name).put("RoleId", id)
                .put("Arn", "arn:aws:iam::" + account.id() + ":role" + path + name).put("CreateDate", CREATED);
        r.set("AssumeRolePolicyDocument", trust);
        if (!r.has("InstanceProfileList")) {
            r.putArray("InstanceProfileList");
        }
        r.putArray("Tags");
        return r;
    }

    private static ObjectNode trustService(String service) {
        ObjectNode doc = EventFactory.object().put("Version", "2012-10-17");
        doc.putArray("Statement").addObject().put("Effect", "Allow").put("Action", "sts:AssumeRole")
                .putObject("Principal").put("Service", service);
        return doc;
    }

    private static ObjectNode trustAccount(String accountId) {
        ObjectNode doc = EventFactory.object().put("Version", "2012-10-17");
        doc.putArray("Statement").addObject().put("Effect", "Allow").put("Action", "sts:AssumeRole")
                .putObject("Principal").put("AWS", "arn:aws:iam::" + accountId + ":root");
        return doc;
    }

    private static ObjectNode trustSso(Account account) {
        ObjectNode doc = EventFactory.object().put("Version", "2012-10-17");
        ObjectNode s = doc.putArray("Statement").addObject().put("Effect", "Allow");
        s.putObject("Principal").put("Federated", "arn:aws:iam::" + account.id()
                + ":saml-provider/AWSSSO_" + Seeds.hex(Seeds.random(4, account.id().hashCode()), 16) + "_DO_NOT_DELETE");
        s.putArray("Action").add("sts:AssumeRoleWithSAML").add("sts:TagSession");
        s.putObject("Condition").putObject("StringEquals").put("SAML:aud", "https://signin.aws.amazon.com/saml");
        return doc;
    }

    private static void inline(ArrayNode list, String name, ObjectNode document) {
        list.addObject().put("PolicyName", name).set("PolicyDocument", document);
    }

    private static String arn(Account account, String name) {
        return "arn:aws:iam::" + account.id() + ":policy/" + name;
    }

    private static void customer(TreeMap<String, ObjectNode> policies, Account account, String name, ObjectNode doc) {
        policies.put(arn(account, name), policy(name, arn(account, name), "/", doc, 0));
    }

    /** Attaches a managed policy and makes sure the export's {@code Policies} lists it with its document. */
    private static void attach(ArrayNode attached, TreeMap<String, ObjectNode> policies, String name, String arn,
                               ObjectNode document) {
        attached.addObject().put("PolicyName", name).put("PolicyArn", arn);
        ObjectNode policy = policies.computeIfAbsent(arn, a -> policy(name, a,
                a.contains("service-role/") ? "/service-role/" : "/", document, 0));
        policy.put("AttachmentCount", policy.path("AttachmentCount").asInt() + 1);
    }

    private static ObjectNode policy(String name, String arn, String path, ObjectNode document, int attachments) {
        ObjectNode p = EventFactory.object().put("PolicyName", name)
                .put("PolicyId", Seeds.iamId("ANPA", Seeds.mix(5, arn))).put("Arn", arn).put("Path", path)
                .put("DefaultVersionId", "v1").put("AttachmentCount", attachments).put("PermissionsBoundaryUsageCount", 0)
                .put("IsAttachable", true).put("CreateDate", CREATED).put("UpdateDate", CREATED);
        ObjectNode version = p.putArray("PolicyVersionList").addObject();
        version.set("Document", document);
        version.put("VersionId", "v1").put("IsDefaultVersion", true).put("CreateDate", CREATED);
        return p;
    }

    static Instant created() {
        return Instant.parse(CREATED.replace("+00:00", "Z"));
    }
}
