package dev.trailstream.iam;

import dev.trailstream.http.AccessFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AccessReviewMetricsTest {
    private static final Instant REVIEWED = Instant.parse("2026-12-01T01:00:00Z");

    @Test
    void countsUsedAndUnusedUsersAndRolesByAccount() {
        SimpleMeterRegistry registry = reviewed();

        // dev: alice used, bob unused; deployer used, idle unused. prod: admin used.
        assertThat(principals(registry, AccessFixture.DEV, "user", "used")).isEqualTo(1.0);
        assertThat(principals(registry, AccessFixture.DEV, "user", "unused")).isEqualTo(1.0);
        assertThat(principals(registry, AccessFixture.DEV, "role", "used")).isEqualTo(1.0);
        assertThat(principals(registry, AccessFixture.DEV, "role", "unused")).isEqualTo(1.0);
        assertThat(principals(registry, AccessFixture.PROD, "role", "used")).isEqualTo(1.0);
        assertThat(principals(registry, AccessFixture.PROD, "role", "unused")).isEqualTo(0.0);
    }

    @Test
    void reportsGrantedObservableActionsAsUsedPlusUnused() {
        AccessReports reports = AccessFixture.reports(REVIEWED);
        SimpleMeterRegistry registry = reviewed();

        long unusedDev = reports.entries().values().stream().filter(e -> e.accountId().equals(AccessFixture.DEV))
                .mapToLong(e -> e.report().unusedActions().size()).sum();
        double granted = registry.get("trailstream.access.actions")
                .tags("account", AccessFixture.DEV, "state", "granted").gauge().value();
        double used = registry.get("trailstream.access.actions")
                .tags("account", AccessFixture.DEV, "state", "used").gauge().value();
        // alice's s3:GetObject and ec2:DescribeInstances, deployer's lambda:UpdateFunctionCode.
        assertThat(used).isEqualTo(3.0);
        assertThat(granted).isEqualTo(used + unusedDev).isGreaterThan(used);
    }

    @Test
    void ranksThePrincipalsWithTheMostUnusedActionsAndStopsAtTheCap() {
        AccessReports reports = AccessFixture.reports(REVIEWED);

        var rows = AccessReviewMetrics.topUnusedRows(reports, 2);

        assertThat(rows).hasSize(2);
        SimpleMeterRegistry registry = reviewed();
        // AdministratorAccess grants every observable action: the admin role leads.
        assertThat(registry.get("trailstream.access.top.unused.actions").tag("rank", "1").gauge().getId()
                .getTag("principal")).isEqualTo(AccessFixture.ADMIN);
        assertThat(registry.find("trailstream.access.top.unused.actions").gauges())
                .hasSizeLessThanOrEqualTo(AccessReviewMetrics.TOP);
    }

    @Test
    void reportsNoCredentialsWithoutCredentialReportsAndTheReviewsTimeAndDuration() {
        SimpleMeterRegistry registry = reviewed();

        assertThat(registry.find("trailstream.access.credentials").gauges()).hasSize(5)
                .allSatisfy(g -> assertThat(g.value()).isZero());
        assertThat(registry.get("trailstream.access.review.timestamp").gauge().value())
                .isEqualTo(REVIEWED.getEpochSecond());
        assertThat(registry.get("trailstream.access.review.duration").gauge().value()).isEqualTo(1.5);
    }

    private static SimpleMeterRegistry reviewed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new AccessReviewMetrics(registry).update(AccessFixture.reports(REVIEWED), REVIEWED, 1.5);
        return registry;
    }

    private static double principals(SimpleMeterRegistry registry, String account, String type, String state) {
        return registry.get("trailstream.access.principals").tags("account", account, "type", type, "state", state)
                .gauge().value();
    }
}
