package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The AWS managed policies the organisation attaches, with their documents. Administrator, PowerUser,
 * IAMReadOnly, Lambda basic execution and SSM core are as AWS publishes them (PowerUser without its long
 * account/organizations exceptions); ReadOnlyAccess and SecurityAudit are abridged to Describe/Get/List of the
 * services the organisation uses, since the real ones run to thousands of actions.
 */
final class ManagedPolicies {
    static final ObjectNode ADMIN = IamExport.statement(List.of("*"));
    static final ObjectNode IAM_READ = IamExport.statement(List.of("iam:GenerateCredentialReport",
            "iam:GenerateServiceLastAccessedDetails", "iam:Get*", "iam:List*", "iam:SimulateCustomPolicy",
            "iam:SimulatePrincipalPolicy"));
    static final ObjectNode LAMBDA_BASIC = IamExport.statement(List.of("logs:CreateLogGroup", "logs:CreateLogStream",
            "logs:PutLogEvents"));
    static final ObjectNode SSM_CORE = IamExport.statement(List.of("ssm:DescribeAssociation",
            "ssm:GetDeployablePatchSnapshotForInstance", "ssm:GetDocument", "ssm:DescribeDocument", "ssm:GetManifest",
            "ssm:GetParameter", "ssm:GetParameters", "ssm:ListAssociations", "ssm:ListInstanceAssociations",
            "ssm:PutInventory", "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult",
            "ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus", "ssm:UpdateInstanceInformation",
            "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel", "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage",
            "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"));
    static final ObjectNode POWER_USER = powerUser();
    static final ObjectNode READ_ONLY = readOnly();

    private ManagedPolicies() {
    }

    static ObjectNode forPermissionSet(String name) {
        return switch (name) {
            case "AdministratorAccess" -> ADMIN;
            case "PowerUserAccess" -> POWER_USER;
            default -> READ_ONLY;
        };
    }

    private static ObjectNode powerUser() {
        ObjectNode doc = EventFactory.object().put("Version", "2012-10-17");
        var statements = doc.putArray("Statement");
        ObjectNode all = statements.addObject().put("Effect", "Allow");
        all.putArray("NotAction").add("iam:*").add("organizations:*").add("account:*");
        all.put("Resource", "*");
        ObjectNode iam = statements.addObject().put("Effect", "Allow");
        iam.putArray("Action").add("iam:CreateServiceLinkedRole").add("iam:DeleteServiceLinkedRole")
                .add("iam:ListRoles").add("organizations:DescribeOrganization").add("account:ListRegions");
        iam.put("Resource", "*");
        return doc;
    }

    private static ObjectNode readOnly() {
        TreeSet<String> services = new TreeSet<>();
        for (Call c : Calls.ALL) {
            String action = c.iamAction();
            if (action != null) {
                services.add(action.substring(0, action.indexOf(':')));
            }
        }
        List<String> actions = new ArrayList<>();
        for (String s : services) {
            actions.add(s + ":Describe*");
            actions.add(s + ":Get*");
            actions.add(s + ":List*");
        }
        actions.add("cloudtrail:LookupEvents");
        actions.add("iam:GenerateCredentialReport");
        return IamExport.statement(actions);
    }
}
