package dev.trailstream.cli;

import dev.trailstream.runtime.UsageException;
import dev.trailstream.simulate.SimulationResult;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code trailstream simulate}: a realistic, reproducible organisation's CloudTrail, with labelled attacks. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write an organisation's CloudTrail logs as CloudTrail delivers them to S3, with labelled "
                + "attacks, its IAM authorisation details and credential reports.",
                "Same arguments, same bytes."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Where to write AWSLogs/, labels.jsonl and iam/.")
    Path out;

    @Option(names = "--accounts", defaultValue = "3", description = "AWS accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--principals", defaultValue = "40",
            description = "Principals across the accounts (default: ${DEFAULT-VALUE}).")
    int principals;

    @Option(names = "--days", defaultValue = "7", description = "Days to simulate (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--events-per-day", defaultValue = "50000",
            description = "Events per day across the organisation (default: ${DEFAULT-VALUE}).")
    int eventsPerDay;

    @Option(names = "--start", paramLabel = "ISO-DATE", defaultValue = "2026-11-02",
            description = "First day, UTC (default: ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--attacks", paramLabel = "all|none|LIST", defaultValue = "all",
            completionCandidates = ScenarioIds.class,
            description = "Attack scenarios to inject: all, none, or a comma-separated list of ${COMPLETION-CANDIDATES}"
                    + " (default: ${DEFAULT-VALUE}).")
    String attacks;

    /** The scenario ids, for the help text. */
    static final class ScenarioIds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SimulationSpec.scenarioIds().iterator();
        }
    }

    @Override
    public Integer call() throws IOException {
        SimulationSpec simulation = validate();
        long began = System.nanoTime();
        SimulationResult r = Simulator.run(simulation, out);
        double seconds = (System.nanoTime() - began) / 1e9;
        PrintWriter w = spec.commandLine().getOut();
        w.printf("Simulated %,d CloudTrail events in %,d log files (and %,d digest files) of %d account%s and "
                        + "%d principals over %d day%s from %s, with %d labelled attack%s%s, in %.1f s: logs in %s, "
                        + "labels in %s, IAM in %s.%n",
                r.events(), r.eventFiles(), r.digestFiles(), r.accounts(), r.accounts() == 1 ? "" : "s", r.principals(),
                simulation.days(), simulation.days() == 1 ? "" : "s", simulation.start(), r.labels(),
                r.labels() == 1 ? "" : "s", simulation.attacks().isEmpty() ? "" : " (" + String.join(", ",
                        simulation.attacks()) + ")", seconds, out.resolve("AWSLogs"), out.resolve("labels.jsonl"),
                out.resolve("iam"));
        w.flush();
        return 0;
    }

    private SimulationSpec validate() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + ": exists and is not a folder");
        }
        LocalDate first;
        try {
            first = LocalDate.parse(start);
        } catch (DateTimeParseException e) {
            throw new UsageException("--start " + start + ": expected an ISO date such as 2026-11-02");
        }
        try {
            List<String> scenarios = SimulationSpec.parseAttacks(attacks);
            return new SimulationSpec(accounts, principals, days, eventsPerDay, first, seed, scenarios);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
