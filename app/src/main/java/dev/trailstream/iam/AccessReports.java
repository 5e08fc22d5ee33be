package dev.trailstream.iam;

import dev.trailstream.access.CredentialReport;
import dev.trailstream.access.DeniedAccess;
import dev.trailstream.access.Granted;
import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.Observability;
import dev.trailstream.access.PolicyEvaluator;
import dev.trailstream.access.UsedAccess;
import dev.trailstream.profile.PrincipalProfile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one access review: the least-privilege report of every user and role of the latest IAM snapshots,
 * with what it rests on. Immutable; the review replaces the whole object each time, so a reader (the HTTP API, the
 * {@code rightsize} command, the run's outputs) always sees one consistent review.
 *
 * @param reviewedAt  when the review ran (wall clock)
 * @param newestEvent where the lookback ended: the newest event time seen over every profile
 * @param snapshots   the snapshots reviewed, by account id
 * @param entries     one entry per principal, by the ARN the snapshot gives it, in snapshot order
 * @param credentials the credential reports the review assessed keys and passwords with, by account id
 */
public record AccessReports(Instant reviewedAt, Instant newestEvent, Map<String, IamSnapshot> snapshots,
                            Map<String, Entry> entries, Map<String, CredentialReport> credentials) {
    public AccessReports {
        Objects.requireNonNull(reviewedAt, "reviewedAt");
        snapshots = Collections.unmodifiableMap(new LinkedHashMap<>(snapshots));
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        credentials = Map.copyOf(credentials);
    }

    /** A review without credential reports. */
    public AccessReports(Instant reviewedAt, Instant newestEvent, Map<String, IamSnapshot> snapshots,
                         Map<String, Entry> entries) {
        this(reviewedAt, newestEvent, snapshots, entries, Map.of());
    }

    /**
     * One principal's review.
     *
     * @param accountId the snapshot's account
     * @param report    granted versus used, with the rightsized policy
     * @param granted   what the policies grant
     * @param used      what the profiles show it used
     * @param profiles  how many behaviour profiles were merged into its use (0: never seen)
     * @param evictedActions how many used actions its profiles dropped to stay within their cap (then "unused" may
     *                  be wrong)
     * @param denied    its denied actions explained against the snapshot ({@link DeniedAccess}), the most
     *                  frequently denied first; empty when none was denied
     */
    public record Entry(String accountId, LeastPrivilegeReport report, Granted granted, UsedAccess used,
                        int profiles, long evictedActions, List<DeniedAccess.Explanation> denied) {
        public Entry {
            denied = denied == null ? List.of() : List.copyOf(denied);
        }

        /** An entry without denied actions explained: the shape before access-denied troubleshooting. */
        public Entry(String accountId, LeastPrivilegeReport report, Granted granted, UsedAccess used, int profiles,
                     long evictedActions) {
            this(accountId, report, granted, used, profiles, evictedActions, List.of());
        }

        /** An entry whose profiles dropped no used action and denied nothing. */
        public Entry(String accountId, LeastPrivilegeReport report, Granted granted, UsedAccess used, int profiles) {
            this(accountId, report, granted, used, profiles, 0, List.of());
        }
    }

    /**
     * Reviews every user and role of the snapshots against the profiles: a pure function of its inputs.
     *
     * @param profiles    every behaviour profile, streamed: only the snapshot principals' use is kept
     * @param snapshots   the latest snapshot of every account, by account id
     * @param credentials credential reports by account id; an account without one gets no key or password findings
     * @param lookback    how far back "unused" looks, ending at the newest event seen
     * @param evaluator   the policy evaluator (it caches wildcard expansions: share one)
     * @param reviewedAt  the wall-clock time of the review
     * @return the review, or empty when no event was seen at all (no end for the lookback)
     */
    public static Optional<AccessReports> review(Iterator<PrincipalProfile> profiles, Map<String, IamSnapshot> snapshots,
                                                 Map<String, CredentialReport> credentials, Duration lookback,
                                                 PolicyEvaluator evaluator, Instant reviewedAt) {
        List<String> arns = new ArrayList<>();
        snapshots.values().forEach(s -> arns.addAll(s.principalArns()));
        ProfileUsage usage = new ProfileUsage(arns);
        profiles.forEachRemaining(usage::add);
        Optional<Instant> newest = usage.newestEvent();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Observability observability = Observability.bundled();
        Map<String, Entry> entries = new LinkedHashMap<>();
        snapshots.forEach((account, snapshot) -> {
            for (String arn : snapshot.principalArns()) {
                Granted granted = evaluator.granted(snapshot, arn);
                UsedAccess used = usage.used(arn, account, newest.get());
                LeastPrivilegeReport report = LeastPrivilegeReport.of(snapshot, granted, used,
                        credentials.get(account), observability, lookback);
                // Explained here, once per review, so the report line and the API read the same answer.
                List<DeniedAccess.Explanation> denied = used.denied().isEmpty() ? List.of()
                        : DeniedAccess.explain(evaluator, snapshot, granted, arn, used.denied());
                entries.put(arn, new Entry(account, report, granted, used, usage.profiles(arn),
                        usage.evictedActions(arn), denied));
            }
        });
        return Optional.of(new AccessReports(reviewedAt, newest.get(), snapshots, entries, credentials));
    }

    /**
     * The entry of a principal named by its IAM ARN (any path), an assumed-role session ARN, or the short key
     * {@code <account>:user/<name>} / {@code <account>:role/<name>}.
     */
    public Optional<Entry> find(String id) {
        Entry exact = entries.get(id);
        if (exact != null) {
            return Optional.of(exact);
        }
        String key = id.matches("\\d{12}:(user|role)/[^/]+") ? id : ProfileUsage.key(id);
        if (key == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (key.equals(ProfileUsage.key(e.getKey()))) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * True when {@code id} names the principal {@code arn} in one of the forms {@link #find} takes: for readers of a
     * finished run's report lines, which have no {@code AccessReports} to ask.
     */
    public static boolean names(String id, String arn) {
        if (id.equals(arn)) {
            return true;
        }
        String key = id.matches("\\d{12}:(user|role)/[^/]+") ? id : ProfileUsage.key(id);
        return key != null && key.equals(ProfileUsage.key(arn));
    }
}
