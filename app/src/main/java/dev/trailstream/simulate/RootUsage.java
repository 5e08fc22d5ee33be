package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static dev.trailstream.simulate.Calls.*;

/** The management account's root user signs in to the console and looks around IAM and billing. */
final class RootUsage implements Scenario {
    @Override
    public String id() {
        return "root-usage";
    }

    @Override
    public List<String> mitre() {
        return List.of("T1078.004");
    }

    @Override
    public double hourUtc() {
        return 15;
    }

    @Override
    public Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r) {
        Persona root = org.root(org.accounts().get(0));
        String ip = Clients.attackerIp(r);
        AttackBuilder b = new AttackBuilder(root, start, r).from(ip, Clients.BROWSERS.get(2))
                .session(e -> e.withSession(start, null, true, true));
        b.add(Traffic.consoleLogin(root, start, r, true).from(ip, Clients.BROWSERS.get(2)));
        b.call(IAM_GET_ACCOUNT_SUMMARY, 20);
        b.call(IAM_LIST_USERS, 15);
        b.call(IAM_LIST_ACCESS_KEYS, 15);
        b.call(IAM_LIST_M_F_A_DEVICES, 10);
        b.call(CE_GET_COST_AND_USAGE, 40);
        b.call(ORG_LIST_ACCOUNTS, 30);
        return b.done(this, "Root user of account " + root.account().id() + " signs in to the console from " + ip
                + " and lists IAM users, keys, MFA devices, costs and the organisation's accounts.");
    }
}
