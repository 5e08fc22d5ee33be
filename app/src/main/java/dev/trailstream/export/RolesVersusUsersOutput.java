package dev.trailstream.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trailstream.access.Granted;
import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.RolesVersusUsers;
import dev.trailstream.access.UsedAccess;
import dev.trailstream.iam.AccessReports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "roles versus users" output of {@code run --once --out DIR} when IAM snapshots are on
 * {@code trailstream.iam-snapshots}: IAM's identity best practices measured ({@link RolesVersusUsers}).
 *
 * <ul>
 *   <li>input: the run's access review ({@link AccessReports}: every user and role of the latest snapshots, with
 *       {@code Granted} and {@code UsedAccess}); the {@code --credential-report} files by account id; the users whose
 *       long-term keys were used like a workload, taken by {@link RunOutputs} from the
 *       {@value #WORKLOAD_KEY_ANALYTIC} findings on {@code trailstream.findings}</li>
 *   <li>output {@code DIR/roles-vs-users.json}: pretty JSON, snake_case (see {@link #json})</li>
 *   <li>returns the {@code roles_vs_users} block of {@code summary.json}</li>
 * </ul>
 *
 * <p>No state of its own: like {@link LeastPrivilegeOutputs}, a pure function of the review computed once the run
 * has drained.
 */
public final class RolesVersusUsersOutput {
    /** The analytic whose findings name the users whose long-term keys act like a workload. */
    public static final String WORKLOAD_KEY_ANALYTIC = "trailstream.anomaly.long-term-key-workload";
    static final String FILE = "roles-vs-users.json";
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RolesVersusUsersOutput() {
    }

    /**
     * The user a {@value #WORKLOAD_KEY_ANALYTIC} finding is about: {@code actor.user.uid}, else the record key (the
     * topic is keyed by principal); null for a finding of another analytic.
     */
    public static String workloadKeyUser(JsonNode finding, String recordKey) {
        if (!RunOutputs.ruleOf(finding).equals(WORKLOAD_KEY_ANALYTIC)) {
            return null;
        }
        String uid = finding.path("actor").path("user").path("uid").asText("");
        return uid.isEmpty() ? recordKey : uid;
    }

    /**
     * Computes the report of a review and writes it under {@code out}.
     *
     * @param review           the access review, with the credential reports it was given (none: credentials are
     *                         not assessed)
     * @param workloadKeyUsers the users of the run's {@value #WORKLOAD_KEY_ANALYTIC} findings
     */
    public static RolesVersusUsersSummary write(AccessReports review, Collection<String> workloadKeyUsers, Path out)
            throws IOException {
        RolesVersusUsers report = report(review, workloadKeyUsers);
        Files.createDirectories(out);
        PRETTY.writeValue(out.resolve(FILE).toFile(), json(report));
        return summary(report);
    }

    /** The review regrouped by account, as {@link RolesVersusUsers#of} takes it, with the review's lookback. */
    static RolesVersusUsers report(AccessReports review, Collection<String> workloadKeyUsers) {
        Map<String, Map<String, Granted>> granted = new HashMap<>();
        Map<String, Map<String, UsedAccess>> used = new HashMap<>();
        Duration lookback = LeastPrivilegeReport.DEFAULT_LOOKBACK;
        for (Map.Entry<String, AccessReports.Entry> e : review.entries().entrySet()) {
            AccessReports.Entry entry = e.getValue();
            granted.computeIfAbsent(entry.accountId(), a -> new HashMap<>()).put(e.getKey(), entry.granted());
            used.computeIfAbsent(entry.accountId(), a -> new HashMap<>()).put(e.getKey(), entry.used());
            // Every entry of a review shares its lookback: the one the run was given.
            lookback = Duration.between(entry.report().lookbackStart(), entry.report().lookbackEnd());
        }
        List<RolesVersusUsers.AccountInput> accounts = new ArrayList<>();
        for (Map.Entry<String, IamSnapshot> s : review.snapshots().entrySet()) {
            accounts.add(new RolesVersusUsers.AccountInput(s.getValue(), review.credentials().get(s.getKey()),
                    granted.getOrDefault(s.getKey(), Map.of()), used.getOrDefault(s.getKey(), Map.of())));
        }
        return RolesVersusUsers.of(accounts, workloadKeyUsers, review.newestEvent(),
                RolesVersusUsers.DEFAULT_ROTATION_AGE, lookback);
    }

    /**
     * The file's content: where ages end, the rotation age and lookback, the totals of each account, then each
     * section as a list of {@code account}, {@code principal}, {@code type}, {@code subject}, {@code evidence},
     * {@code advice}, and the notes (what was not assessed).
     */
    static Map<String, Object> json(RolesVersusUsers r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("newest_event", r.newestEvent().toString());
        m.put("lookback_start", r.lookbackStart().toString());
        m.put("rotation_age_days", r.rotationAge().toDays());
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (RolesVersusUsers.AccountTotals t : r.accounts()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("account", t.accountId());
            a.put("users", t.users());
            a.put("users_with_keys", t.usersWithKeys());
            a.put("users_with_console", t.usersWithConsole());
            a.put("roles", t.roles());
            a.put("service_linked_roles", t.serviceLinkedRoles());
            a.put("admin_users", t.adminUsers());
            a.put("admin_roles", t.adminRoles());
            a.put("role_share", round(t.roleShare()));
            accounts.add(a);
        }
        m.put("accounts", accounts);
        m.put("workload_keys", items(r.workloadKeys()));
        m.put("console_without_mfa", items(r.consoleWithoutMfa()));
        m.put("keys_past_rotation", items(r.keysPastRotation()));
        m.put("keys_never_used", items(r.keysNeverUsed()));
        m.put("administrators", items(r.administrators()));
        m.put("roles_never_assumed", items(r.rolesNeverAssumed()));
        m.put("service_linked_roles_never_assumed", items(r.serviceLinkedRolesNeverAssumed()));
        m.put("notes", r.notes());
        return m;
    }

    static RolesVersusUsersSummary summary(RolesVersusUsers r) {
        long users = r.accounts().stream().mapToLong(RolesVersusUsers.AccountTotals::users).sum();
        long roles = r.accounts().stream().mapToLong(RolesVersusUsers.AccountTotals::roles).sum();
        long linked = r.accounts().stream().mapToLong(RolesVersusUsers.AccountTotals::serviceLinkedRoles).sum();
        double share = users + roles - linked == 0 ? 0 : (double) (roles - linked) / (users + roles - linked);
        return new RolesVersusUsersSummary(users, roles, round(share), r.workloadKeys().size(),
                r.consoleWithoutMfa().size(), r.keysPastRotation().size(), r.keysNeverUsed().size(),
                r.accounts().stream().mapToLong(RolesVersusUsers.AccountTotals::adminUsers).sum(),
                r.accounts().stream().mapToLong(RolesVersusUsers.AccountTotals::adminRoles).sum(),
                r.rolesNeverAssumed().size(), r.serviceLinkedRolesNeverAssumed().size(), r.rotationAge().toDays());
    }

    private static List<Map<String, Object>> items(List<RolesVersusUsers.Item> items) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RolesVersusUsers.Item i : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account", i.accountId());
            m.put("principal", i.principalArn());
            m.put("type", i.role() ? "role" : "user");
            m.put("subject", i.subject());
            m.put("evidence", i.evidence());
            m.put("advice", i.advice());
            list.add(m);
        }
        return list;
    }

    /** Three decimals: a share, not a measurement. */
    private static double round(double share) {
        return Math.round(share * 1000) / 1000.0;
    }
}
