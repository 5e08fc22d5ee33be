package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The organisation's everyday traffic, slot by slot. Each principal has an activity shape over the day (office
 * hours in its time zone, round the clock for workloads, bursts for deploys); each day's shapes are scaled so the
 * organisation makes about {@code eventsPerDay × (1.04 on weekdays, 0.90 at weekends)} calls, and each slot draws a
 * Poisson count per principal from its share.
 */
final class Traffic {
    static final int SLOT_SECONDS = 300;
    static final int SLOTS_PER_DAY = 288;
    /** Background denials and throttles, as every real trail has: a resource its policy does not cover, a retry. */
    private static final double DENIED = 0.007;
    private static final double THROTTLED = 0.003;

    private final SimulationSpec spec;
    private final Organisation org;
    private final double[][] zipf;
    private double[][] expected;
    private Instant[] logins;
    private int day = -1;

    Traffic(SimulationSpec spec, Organisation org) {
        this.spec = spec;
        this.org = org;
        zipf = new double[org.personas().size()][];
        for (Persona p : org.personas()) {
            double[] cumulative = new double[p.work().size()];
            double sum = 0;
            for (int j = 0; j < cumulative.length; j++) {
                sum += 1.0 / Math.pow(j + 1, 1.1);
                cumulative[j] = sum;
            }
            zipf[p.index()] = cumulative;
        }
    }

    /** Computes the day's shapes and sign-in times; called once per day, before its slots. */
    void startDay(int dayIndex) {
        day = dayIndex;
        Instant midnight = dayStart(dayIndex);
        boolean weekend = ZonedDateTime.ofInstant(midnight, ZoneOffset.UTC).getDayOfWeek().getValue() >= 6;
        List<Persona> people = org.personas();
        expected = new double[people.size()][SLOTS_PER_DAY];
        logins = new Instant[people.size()];
        double total = 0;
        for (Persona p : people) {
            SplittableRandom r = Seeds.random(spec.seed(), 0x0D, dayIndex, p.index());
            double[] shape = Shapes.of(p, midnight, weekend, r);
            if (p.archetype() == Archetype.CONSOLE_USER) {
                logins[p.index()] = Shapes.firstActive(shape, midnight, r);
            }
            for (int s = 0; s < SLOTS_PER_DAY; s++) {
                expected[p.index()][s] = shape[s] * p.archetype().weight;
                total += expected[p.index()][s];
            }
        }
        double target = spec.eventsPerDay() * (weekend ? 0.90 : 1.04);
        for (double[] row : expected) {
            for (int s = 0; s < SLOTS_PER_DAY; s++) {
                row[s] *= target / total;
            }
        }
    }

    Instant dayStart(int dayIndex) {
        return spec.start().atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofDays(dayIndex));
    }

    /** The persona's mean events per slot today: what "50× its usual rate" multiplies. */
    double meanPerSlot(Persona p) {
        double sum = 0;
        for (double v : expected[p.index()]) {
            sum += v;
        }
        return sum / SLOTS_PER_DAY;
    }

    /** The background events of one account in one slot of the current day, in no particular order. */
    List<Event> slot(Account account, int slot, SplittableRandom r) {
        Instant from = dayStart(day).plusSeconds((long) slot * SLOT_SECONDS);
        List<Event> out = new ArrayList<>();
        for (Persona p : org.personas()) {
            if (p.account() != account || p.work().isEmpty()) {
                continue;
            }
            Instant login = logins[p.index()];
            if (login != null && !login.isBefore(from) && login.isBefore(from.plusSeconds(SLOT_SECONDS))) {
                out.add(consoleLogin(p, login, r, p.mfa()));
            }
            int n = poisson(expected[p.index()][slot], r);
            for (int i = 0; i < n; i++) {
                Instant t = from.plusSeconds(r.nextInt(SLOT_SECONDS));
                out.add(everyday(p, pick(p, r), t, login, r));
            }
        }
        return out;
    }

    /** One ordinary call: its session, and now and then a denial or a throttle. */
    Event everyday(Persona p, Call call, Instant t, Instant login, SplittableRandom r) {
        Event e = EventFactory.call(p, call, t, r);
        if (p.archetype() == Archetype.CONSOLE_USER && e.console()) {
            // Console calls belong to the day's sign-in session.
            e = e.withSession(login != null && login.isBefore(t) ? login : t.minusSeconds(1800), null, true, p.mfa());
        } else if (p.archetype() == Archetype.CI_ROLE) {
            e = e.withSession(e.sessionStart(), p.session() + "-" + (e.sessionStart().getEpochSecond() / 3600 % 100_000),
                    false, false);
        }
        double u = r.nextDouble();
        if (p.archetype() != Archetype.SERVICE && u < DENIED) {
            return Errors.denied(e);
        }
        if (!p.archetype().officeHours() && u < DENIED + THROTTLED) {
            return Errors.throttled(e);
        }
        return e;
    }

    Call pick(Persona p, SplittableRandom r) {
        double[] cumulative = zipf[p.index()];
        double u = r.nextDouble() * cumulative[cumulative.length - 1];
        for (int j = 0; j < cumulative.length; j++) {
            if (u < cumulative[j]) {
                return p.work().get(j);
            }
        }
        return p.work().get(cumulative.length - 1);
    }

    static Event consoleLogin(Persona p, Instant t, SplittableRandom r, boolean mfa) {
        Event e = EventFactory.call(p, Calls.SIGNIN_CONSOLE_LOGIN, t, r);
        ObjectNode extra = EventFactory.object().put("LoginTo", "https://console.aws.amazon.com/console/home?state="
                + "hashArgs%23&isauthcode=true").put("MobileVersion", "No").put("MFAUsed", mfa ? "Yes" : "No");
        if (mfa) {
            extra.put("MFAIdentifier", "arn:aws:iam::" + p.account().id() + ":mfa/" + p.name());
        }
        String browser = p.userAgents().stream().filter(a -> a.startsWith("Mozilla")).findFirst()
                .orElse(Clients.BROWSERS.get(0));
        return e.withResponse(EventFactory.object().put("ConsoleLogin", "Success")).withAdditional(extra)
                .from(e.sourceIp(), browser).withSession(t, null, false, mfa);
    }

    static int poisson(double mean, SplittableRandom r) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = r.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= r.nextDouble();
            n++;
        }
        return n;
    }
}
