package dev.trailstream.cli;

import dev.trailstream.export.Summary;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/** The short human summary printed at the end of {@code run --once} and {@code demo}. */
final class SummaryPrinter {
    private SummaryPrinter() {
    }

    static void print(Summary s, Optional<Path> out, PrintWriter w) {
        w.printf("files      %,d read, %,d rejected, %,d skipped (not event data)%n", s.filesRead(), s.filesRejected(),
                s.filesSkipped());
        w.printf("events     %,d ingested: %,d unique, %,d duplicates, %,d rejected%n", s.eventsIngested(),
                s.eventsUnique(), s.eventsDuplicate(), s.eventsRejected());
        w.printf("principals %,d%n", s.principals());
        String types = s.findingsByType().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        w.printf("findings   %,d%s%n", s.findings(), types.isEmpty() ? "" : " (" + types + ")");
        out.ifPresent(dir -> w.printf("outputs    %s (summary.json, findings.jsonl, principals.jsonl)%n",
                dir.toAbsolutePath().normalize()));
        w.flush();
    }
}
