package dev.trailstream.simulate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Lambda function's role calls 50 times its usual rate for ten minutes (a runaway loop, or stolen session
 * credentials used in bulk): its own calls, from its own address, many of them throttled.
 */
final class ApiRateSpike implements Scenario {
    static final int FACTOR = 50;
    static final int MINUTES = 10;

    @Override
    public String id() {
        return "api-rate-spike";
    }

    @Override
    public List<String> mitre() {
        return List.of("T1496", "T1530");
    }

    @Override
    public double hourUtc() {
        return 11;
    }

    @Override
    public Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r) {
        Persona fn = org.nth(Archetype.LAMBDA_ROLE, 0);
        double usualPerMinute = traffic.meanPerSlot(fn) * 60 / Traffic.SLOT_SECONDS;
        int n = Math.max(20, (int) Math.round(usualPerMinute * FACTOR * MINUTES));
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant t = start.plusSeconds(r.nextInt(MINUTES * 60));
            Event e = traffic.everyday(fn, traffic.pick(fn, r), t, null, r);
            events.add(e.errorCode() == null && r.nextInt(5) == 0 ? Errors.throttled(e) : e);
        }
        return new Attack(id(), fn, events, mitre(), "Role " + fn.name() + " makes " + n + " calls in " + MINUTES
                + " minutes, about " + FACTOR + " times its usual rate; a fifth of them throttled.");
    }
}
