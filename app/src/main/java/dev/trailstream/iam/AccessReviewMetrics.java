package dev.trailstream.iam;

import dev.trailstream.access.CredentialReport;
import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.LeastPrivilegeReport.FindingKind;
import dev.trailstream.access.RolesVersusUsers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Least-privilege gauges, set after each access review from what it found ({@link AccessReports}):
 *
 * <ul>
 *   <li>{@code trailstream.access.principals{account,type,state}}: users and roles of each account, used or unused
 *       (unused = the review's unused-user or unused-role finding)</li>
 *   <li>{@code trailstream.access.actions{account,state}}: granted observable actions (used plus unused) and used ones
 *       (what the rightsized policies keep), summed over the account's principals</li>
 *   <li>{@code trailstream.access.credentials{kind,state}}: active access keys and console passwords of the reviewed
 *       users (from the credential reports the review carries), used or unused as the review's findings say; stale:
 *       active keys last rotated more than {@link RolesVersusUsers#DEFAULT_ROTATION_AGE} before the newest event
 *       (a subset of used plus unused; passwords have no stale series)</li>
 *   <li>{@code trailstream.access.top.unused.actions{rank,principal}}: the {@value #TOP} principals with the most
 *       unused actions</li>
 *   <li>{@code trailstream.access.review.timestamp} and {@code .duration}: end and length of the last review</li>
 * </ul>
 *
 * Every series is bounded by the accounts reviewed (a few per label value) or by {@value #TOP}.
 */
final class AccessReviewMetrics {
    /** Principals in the unused-actions ranking. */
    static final int TOP = 10;

    private final MultiGauge principals;
    private final MultiGauge actions;
    private final MultiGauge credentials;
    private final MultiGauge topUnused;
    private volatile double timestampSeconds = Double.NaN;
    private volatile double durationSeconds = Double.NaN;

    AccessReviewMetrics(MeterRegistry registry) {
        principals = MultiGauge.builder("trailstream.access.principals")
                .description("Users and roles of the last access review, by account, type and used or unused")
                .register(registry);
        actions = MultiGauge.builder("trailstream.access.actions")
                .description("Granted observable actions and used ones of the last access review, by account")
                .register(registry);
        credentials = MultiGauge.builder("trailstream.access.credentials")
                .description("Active access keys and console passwords of reviewed users: used, unused, stale keys")
                .register(registry);
        topUnused = MultiGauge.builder("trailstream.access.top.unused.actions")
                .description("The " + TOP + " principals with the most unused granted actions, rank 1 the most")
                .register(registry);
        Gauge.builder("trailstream.access.review.timestamp", this, m -> m.timestampSeconds)
                .description("End of the last access review (epoch seconds)").baseUnit("seconds").register(registry);
        Gauge.builder("trailstream.access.review.duration", this, m -> m.durationSeconds)
                .description("Duration of the last access review").baseUnit("seconds").register(registry);
    }

    void update(AccessReports reports, Instant end, double seconds) {
        principals.register(principalRows(reports), true);
        actions.register(actionRows(reports), true);
        credentials.register(credentialRows(reports), true);
        topUnused.register(topUnusedRows(reports, TOP), true);
        timestampSeconds = end.toEpochMilli() / 1000.0;
        durationSeconds = seconds;
    }

    /** Another instance reviews now: this one reports no review rather than its last, stale one. */
    void clear() {
        principals.register(List.of(), true);
        actions.register(List.of(), true);
        credentials.register(List.of(), true);
        topUnused.register(List.of(), true);
        timestampSeconds = Double.NaN;
        durationSeconds = Double.NaN;
    }

    static List<MultiGauge.Row<?>> principalRows(AccessReports reports) {
        Map<Tags, Long> counts = new TreeMap<>(Comparator.comparing(Tags::toString));
        for (AccessReports.Entry entry : reports.entries().values()) {
            LeastPrivilegeReport r = entry.report();
            boolean unused = r.findings().stream()
                    .anyMatch(f -> f.kind() == FindingKind.UNUSED_ROLE || f.kind() == FindingKind.UNUSED_USER);
            String type = r.role() ? "role" : "user";
            // Both states of each type appear, zero included, so a dashboard's ratio never divides by a missing series.
            counts.merge(Tags.of("account", entry.accountId(), "type", type, "state", unused ? "unused" : "used"),
                    1L, Long::sum);
            counts.putIfAbsent(Tags.of("account", entry.accountId(), "type", type, "state", unused ? "used" : "unused"),
                    0L);
        }
        return rows(counts);
    }

    static List<MultiGauge.Row<?>> actionRows(AccessReports reports) {
        Map<Tags, Long> counts = new TreeMap<>(Comparator.comparing(Tags::toString));
        for (AccessReports.Entry entry : reports.entries().values()) {
            long used = used(entry.report());
            counts.merge(Tags.of("account", entry.accountId(), "state", "used"), used, Long::sum);
            counts.merge(Tags.of("account", entry.accountId(), "state", "granted"),
                    used + entry.report().unusedActions().size(), Long::sum);
        }
        return rows(counts);
    }

    static List<MultiGauge.Row<?>> credentialRows(AccessReports reports) {
        long keys = 0;
        long unusedKeys = 0;
        long staleKeys = 0;
        long passwords = 0;
        long unusedPasswords = 0;
        Instant rotatedBefore = reports.newestEvent().minus(RolesVersusUsers.DEFAULT_ROTATION_AGE);
        for (AccessReports.Entry entry : reports.entries().values()) {
            LeastPrivilegeReport r = entry.report();
            CredentialReport report = reports.credentials().get(entry.accountId());
            CredentialReport.Row row = r.role() || report == null ? null
                    : report.row(r.principalArn()).orElse(null);
            if (row == null) {
                continue;
            }
            keys += row.accessKeys().size();
            staleKeys += row.accessKeys().stream()
                    .filter(k -> k.lastRotated() != null && k.lastRotated().isBefore(rotatedBefore)).count();
            passwords += row.passwordEnabled() ? 1 : 0;
            unusedKeys += r.findings().stream().filter(f -> f.kind() == FindingKind.UNUSED_ACCESS_KEY).count();
            unusedPasswords += r.findings().stream()
                    .filter(f -> f.kind() == FindingKind.UNUSED_CONSOLE_PASSWORD).count();
        }
        return List.of(
                MultiGauge.Row.of(Tags.of("kind", "access-key", "state", "used"), keys - unusedKeys),
                MultiGauge.Row.of(Tags.of("kind", "access-key", "state", "unused"), unusedKeys),
                MultiGauge.Row.of(Tags.of("kind", "access-key", "state", "stale"), staleKeys),
                MultiGauge.Row.of(Tags.of("kind", "console-password", "state", "used"), passwords - unusedPasswords),
                MultiGauge.Row.of(Tags.of("kind", "console-password", "state", "unused"), unusedPasswords));
    }

    static List<MultiGauge.Row<?>> topUnusedRows(AccessReports reports, int n) {
        List<LeastPrivilegeReport> ranked = reports.entries().values().stream().map(AccessReports.Entry::report)
                .filter(r -> !r.unusedActions().isEmpty())
                .sorted(Comparator.comparingInt((LeastPrivilegeReport r) -> r.unusedActions().size()).reversed()
                        .thenComparing(LeastPrivilegeReport::principalArn))
                .limit(n).toList();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            rows.add(MultiGauge.Row.of(Tags.of("rank", String.valueOf(i + 1), "principal",
                    ranked.get(i).principalArn()), ranked.get(i).unusedActions().size()));
        }
        return rows;
    }

    /** The actions its rightsized policy keeps: the used ones, as {@code summary.json}'s {@code actions_used}. */
    private static long used(LeastPrivilegeReport r) {
        return r.policy().services().stream().mapToLong(s -> s.kept().size()).sum();
    }

    private static List<MultiGauge.Row<?>> rows(Map<Tags, Long> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((tags, count) -> rows.add(MultiGauge.Row.of(tags, count)));
        return rows;
    }
}
