package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** An attack the simulator can inject, and label, into the organisation's traffic. */
interface Scenario {
    /** The id of {@code --attacks} and of the label's {@code scenario}. */
    String id();

    /** MITRE ATT&CK technique ids. */
    List<String> mitre();

    /** Hour of day (UTC) the attack starts at, before seeded jitter: attackers keep their own hours. */
    double hourUtc();

    /** The attack's events, all by one principal, starting at {@code start}. */
    Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r);
}
