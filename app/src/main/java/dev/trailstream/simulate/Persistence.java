package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static dev.trailstream.simulate.AttackBuilder.json;
import static dev.trailstream.simulate.AttackBuilder.params;
import static dev.trailstream.simulate.Calls.*;

/**
 * With the CI role's administrator session, an attacker leaves ways back in: an access key and a console password
 * for a dormant user, and a trust policy that lets an external account assume the cross-account admin role.
 */
final class Persistence implements Scenario {
    @Override
    public String id() {
        return "persistence";
    }

    @Override
    public List<String> mitre() {
        return List.of("T1098.001", "T1136.003", "T1098.003");
    }

    @Override
    public double hourUtc() {
        return 22.5;
    }

    @Override
    public Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r) {
        Persona ci = org.nth(Archetype.CI_ROLE, 0);
        String ip = Clients.attackerIp(r);
        String session = ci.session() + "-" + (start.getEpochSecond() / 3600 % 100_000);
        AttackBuilder b = new AttackBuilder(ci, start, r).from(ip, Clients.cli(""))
                .session(e -> e.withSession(e.sessionStart(), session, false, false));
        String user = IamExport.DORMANT_USER;
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + ci.account().id() + ":root\"},\"Action\":\"sts:AssumeRole\"},{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + Organisation.EXTERNAL_ACCOUNT + ":root\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}";
        b.call(IAM_LIST_USERS, 0);
        b.call(IAM_LIST_ACCESS_KEYS, 10, params(json().put("userName", user)));
        b.call(IAM_CREATE_ACCESS_KEY, 15, e -> e.withRequest(json().put("userName", user)).withResponse(json()
                .set("accessKey", json().put("userName", user).put("accessKeyId", Seeds.iamId("AKIA", b.random()
                        .nextLong())).put("status", "Active").put("createDate", RecordWriter.time(e.time())))));
        b.call(IAM_CREATE_LOGIN_PROFILE, 20, e -> e.withRequest(json().put("userName", user)
                .put("passwordResetRequired", false)).withResponse(json().set("loginProfile", json()
                .put("userName", user).put("createDate", RecordWriter.time(e.time()))
                .put("passwordResetRequired", false))));
        b.call(IAM_GET_ROLE, 30, params(json().put("roleName", IamExport.CROSS_ACCOUNT_ROLE)));
        b.call(IAM_UPDATE_ASSUME_ROLE_POLICY, 15, params(json().put("roleName", IamExport.CROSS_ACCOUNT_ROLE)
                .put("policyDocument", trust)));
        return b.done(this, "Role " + ci.name() + " used from " + ip + " to create an access key and a console "
                + "password for dormant user " + user + " and to let account " + Organisation.EXTERNAL_ACCOUNT
                + " assume " + IamExport.CROSS_ACCOUNT_ROLE + ".");
    }
}
