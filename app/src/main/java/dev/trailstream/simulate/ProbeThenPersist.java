package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static dev.trailstream.simulate.AttackBuilder.json;
import static dev.trailstream.simulate.AttackBuilder.params;
import static dev.trailstream.simulate.Calls.IAM_CREATE_ACCESS_KEY;
import static dev.trailstream.simulate.Calls.IAM_CREATE_LOGIN_PROFILE;
import static dev.trailstream.simulate.Calls.IAM_GET_ACCOUNT_AUTHORIZATION_DETAILS;
import static dev.trailstream.simulate.Calls.IAM_LIST_ATTACHED_ROLE_POLICIES;
import static dev.trailstream.simulate.Calls.IAM_LIST_POLICIES;
import static dev.trailstream.simulate.Calls.IAM_LIST_ROLES;
import static dev.trailstream.simulate.Calls.IAM_LIST_USERS;
import static dev.trailstream.simulate.Calls.ORG_DESCRIBE_ORGANIZATION;
import static dev.trailstream.simulate.Calls.ORG_LIST_ACCOUNTS;
import static dev.trailstream.simulate.Calls.STS_GET_CALLER_IDENTITY;

/**
 * A developer's key, stolen, in the hands of someone who first finds out what it may do — a burst of IAM and
 * Organizations reads, most of them denied — and a quarter of an hour later makes the access last: a new access key
 * and a console password for another IAM user, which the developer's team-admin rights allow. Each step alone is a
 * medium finding at most; together, within the hour, they are the chain an intruder leaves.
 */
final class ProbeThenPersist implements Scenario {
    private static final List<Call> PROBES = List.of(IAM_LIST_USERS, IAM_LIST_ROLES, IAM_LIST_POLICIES,
            IAM_GET_ACCOUNT_AUTHORIZATION_DETAILS, IAM_LIST_ATTACHED_ROLE_POLICIES, ORG_DESCRIBE_ORGANIZATION,
            ORG_LIST_ACCOUNTS);

    @Override
    public String id() {
        return "probe-then-persist";
    }

    @Override
    public List<String> mitre() {
        return List.of("T1087.004", "T1098.001");
    }

    @Override
    public double hourUtc() {
        return 21;
    }

    @Override
    public Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r) {
        Persona victim = org.nth(Archetype.CLI_USER, 1);
        Persona other = org.personas().stream().filter(p -> p.archetype().iamUser() && p != victim
                && p.account() == victim.account()).findFirst().orElse(org.nth(Archetype.CONSOLE_USER, 0));
        AttackBuilder b = new AttackBuilder(victim, start, r).from(Clients.attackerIp(r), Clients.ATTACKER_AGENTS.get(1));
        b.call(STS_GET_CALLER_IDENTITY, 0);
        for (int round = 0; round < 2; round++) {
            for (Call probe : PROBES) {
                b.call(probe, 1, 6, Errors::denied);
            }
        }
        b.call(IAM_CREATE_ACCESS_KEY, 600, params(json().put("userName", other.name())));
        b.call(IAM_CREATE_LOGIN_PROFILE, 40, params(json().put("userName", other.name())
                .put("passwordResetRequired", false)));
        return b.done(this, "The key of " + victim.name() + " is probed from a new address (" + 2 * PROBES.size()
                + " IAM and Organizations reads, denied), then creates an access key and a console password for "
                + other.name() + " about ten minutes later.");
    }
}
