package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static dev.trailstream.simulate.Calls.*;

/** A compromised application role runs an IAM enumeration tool: a burst of List and Get calls, mostly denied. */
final class IamEnumeration implements Scenario {
    private static final List<Call> PROBES = List.of(IAM_GET_ACCOUNT_AUTHORIZATION_DETAILS, IAM_LIST_USERS,
            IAM_LIST_ROLES, IAM_LIST_POLICIES, IAM_LIST_GROUPS, IAM_GET_ACCOUNT_SUMMARY, IAM_LIST_ACCOUNT_ALIASES,
            IAM_GET_USER, IAM_LIST_ATTACHED_USER_POLICIES, IAM_LIST_USER_POLICIES, IAM_LIST_GROUPS_FOR_USER,
            IAM_LIST_ACCESS_KEYS, IAM_LIST_M_F_A_DEVICES, IAM_GET_ACCOUNT_PASSWORD_POLICY, IAM_GET_LOGIN_PROFILE,
            IAM_GET_ROLE, IAM_LIST_ATTACHED_ROLE_POLICIES, IAM_LIST_ROLE_POLICIES, IAM_GET_POLICY,
            IAM_GET_POLICY_VERSION, IAM_LIST_INSTANCE_PROFILES_FOR_ROLE, IAM_GET_CREDENTIAL_REPORT,
            ORG_DESCRIBE_ORGANIZATION, ORG_LIST_ACCOUNTS, STS_GET_CALLER_IDENTITY);

    @Override
    public String id() {
        return "iam-enumeration";
    }

    @Override
    public List<String> mitre() {
        return List.of("T1087.004", "T1069.003");
    }

    @Override
    public double hourUtc() {
        return 4;
    }

    @Override
    public Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r) {
        Persona victim = org.nth(Archetype.APP_ROLE, 0);
        AttackBuilder b = new AttackBuilder(victim, start, r)
                .from(victim.ips().get(0), Clients.ATTACKER_AGENTS.get(2));
        for (int round = 0; round < 3; round++) {
            for (Call probe : PROBES) {
                // The app's policy grants no IAM or Organizations reads: nearly all of the burst is denied.
                boolean allowed = probe == STS_GET_CALLER_IDENTITY || (probe == IAM_GET_ROLE && round == 0);
                b.call(probe, 0, 4, allowed ? e -> e : Errors::denied);
            }
        }
        return b.done(this, "Role " + victim.name() + " (application " + victim.detail() + ") enumerates IAM and "
                + "Organizations: " + 3 * PROBES.size() + " List/Get calls in a few minutes, most of them AccessDenied.");
    }
}
