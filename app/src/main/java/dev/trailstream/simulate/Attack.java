package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;

/**
 * One injected attack: its events (in time order, all by {@code actor}) and what its label says.
 *
 * @param scenario    the scenario id
 * @param actor       the principal whose identity the attacker uses
 * @param events      the injected events
 * @param mitre       ATT&CK technique ids
 * @param description what happened, for the person reading the label
 */
record Attack(String scenario, Persona actor, List<Event> events, List<String> mitre, String description) {
    Attack {
        events = events.stream().sorted(java.util.Comparator.comparing(Event::time)).toList();
    }

    Instant start() {
        return events.get(0).time();
    }

    Instant end() {
        return events.get(events.size() - 1).time();
    }
}
