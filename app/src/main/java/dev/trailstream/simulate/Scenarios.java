package dev.trailstream.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The scenarios, in canonical order, and when a simulation injects them. */
final class Scenarios {
    static final List<Scenario> ALL = List.of(new StolenCredentials(), new IamEnumeration(), new PrivilegeEscalation(),
            new Persistence(), new DefenseEvasion(), new Exfiltration(), new RootUsage(), new ConsoleLoginWithoutMfa(),
            new ApiRateSpike(), new ProbeThenPersist());
    static final List<String> IDS = ALL.stream().map(Scenario::id).toList();
    /** The first day builds the baselines. */
    static final int FIRST_ATTACK_DAY = 1;

    private Scenarios() {
    }

    /** A scenario and when it starts. */
    record Planned(Scenario scenario, Instant start) {
    }

    /**
     * Spreads the chosen scenarios over the days from {@code firstDay} on (by default the second: the first builds
     * the baselines), one or two a day, each at its scenario's hour with seeded jitter. With one day only, they all
     * fall in its second half.
     */
    static List<Planned> schedule(SimulationSpec spec, Traffic traffic, int firstDay) {
        if (spec.days() > 1 && (firstDay < 1 || firstDay >= spec.days())) {
            throw new IllegalArgumentException("attacks from day " + firstDay + " of " + spec.days()
                    + ": must be a day after the first");
        }
        List<Planned> planned = new ArrayList<>();
        int k = 0;
        for (Scenario s : ALL) {
            if (!spec.attacks().contains(s.id())) {
                continue;
            }
            var r = Seeds.random(spec.seed(), 0x0E, k);
            int day = spec.days() == 1 ? 0 : firstDay + k % (spec.days() - firstDay);
            double hour = spec.days() == 1 ? 12 + s.hourUtc() / 2.2 : s.hourUtc();
            long seconds = (long) (hour * 3600) + r.nextInt(1200);
            planned.add(new Planned(s, traffic.dayStart(day).plus(Duration.ofSeconds(seconds))));
            k++;
        }
        planned.sort(java.util.Comparator.comparing(Planned::start));
        return planned;
    }
}
