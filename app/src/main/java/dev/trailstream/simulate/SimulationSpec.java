package dev.trailstream.simulate;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What to simulate. Same spec, same bytes: every random choice derives from {@link #seed()}.
 *
 * @param accounts     AWS accounts in the organisation
 * @param principals   principals of the population, spread over the accounts (each account also has its root user
 *                     and two pieces of IAM furniture that never act)
 * @param days         simulated days, starting at midnight UTC of {@link #start()}
 * @param eventsPerDay the organisation's events per day, give or take the weekly rhythm
 * @param start        the first simulated day
 * @param seed         the seed every random choice derives from
 * @param attacks      the {@link Scenarios} ids to inject, in canonical order
 */
public record SimulationSpec(int accounts, int principals, int days, int eventsPerDay, LocalDate start, long seed,
                             List<String> attacks) {
    public static final int MIN_PRINCIPALS = 10;

    public SimulationSpec {
        Objects.requireNonNull(start, "start");
        attacks = List.copyOf(attacks);
        if (accounts < 1 || accounts > 50) {
            throw new IllegalArgumentException("--accounts " + accounts + ": must be between 1 and 50");
        }
        if (principals < MIN_PRINCIPALS || principals > 5000) {
            throw new IllegalArgumentException("--principals " + principals + ": must be between " + MIN_PRINCIPALS
                    + " (one of each kind the attack scenarios need) and 5000");
        }
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("--days " + days + ": must be between 1 and 366");
        }
        if (eventsPerDay < 100 || eventsPerDay > 50_000_000) {
            throw new IllegalArgumentException("--events-per-day " + eventsPerDay + ": must be between 100 and 50000000");
        }
        for (String id : attacks) {
            if (!Scenarios.IDS.contains(id)) {
                throw new IllegalArgumentException("--attacks: unknown scenario '" + id + "'; use all, none or some of "
                        + String.join(",", Scenarios.IDS));
            }
        }
    }

    /** The defaults of {@code trailstream simulate}, with every scenario. */
    /** The ids of the attack scenarios, in canonical order: what {@code --attacks} accepts. */
    public static List<String> scenarioIds() {
        return Scenarios.IDS;
    }

    public static SimulationSpec defaults() {
        return new SimulationSpec(3, 40, 7, 50_000, LocalDate.parse("2026-11-02"), 1, Scenarios.IDS);
    }

    /** Parses {@code all}, {@code none} or a comma-separated list of scenario ids into canonical order. */
    public static List<String> parseAttacks(String value) {
        String v = value.trim();
        if (v.equals("all")) {
            return Scenarios.IDS;
        }
        if (v.equals("none") || v.isEmpty()) {
            return List.of();
        }
        List<String> asked = List.of(v.split("\\s*,\\s*"));
        for (String id : asked) {
            if (!Scenarios.IDS.contains(id)) {
                throw new IllegalArgumentException("--attacks: unknown scenario '" + id + "'; use all, none or some of "
                        + String.join(",", Scenarios.IDS));
            }
        }
        // Canonical order, so that "a,b" and "b,a" simulate the same thing.
        return Scenarios.IDS.stream().filter(asked::contains).toList();
    }
}
