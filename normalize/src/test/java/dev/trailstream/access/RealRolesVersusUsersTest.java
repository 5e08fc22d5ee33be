package dev.trailstream.access;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link RolesVersusUsers} over each real export in {@code ../shared/data/cloudsplaining-authz-details} (skipped when
 * absent), without credential report and with nothing seen in the events: the report is made, its administrator
 * count is the number of admin-equivalent principals a separate {@link PolicyEvaluator} finds, and the roles never
 * assumed are those whose {@code RoleLastUsed} the file leaves empty or old. Prints the counts (not asserted).
 */
class RealRolesVersusUsersTest {
    private static final Path FOLDER = Path.of("..", "..", "shared", "data", "cloudsplaining-authz-details");
    private static final Instant NEWEST = Instant.parse("2026-12-04T00:00:00Z");

    @Test
    void reportsEachRealExportWithTheAdministratorsThePolicyEvaluatorFinds() throws IOException {
        assumeTrue(Files.isDirectory(FOLDER), "no " + FOLDER.toAbsolutePath());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(FOLDER)) {
            files = walk.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(3);
        PolicyEvaluator review = new PolicyEvaluator();
        PolicyEvaluator check = new PolicyEvaluator();
        for (Path file : files) {
            IamSnapshot snapshot = IamSnapshot.read(file);
            Map<String, Granted> granted = new HashMap<>();
            Map<String, UsedAccess> used = new HashMap<>();
            for (String arn : snapshot.principalArns()) {
                granted.put(arn, review.granted(snapshot, arn));
                used.put(arn, UsedAccess.nothingSeen(arn, NEWEST.minus(Duration.ofDays(365)), NEWEST));
            }

            RolesVersusUsers r = RolesVersusUsers.of(List.of(new RolesVersusUsers.AccountInput(snapshot, null,
                    granted, used)), Set.of(), NEWEST);

            long admins = snapshot.principalArns().stream()
                    .filter(arn -> check.granted(snapshot, arn).adminEquivalent()).count();
            RolesVersusUsers.AccountTotals totals = r.accounts().get(0);
            assertThat(totals.adminUsers() + totals.adminRoles()).as(file.toString()).isEqualTo(admins);
            assertThat(r.administrators()).hasSize((int) admins);
            assertThat(totals.users()).isEqualTo(snapshot.users().size());
            assertThat(totals.roles()).isEqualTo(snapshot.roles().size());
            Instant lookbackStart = NEWEST.minus(LeastPrivilegeReport.DEFAULT_LOOKBACK);
            long unassumed = snapshot.roles().stream().filter(role -> role.lastUsed().lastUsedDate() == null
                    || role.lastUsed().lastUsedDate().isBefore(lookbackStart)).count();
            assertThat(r.rolesNeverAssumed().size() + r.serviceLinkedRolesNeverAssumed().size()).as(file.toString())
                    .isEqualTo(unassumed);
            assertThat(r.serviceLinkedRolesNeverAssumed()).allSatisfy(i -> assertThat(i.principalArn())
                    .contains("/aws-service-role/"));
            assertThat(r.consoleWithoutMfa()).isEmpty();
            assertThat(r.notes()).anyMatch(n -> n.contains("no credential report"));
            System.out.printf("roles versus users, %s: %d users, %d roles (%d service-linked), role share %.2f;"
                            + " %d administrators (%d users, %d roles); %d roles never assumed, %d service-linked%n",
                    file.getFileName(), totals.users(), totals.roles(), totals.serviceLinkedRoles(),
                    totals.roleShare(), admins, totals.adminUsers(), totals.adminRoles(),
                    r.rolesNeverAssumed().size(), r.serviceLinkedRolesNeverAssumed().size());
            if (file.endsWith(Path.of("examples", "files", "example.json"))) {
                // The lab account, as RealAuthorizationDetailsTest reads it.
                assertThat(admins).isEqualTo(8);
            }
        }
    }
}
