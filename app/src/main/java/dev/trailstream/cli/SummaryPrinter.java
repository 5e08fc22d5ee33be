package dev.trailstream.cli;

import dev.trailstream.export.LeastPrivilegeSummary;
import dev.trailstream.export.RolesVersusUsersSummary;
import dev.trailstream.export.Summary;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
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
        // The evicted only when there are any: most runs cover less than the retention.
        w.printf("principals %,d%s%n", s.principals(), s.principalsEvicted() == 0 ? ""
                : String.format(" (%,d more forgotten after --principal-retention idle)", s.principalsEvicted()));
        String severities = s.findingsBySeverity().entrySet().stream().map(e -> String.format("%,d %s", e.getValue(),
                e.getKey())).collect(Collectors.joining(", "));
        w.printf("findings   %,d%s%n", s.findings(), severities.isEmpty() ? "" : ": " + severities);
        // One rule per line, the most frequent first: twenty rule ids do not fit on one line.
        int width = s.findingsByRule().values().stream().mapToInt(n -> String.format("%,d", n).length()).max()
                .orElse(1);
        s.findingsByRule().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> w.printf("           %" + width + "s  %s%n", String.format("%,d", e.getValue()),
                        e.getKey()));
        if (s.findingsAllowed() > 0) {
            // Silencing stays visible: an entry that covers more than meant shows up here as a large count.
            w.printf("allowed    %,d matches silenced by the allow-list: %s%n", s.findingsAllowed(),
                    s.findingsAllowedByAnalytic().entrySet().stream().map(e -> String.format("%,d %s", e.getValue(),
                            e.getKey())).collect(Collectors.joining(", ")));
        }
        LeastPrivilegeSummary lp = s.leastPrivilege();
        if (lp != null) {
            w.printf("least privilege %,d users and roles: %,d unused, %,d with administrator access; %,d of %,d"
                            + " granted actions used%n", lp.principals(), lp.unusedPrincipals(), lp.adminAccess(),
                    lp.actionsUsed(), lp.actionsGranted());
            if (lp.findingsOpen() > 0) {
                w.printf("access findings %,d: %s%n", lp.findingsOpen(), lp.findings().entrySet().stream()
                        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                        .map(e -> String.format("%,d %s", e.getValue(), e.getKey().replace("trailstream.access.", "")))
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        RolesVersusUsersSummary ru = s.rolesVsUsers();
        if (ru != null) {
            w.printf("roles vs users %,d users, %,d roles (%.0f%% roles): %,d with keys used by workloads, %,d console"
                            + " without MFA, %,d keys past %d days, %,d keys never used, %,d users and %,d roles with"
                            + " administrator access, %,d roles never assumed%n", ru.users(), ru.roles(),
                    ru.roleShare() * 100, ru.workloadKeyUsers(), ru.consoleWithoutMfa(), ru.keysPastRotation(),
                    ru.rotationAgeDays(), ru.keysNeverUsed(), ru.adminUsers(), ru.adminRoles(),
                    ru.rolesNeverAssumed());
        }
        out.ifPresent(dir -> w.printf("outputs    %s (summary.json, findings.jsonl, principals.jsonl%s)%n",
                dir.toAbsolutePath().normalize(), lp == null ? "" : ", least-privilege.jsonl, policies/"
                        + (ru == null ? "" : ", roles-vs-users.json")));
        w.flush();
    }
}
