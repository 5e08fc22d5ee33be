package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static dev.trailstream.simulate.Calls.*;

/**
 * A programmatic user's forgotten console password, phished, used to sign in without MFA from a new address,
 * then a look at instances, buckets and secrets through the console.
 */
final class ConsoleLoginWithoutMfa implements Scenario {
    @Override
    public String id() {
        return "console-login-without-mfa";
    }

    @Override
    public List<String> mitre() {
        return List.of("T1078.004", "T1110");
    }

    @Override
    public double hourUtc() {
        return 9;
    }

    @Override
    public Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r) {
        Persona user = org.nth(Archetype.CLI_USER, 1);
        String ip = Clients.attackerIp(r);
        String browser = Clients.BROWSERS.get(3);
        AttackBuilder b = new AttackBuilder(user, start, r).from(ip, browser)
                .session(e -> e.withSession(start, null, true, false));
        b.add(Traffic.consoleLogin(user, start, r, false).from(ip, browser));
        b.call(EC2_DESCRIBE_INSTANCES, 30);
        b.call(S3_LIST_BUCKETS, 20);
        b.call(SM_LIST_SECRETS, 20);
        b.call(SM_GET_SECRET_VALUE, 15);
        return b.done(this, "IAM user " + user.name() + ", who only ever used an access key, signs in to the console "
                + "without MFA from " + ip + " and reads a secret.");
    }
}
