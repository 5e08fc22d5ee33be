package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** Writes an attack as a script: each call a few seconds after the previous one, from the attacker's client. */
final class AttackBuilder {
    private final Persona actor;
    private final SplittableRandom random;
    private final List<Event> events = new ArrayList<>();
    private Instant clock;
    private String ip;
    private String agent;
    private UnaryOperator<Event> session = UnaryOperator.identity();

    AttackBuilder(Persona actor, Instant start, SplittableRandom random) {
        this.actor = actor;
        this.clock = start;
        this.random = random;
    }

    /** Calls come from this address and client instead of the principal's usual ones. */
    AttackBuilder from(String address, String userAgent) {
        this.ip = address;
        this.agent = userAgent;
        return this;
    }

    /** Applies to each event: a console session, a CI run's session name... */
    AttackBuilder session(UnaryOperator<Event> apply) {
        this.session = apply;
        return this;
    }

    /** The call, {@code minGap}–{@code minGap + 20} seconds after the previous one. */
    Event call(Call call, int minGap, UnaryOperator<Event> shape) {
        return call(call, minGap, 20, shape);
    }

    /** The call, {@code minGap}–{@code minGap + jitter} seconds after the previous one (a tool is faster). */
    Event call(Call call, int minGap, int jitter, UnaryOperator<Event> shape) {
        clock = clock.plusSeconds(minGap + random.nextInt(jitter));
        Event e = EventFactory.call(actor, call, clock, random);
        if (ip != null) {
            e = e.from(ip, agent.endsWith("command#") ? agent + EventFactory.cliCommand(call) : agent);
        }
        e = shape.apply(session.apply(e));
        events.add(e);
        return e;
    }

    Event call(Call call, int minGap) {
        return call(call, minGap, UnaryOperator.identity());
    }

    /** Adds an event built elsewhere (a console sign-in). */
    void add(Event e) {
        clock = e.time();
        events.add(e);
    }

    Instant clock() {
        return clock;
    }

    SplittableRandom random() {
        return random;
    }

    Attack done(Scenario scenario, String description) {
        return new Attack(scenario.id(), actor, events, scenario.mitre(), description);
    }

    static UnaryOperator<Event> params(ObjectNode request) {
        return e -> e.withRequest(request);
    }

    static ObjectNode json() {
        return EventFactory.object();
    }
}
