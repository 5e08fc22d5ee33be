package dev.trailstream.simulate;

import java.time.Instant;
import java.util.SplittableRandom;

/** Activity over one day, per 5-minute slot, for each kind of principal. 0 is idle, 1 is a normal busy slot. */
final class Shapes {
    private Shapes() {
    }

    static double[] of(Persona p, Instant midnight, boolean weekend, SplittableRandom r) {
        double[] shape = new double[Traffic.SLOTS_PER_DAY];
        switch (p.archetype()) {
            case CONSOLE_USER, CLI_USER, SSO_USER, FEDERATED_USER -> office(shape, p.tzOffset(), weekend, r);
            case CI_ROLE -> deploys(shape, p.tzOffset(), weekend, r);
            case APP_ROLE -> diurnal(shape, 0.6, 0.8, 15, weekend ? 0.75 : 1.0);
            case LAMBDA_ROLE -> {
                diurnal(shape, 0.5, 0.5, 14, weekend ? 0.8 : 1.0);
                int nightly = 24 + r.nextInt(12);
                shape[nightly] += 3;
                shape[nightly + 1] += 2;
            }
            case EC2_ROLE, KEY_USER, SERVICE -> java.util.Arrays.fill(shape, 1.0);
            case UNUSED_USER, UNUSED_ROLE, ROOT -> {
            }
        }
        return shape;
    }

    /** Office hours in the person's time zone with a lunch dip; an occasional day off; rare weekend work. */
    private static void office(double[] shape, int tz, boolean weekend, SplittableRandom r) {
        if (weekend) {
            if (r.nextDouble() < 0.12) {
                fillLocal(shape, tz, 10 + r.nextDouble() * 9, 1 + r.nextDouble(), 0.7);
            }
            return;
        }
        if (r.nextDouble() < 0.07) {
            return;
        }
        double start = 8.25 + r.nextDouble() * 1.75;
        double end = start + 8 + r.nextDouble() * 1.5;
        fillLocal(shape, tz, start, 12 - start, 1.0);
        fillLocal(shape, tz, 12, 1, 0.35);
        fillLocal(shape, tz, 13, end - 13, 0.9);
    }

    /** Terraform plans all day at a trickle, and 2 to 6 deploys on weekdays, each a quarter-hour burst. */
    private static void deploys(double[] shape, int tz, boolean weekend, SplittableRandom r) {
        java.util.Arrays.fill(shape, 0.03);
        int deploys = weekend ? 0 : 2 + r.nextInt(5);
        for (int i = 0; i < deploys; i++) {
            fillLocal(shape, tz, 9.5 + r.nextDouble() * 8, 0.25, 12);
        }
    }

    /** Customer-driven traffic: a floor, and a daily peak at {@code peakUtc}. */
    private static void diurnal(double[] shape, double floor, double amplitude, double peakUtc, double factor) {
        for (int s = 0; s < shape.length; s++) {
            double h = s / 12.0;
            double d = Math.min(Math.abs(h - peakUtc), 24 - Math.abs(h - peakUtc));
            shape[s] = factor * (floor + amplitude * Math.exp(-d * d / 32));
        }
    }

    private static void fillLocal(double[] shape, int tz, double fromLocalHour, double hours, double level) {
        int from = (int) Math.round((fromLocalHour - tz) * 12);
        int to = (int) Math.round((fromLocalHour + hours - tz) * 12);
        for (int s = from; s < to; s++) {
            shape[Math.floorMod(s, shape.length)] += level;
        }
    }

    /** The first active slot's start, plus a few minutes: when the person signs in to the console. */
    static Instant firstActive(double[] shape, Instant midnight, SplittableRandom r) {
        // Humans west of UTC start the day late in UTC; their shape wraps, so look for the start of a run.
        for (int s = 0; s < shape.length; s++) {
            if (shape[s] > 0 && shape[Math.floorMod(s - 1, shape.length)] == 0) {
                return midnight.plusSeconds(s * 300L + r.nextInt(240));
            }
        }
        return null;
    }
}
