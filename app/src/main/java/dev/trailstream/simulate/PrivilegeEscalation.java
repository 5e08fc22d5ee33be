package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static dev.trailstream.simulate.AttackBuilder.json;
import static dev.trailstream.simulate.AttackBuilder.params;
import static dev.trailstream.simulate.Calls.*;

/**
 * A developer's key with a legacy {@code iam:*} grant escalates: an inline admin policy on itself, the admin managed
 * policy attached to itself, a new default version of a customer policy, and a new Lambda function that runs as the
 * CI role (which needs {@code iam:PassRole}; CloudTrail logs only the CreateFunction).
 */
final class PrivilegeEscalation implements Scenario {
    static final String ADMIN_DOCUMENT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"*\",\"Resource\":\"*\"}]}";

    @Override
    public String id() {
        return "privilege-escalation";
    }

    @Override
    public List<String> mitre() {
        return List.of("T1098.003", "T1548", "T1648");
    }

    @Override
    public double hourUtc() {
        return 14;
    }

    @Override
    public Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r) {
        Persona me = org.nth(Archetype.CLI_USER, 0);
        String account = me.account().id();
        Persona ci = org.personas().stream().filter(p -> p.archetype() == Archetype.CI_ROLE
                && p.account() == me.account()).findFirst().orElse(org.nth(Archetype.CI_ROLE, 0));
        String roleArn = ci.account() == me.account() ? ci.iamArn() : "arn:aws:iam::" + account + ":role/" + ci.name();
        AttackBuilder b = new AttackBuilder(me, start, r).from(me.ips().get(0), Clients.cli(""));
        b.call(STS_GET_CALLER_IDENTITY, 0);
        b.call(IAM_GET_USER, 5, params(json().put("userName", me.name())));
        b.call(IAM_LIST_ATTACHED_USER_POLICIES, 5, params(json().put("userName", me.name())));
        b.call(IAM_PUT_USER_POLICY, 40, params(json().put("userName", me.name()).put("policyName", "tmp-debug")
                .put("policyDocument", ADMIN_DOCUMENT)));
        b.call(IAM_ATTACH_USER_POLICY, 20, params(json().put("userName", me.name())
                .put("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess")));
        String policy = "arn:aws:iam::" + account + ":policy/" + IamExport.developerPolicy(me);
        b.call(IAM_CREATE_POLICY_VERSION, 30, e -> e.withRequest(json().put("policyArn", policy)
                .put("policyDocument", ADMIN_DOCUMENT).put("setAsDefault", true)).withResponse(json()
                .set("policyVersion", json().put("versionId", "v2").put("isDefaultVersion", true)
                        .put("createDate", RecordWriter.time(e.time())))));
        b.call(IAM_LIST_ROLES, 20);
        b.call(LAMBDA_CREATE_FUNCTION, 60, e -> e.withRequest(json().put("functionName", "log-shipper-debug")
                .put("runtime", "python3.12").put("role", roleArn).put("handler", "index.handler")
                .put("publish", true)).withResponse(json().put("functionName", "log-shipper-debug")
                .put("functionArn", "arn:aws:lambda:" + e.region() + ":" + account + ":function:log-shipper-debug")
                .put("role", roleArn)));
        return b.done(this, "IAM user " + me.name() + " grants itself administrator rights (PutUserPolicy, "
                + "AttachUserPolicy AdministratorAccess, CreatePolicyVersion --set-as-default) and creates Lambda "
                + "function log-shipper-debug running as " + ci.name() + " (PassRole).");
    }
}
