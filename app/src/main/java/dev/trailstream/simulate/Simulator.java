package dev.trailstream.simulate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The CloudTrail simulator: an organisation's trail for {@link SimulationSpec#days()} days, with labelled attacks,
 * and its IAM as exported at the end.
 *
 * <p>Streams: it generates one 5-minute slot of one account at a time, writes it and forgets it; only running
 * attacks and the current hour's file list for the digests are held besides. Same spec, same bytes.
 */
public final class Simulator {
    private Simulator() {
    }

    /** Writes the simulation below {@code out} (which may exist; files of the same names are replaced). */
    public static SimulationResult run(SimulationSpec spec, Path out) throws IOException {
        return run(spec, out, Scenarios.FIRST_ATTACK_DAY);
    }

    /**
     * The same, with every attack on day {@code firstAttackDay} or later, for measurements of behavioural analytics:
     * they learn each principal for a week first, and an attack inside that week would say nothing about them.
     */
    static SimulationResult run(SimulationSpec spec, Path out, int firstAttackDay) throws IOException {
        Organisation org = new Organisation(spec);
        Traffic traffic = new Traffic(spec, org);
        Usage usage = new Usage();
        TrailFiles files = new TrailFiles(out);
        long events = 0;
        int labels;
        traffic.startDay(0);
        Deque<Scenarios.Planned> pending = new ArrayDeque<>(Scenarios.schedule(spec, traffic, firstAttackDay));
        List<Attack> running = new ArrayList<>();
        try (Labels labelFile = new Labels(out.resolve("labels.jsonl"))) {
            for (int day = 0; day < spec.days(); day++) {
                traffic.startDay(day);
                for (int slot = 0; slot < Traffic.SLOTS_PER_DAY; slot++) {
                    Instant from = traffic.dayStart(day).plusSeconds((long) slot * Traffic.SLOT_SECONDS);
                    Instant to = from.plusSeconds(Traffic.SLOT_SECONDS);
                    while (!pending.isEmpty() && pending.peek().start().isBefore(to)) {
                        Scenarios.Planned p = pending.poll();
                        running.add(p.scenario().plan(org, traffic, p.start(),
                                Seeds.random(spec.seed(), 0x0F, p.start().getEpochSecond())));
                    }
                    for (Account account : org.accounts()) {
                        SplittableRandom r = Seeds.random(spec.seed(), 0x10, day, slot, account.index());
                        List<Event> slotEvents = traffic.slot(account, slot, r);
                        for (Attack a : running) {
                            if (a.actor().account() == account) {
                                a.events().stream().filter(e -> !e.time().isBefore(from) && e.time().isBefore(to))
                                        .forEach(slotEvents::add);
                            }
                        }
                        events += write(files, account, to, slotEvents, usage, r);
                    }
                    for (Iterator<Attack> it = running.iterator(); it.hasNext(); ) {
                        Attack a = it.next();
                        if (a.end().isBefore(to)) {
                            labelFile.write(a);
                            it.remove();
                        }
                    }
                    if (slot % 12 == 11) {
                        files.writeDigests(org.accounts(), to, Seeds.random(spec.seed(), 0x11, day, slot));
                    }
                }
            }
            labels = labelFile.count();
        }
        for (Account account : org.accounts()) {
            Path iam = out.resolve("iam").resolve(account.id());
            IamExport.write(org, usage, iam.resolve("authorization-details.json"), account);
            CredentialReport.write(org, usage, iam.resolve("credential-report.csv"), account, spec.start());
        }
        return new SimulationResult(events, files.eventFiles(), files.digestFiles(), labels, org.personas().size(),
                org.accounts().size());
    }

    /** Splits an account's slot by region, sorts each by time and writes one file per region. */
    private static long write(TrailFiles files, Account account, Instant delivery, List<Event> events, Usage usage,
                              SplittableRandom r) throws IOException {
        TreeMap<String, List<Event>> byRegion = new TreeMap<>();
        for (Event e : events) {
            byRegion.computeIfAbsent(e.region(), k -> new ArrayList<>()).add(e);
            usage.record(e);
        }
        for (var entry : byRegion.entrySet()) {
            List<Event> regional = entry.getValue();
            regional.sort(Comparator.comparing(Event::time));
            files.writeLog(account, entry.getKey(), delivery, regional, r);
        }
        return events.size();
    }
}
