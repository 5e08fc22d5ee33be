package dev.trailstream.access;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link LeastPrivilegeReport} for every principal of the lab export in
 * {@code ../shared/data/cloudsplaining-authz-details} (skipped when absent), with nothing seen used: every principal
 * is unused, and the risky grants match what {@link RealAuthorizationDetailsTest} counts. Prints counts and the time
 * taken (measured, never asserted).
 */
class RealLeastPrivilegeReportTest {
    private static final Path LAB = Path.of("..", "..", "shared", "data", "cloudsplaining-authz-details",
            "examples", "files", "example.json");

    @Test
    void reportsEveryPrincipalOfTheLabExportAsUnusedWithItsRiskyGrants() {
        assumeTrue(Files.isRegularFile(LAB), "no " + LAB.toAbsolutePath());
        IamSnapshot snapshot = IamSnapshot.read(LAB);
        PolicyEvaluator evaluator = new PolicyEvaluator();
        Instant newest = Instant.parse("2026-12-04T00:00:00Z");
        Observability observability = Observability.bundled();
        int admins = 0;
        int passRole = 0;
        int wildcards = 0;
        long unusedActions = 0;
        long notObservable = 0;
        long start = System.nanoTime();
        long warm = 0;
        for (String arn : snapshot.principalArns()) {
            if (warm == 0 && arn.equals(snapshot.principalArns().get(1))) {
                warm = System.nanoTime();
            }
            Granted granted = evaluator.granted(snapshot, arn);
            LeastPrivilegeReport r = LeastPrivilegeReport.of(snapshot, granted,
                    UsedAccess.nothingSeen(arn, newest.minus(Duration.ofDays(365)), newest), null, observability);

            assertThat(r.findings()).as(arn).isNotEmpty();
            assertThat(r.findings().get(0).kind()).isIn(LeastPrivilegeReport.FindingKind.UNUSED_ROLE,
                    LeastPrivilegeReport.FindingKind.UNUSED_USER);
            assertThat(r.unusedActions().size() + r.notObservable().size()).as(arn).isEqualTo(granted.count());
            for (LeastPrivilegeReport.RiskyGrant g : r.riskyGrants()) {
                switch (g.kind()) {
                    case ADMIN_EQUIVALENT -> admins++;
                    case PASS_ROLE_ON_EVERY_RESOURCE -> passRole++;
                    case SENSITIVE_SERVICE_WILDCARD -> wildcards++;
                }
            }
            unusedActions += r.unusedActions().size();
            notObservable += r.notObservable().size();
        }
        long nanos = System.nanoTime() - start;
        // The 8 admin-equivalent principals also hold PassRole on *, so 37 - 8 are reported on their own.
        assertThat(admins).isEqualTo(8);
        assertThat(passRole).isEqualTo(37 - 8);
        System.out.printf("lab export: %d reports in %d ms (%d ms after the first); %d admin, %d PassRole on *,"
                        + " %d sensitive wildcards; %d unused and %d not observable grants in all%n",
                snapshot.principalArns().size(), nanos / 1_000_000, (System.nanoTime() - warm) / 1_000_000, admins,
                passRole, wildcards, unusedActions, notObservable);
    }
}
