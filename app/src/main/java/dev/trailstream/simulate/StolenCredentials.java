package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static dev.trailstream.simulate.Calls.*;

/**
 * An application's long-term access key, leaked, used at night from a hosting provider abroad with a Kali
 * client: who am I, what is there, and tries at secrets and IAM the key does not allow.
 */
final class StolenCredentials implements Scenario {
    @Override
    public String id() {
        return "stolen-credentials";
    }

    @Override
    public List<String> mitre() {
        return List.of("T1078.004", "T1552.001", "T1580");
    }

    @Override
    public double hourUtc() {
        return 2.5;
    }

    @Override
    public Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r) {
        Persona victim = org.nth(Archetype.KEY_USER, 0);
        String ip = Clients.attackerIp(r);
        AttackBuilder b = new AttackBuilder(victim, start, r).from(ip, Clients.ATTACKER_AGENTS.get(0));
        b.call(STS_GET_CALLER_IDENTITY, 0);
        b.call(S3_LIST_BUCKETS, 5);
        for (int i = 0; i < 3; i++) {
            b.call(S3_GET_BUCKET_ACL, 2);
        }
        b.call(EC2_DESCRIBE_INSTANCES, 10);
        b.call(EC2_DESCRIBE_REGIONS, 3, Errors::denied);
        b.call(IAM_LIST_USERS, 8, Errors::denied);
        b.call(SM_LIST_SECRETS, 8, Errors::denied);
        b.call(SSM_DESCRIBE_PARAMETERS, 8, Errors::denied);
        b.call(S3_GET_OBJECT, 30);
        b.call(S3_GET_OBJECT, 3);
        return b.done(this, "Access key " + victim.accessKeyId() + " of " + victim.name()
                + " used from " + ip + " (new address, new network) with a Kali Linux AWS CLI: discovery and data "
                + "access, with denied attempts at IAM, Secrets Manager and Parameter Store.");
    }
}
