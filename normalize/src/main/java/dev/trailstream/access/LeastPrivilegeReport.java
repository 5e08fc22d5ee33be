package dev.trailstream.access;

import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Granted versus used for one user or role: unused principal, credentials, services and actions ranked by risk,
 * risky grants never used, and a rightsized policy. Pure function of its inputs ({@link #of}).
 *
 * <p>The lookback ends at the newest event seen ({@link UsedAccess#newestEvent()}), never at the wall clock, so a
 * replay of old logs answers as a live run would have. An action counts as used when a successful call of it was
 * seen at or after the start of the lookback.
 *
 * @param principalArn   the user or role
 * @param role           true for a role, false for a user
 * @param lookbackStart  the newest event minus the lookback
 * @param lookbackEnd    the newest event seen
 * @param confidence     how much history the event-based findings rest on, see {@link #of}
 * @param findings       unused role or user, unused access keys, unused console password
 * @param unusedServices services with granted, observable actions of which none was used, riskiest first
 * @param unusedActions  granted, observable actions not used, riskiest first
 * @param notObservable  granted actions CloudTrail would not show (never recorded, data events off, unknown):
 *                       never reported as unused, riskiest first
 * @param riskyGrants    administrator access, {@code iam:PassRole} on {@code *}, wildcards on sensitive services
 * @param policy         the rightsized policy and its diff against the grant
 * @param notes          what the report could not assess
 */
public record LeastPrivilegeReport(String principalArn, boolean role, Instant lookbackStart, Instant lookbackEnd,
                                   Confidence confidence, List<Finding> findings, List<UnusedService> unusedServices,
                                   List<IamAction> unusedActions, List<IamAction> notObservable,
                                   List<RiskyGrant> riskyGrants, RightsizedPolicy policy, List<String> notes) {
    /** The default lookback. */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(90);

    /** Services where a wildcard grant is worth a finding of its own, and why. */
    static final Map<String, String> SENSITIVE_SERVICES = new TreeMap<>(Map.of(
            "iam", "can change any principal's permissions: privilege escalation",
            "kms", "can decrypt with, re-grant or schedule the deletion of any key",
            "secretsmanager", "can read and change every secret",
            "sts", "can assume roles and mint credentials",
            "organizations", "can change the organization's accounts and service control policies",
            "s3", "can read, change, delete or make public any bucket's data and policy"));

    public LeastPrivilegeReport {
        Objects.requireNonNull(principalArn, "principalArn");
        findings = List.copyOf(findings);
        unusedServices = List.copyOf(unusedServices);
        unusedActions = List.copyOf(unusedActions);
        notObservable = List.copyOf(notObservable);
        riskyGrants = List.copyOf(riskyGrants);
        notes = List.copyOf(notes);
    }

    /** What a {@link Finding} says is unused. */
    public enum FindingKind {
        UNUSED_ROLE,
        UNUSED_USER,
        UNUSED_ACCESS_KEY,
        UNUSED_CONSOLE_PASSWORD
    }

    /**
     * One unused principal or credential.
     *
     * @param kind       what is unused
     * @param subject    the principal ARN, or {@code <user> access key 1}, or {@code <user> console password}
     * @param lastUsed   the last use known, or null for none
     * @param confidence the days observed and the band they give
     * @param why        the evidence, in words
     */
    public record Finding(FindingKind kind, String subject, Instant lastUsed, Confidence confidence, String why) {
    }

    /**
     * A service granted and not used.
     *
     * @param service        the prefix
     * @param unusedActions  its granted, observable actions (none used)
     * @param notObservable  its granted actions CloudTrail would not show
     * @param riskiest       the highest risk among the unused ones
     */
    public record UnusedService(String service, int unusedActions, int notObservable, Risk riskiest) {
    }

    /** What a {@link RiskyGrant} is. */
    public enum RiskyGrantKind {
        ADMIN_EQUIVALENT,
        PASS_ROLE_ON_EVERY_RESOURCE,
        SENSITIVE_SERVICE_WILDCARD
    }

    /**
     * A grant dangerous enough to report on its own when it was not needed.
     *
     * @param kind what it is
     * @param what the permission, e.g. {@code iam:PassRole on *} or {@code kms:*}
     * @param why  what it allows and what was used of it
     */
    public record RiskyGrant(RiskyGrantKind kind, String what, String why) {
    }

    /** {@link #of(IamSnapshot, Granted, UsedAccess, CredentialReport, Observability, Duration)} over 90 days. */
    public static LeastPrivilegeReport of(IamSnapshot snapshot, Granted granted, UsedAccess used,
                                          CredentialReport credentials, Observability observability) {
        return of(snapshot, granted, used, credentials, observability, DEFAULT_LOOKBACK);
    }

    /**
     * Builds the report.
     *
     * <p>Days observed: from the start of the history seen ({@link UsedAccess#historyStart()}, else the principal's
     * first event, else its creation date), or from the principal's creation date when that is later, to the newest
     * event; at most the lookback. Event-based findings carry {@link Confidence} from it. Credential findings rest on
     * the credential report, which IAM keeps whatever our history: their days count from the key's or user's
     * creation only.
     *
     * @param snapshot      the export the principal is in (kind, creation date, RoleLastUsed)
     * @param granted       {@link PolicyEvaluator#granted} for the principal
     * @param used          what the principal was seen doing
     * @param credentials   the credential report, or null when there is none (then keys and password are not
     *                      assessed, and a note says so)
     * @param observability which actions CloudTrail records in this trail
     * @param lookback      how far back "unused" looks
     */
    public static LeastPrivilegeReport of(IamSnapshot snapshot, Granted granted, UsedAccess used,
                                          CredentialReport credentials, Observability observability,
                                          Duration lookback) {
        String arn = granted.principalArn();
        if (!arn.equals(used.principalArn())) {
            throw new IllegalArgumentException("granted is for " + arn + ", used access for " + used.principalArn());
        }
        IamUser user = snapshot.user(arn).orElse(null);
        IamRole role = snapshot.role(arn).orElse(null);
        if (user == null && role == null) {
            throw new IllegalArgumentException("no user or role " + arn + " in " + snapshot.source());
        }
        Instant created = user != null ? user.createDate() : role.createDate();
        Instant end = used.newestEvent();
        Instant start = end.minus(lookback);
        long lookbackDays = lookback.toDays();
        Instant observedFrom = used.historyStart() != null ? used.historyStart()
                : used.firstEvent() != null ? used.firstEvent() : created != null ? created : end;
        if (created != null && created.isAfter(observedFrom)) {
            observedFrom = created;
        }
        Confidence confidence = Confidence.of(days(observedFrom, end), lookbackDays);

        Map<String, UsedAccess.UsedAction> inWindow = used.usedSince(start);
        List<String> notes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        boolean consoleInWindow = used.lastConsoleLogin() != null && !used.lastConsoleLogin().isBefore(start);
        boolean keyInWindow = used.accessKeys().stream().anyMatch(k -> !k.lastUse().isBefore(start));
        if (inWindow.isEmpty() && !consoleInWindow && !keyInWindow) {
            // IAM's own records of use (wall-clock) within the lookback outweigh the absence of events: the logs
            // ingested must be missing some. Then no finding, and a note.
            Instant iamSawUse = role != null ? role.lastUsed().lastUsedDate() : credentialUse(user, credentials);
            if (iamSawUse != null && !iamSawUse.isBefore(start) && !iamSawUse.isAfter(end)) {
                notes.add("no event shows use in the lookback, but IAM records use on " + iamSawUse
                        + ": not reported unused; are logs missing?");
            } else {
                findings.add(unusedPrincipal(arn, role, used, created, start, confidence));
            }
        }
        if (user != null) {
            credentialFindings(user, credentials, used, start, end, lookbackDays, findings, notes);
        }

        ActionCatalogue catalogue = ActionCatalogue.get();
        RiskRanking ranking = RiskRanking.bundled();
        Set<String> usedServices = new TreeSet<>();
        inWindow.keySet().forEach(a -> usedServices.add(a.substring(0, Math.max(0, a.indexOf(':')))));
        List<IamAction> unused = new ArrayList<>();
        List<IamAction> hidden = new ArrayList<>();
        Map<String, int[]> perService = new TreeMap<>();
        Map<String, Risk> serviceRisk = new TreeMap<>();
        for (IamAction a : granted.actions()) {
            if (!inWindow.isEmpty() && inWindow.containsKey(a.action().toLowerCase(Locale.ROOT))) {
                continue;
            }
            int[] counts = perService.computeIfAbsent(a.service(), s -> new int[2]);
            if (observability.observable(a)) {
                unused.add(a);
                counts[0]++;
                serviceRisk.merge(a.service(), ranking.risk(a), (x, y) -> x.compareTo(y) <= 0 ? x : y);
            } else {
                hidden.add(a);
                counts[1]++;
            }
        }
        // granted.actions() is in catalogue order, which the bucket sort needs.
        unused = ranking.riskiestFirst(unused);
        hidden = ranking.riskiestFirst(hidden);
        List<UnusedService> unusedServices = new ArrayList<>();
        perService.forEach((service, counts) -> {
            if (counts[0] > 0 && !usedServices.contains(service)) {
                unusedServices.add(new UnusedService(service, counts[0], counts[1], serviceRisk.get(service)));
            }
        });
        unusedServices.sort(Comparator.comparing(UnusedService::riskiest)
                .thenComparing(Comparator.comparingInt(UnusedService::unusedActions).reversed())
                .thenComparing(UnusedService::service));
        if (!observability.dataEvents() && !hidden.isEmpty()) {
            notes.add("data events taken as not recorded: data-event actions (S3 objects, Lambda invocations...) are"
                    + " listed as not observable");
        }
        if (!granted.unresolved().isEmpty()) {
            notes.add("policies missing from the export, so the grant may be larger: " + granted.unresolved());
        }

        List<RiskyGrant> risky = riskyGrants(granted, inWindow, catalogue, ranking);
        List<String> usedNames = inWindow.values().stream().map(UsedAccess.UsedAction::action).toList();
        RightsizedPolicy policy = RightsizedPolicy.of(granted, usedNames, catalogue, ranking,
                RightsizedPolicy.MANAGED_POLICY_LIMIT);
        return new LeastPrivilegeReport(arn, role != null, start, end, confidence, findings, unusedServices, unused,
                hidden, risky, policy, notes);
    }

    private static Finding unusedPrincipal(String arn, IamRole role, UsedAccess used, Instant created, Instant start,
                                           Confidence confidence) {
        StringBuilder why = new StringBuilder("no successful call, console sign-in or access key use in the last ")
                .append(confidence.daysObserved()).append(" days observed (lookback ")
                .append(confidence.lookbackDays()).append(" days)");
        if (created != null && created.isAfter(start)) {
            why.append("; created ").append(created).append(", counted from then");
        }
        why.append(used.lastEvent() != null ? "; last event seen " + used.lastEvent() : "; no event ever seen");
        if (role != null && role.lastUsed().lastUsedDate() != null) {
            // IAM's own record, in wall-clock time: a disagreement points at a gap in the logs ingested.
            why.append("; IAM's RoleLastUsed says ").append(role.lastUsed().lastUsedDate());
        }
        return new Finding(role != null ? FindingKind.UNUSED_ROLE : FindingKind.UNUSED_USER, arn, used.lastEvent(),
                confidence, why.toString());
    }

    /** The latest use of a user's password or keys in the credential report, or null. */
    private static Instant credentialUse(IamUser user, CredentialReport credentials) {
        CredentialReport.Row row = credentials == null ? null : credentials.row(user.arn()).orElse(null);
        if (row == null) {
            return null;
        }
        Instant last = row.passwordLastUsed();
        for (CredentialReport.AccessKey key : row.accessKeys()) {
            last = latest(last, key.lastUsed());
        }
        return last;
    }

    private static void credentialFindings(IamUser user, CredentialReport credentials, UsedAccess used,
                                           Instant start, Instant end, long lookbackDays, List<Finding> findings,
                                           List<String> notes) {
        CredentialReport.Row row = credentials == null ? null : credentials.row(user.arn()).orElse(null);
        if (row == null) {
            notes.add(credentials == null ? "no credential report: access keys and console password not assessed"
                    : "user not in the credential report: access keys and console password not assessed");
            return;
        }
        Instant userCreated = row.created() != null ? row.created() : user.createDate();
        for (CredentialReport.AccessKey key : row.accessKeys()) {
            // A use after the end of the lookback (credential report newer than a replay) cannot be placed: not unused.
            if (key.lastUsed() != null && !key.lastUsed().isBefore(start)) {
                continue;
            }
            Instant since = key.lastRotated() != null ? key.lastRotated() : userCreated;
            Confidence c = Confidence.of(since == null ? lookbackDays : days(since, end), lookbackDays);
            findings.add(new Finding(FindingKind.UNUSED_ACCESS_KEY, user.name() + " access key " + key.slot(),
                    key.lastUsed(), c, (key.lastUsed() == null ? "active and never used" : "active, last used "
                    + key.lastUsed()) + " (credential report); " + c.daysObserved() + " days observed"
                    + (since != null && since.isAfter(start) ? ", since it was created " + since : "")));
        }
        Instant lastLogin = latest(row.passwordLastUsed(), used.lastConsoleLogin());
        if (row.passwordEnabled() && (lastLogin == null || lastLogin.isBefore(start))) {
            Confidence c = Confidence.of(userCreated == null ? lookbackDays : days(userCreated, end), lookbackDays);
            findings.add(new Finding(FindingKind.UNUSED_CONSOLE_PASSWORD, user.name() + " console password",
                    lastLogin, c, (lastLogin == null ? "password enabled and never used" : "password enabled, last"
                    + " used " + lastLogin) + (row.mfaActive() ? "" : ", no MFA") + "; " + c.daysObserved()
                    + " days observed"));
        }
    }

    private static List<RiskyGrant> riskyGrants(Granted granted, Map<String, UsedAccess.UsedAction> inWindow,
                                                ActionCatalogue catalogue, RiskRanking ranking) {
        List<RiskyGrant> risky = new ArrayList<>();
        if (granted.adminEquivalent()) {
            // Administrator access includes the two grants below; listing them again would only repeat it.
            risky.add(new RiskyGrant(RiskyGrantKind.ADMIN_EQUIVALENT, "*",
                    "every action on every resource without condition (AdministratorAccess or equivalent), which"
                            + " includes iam:PassRole on * and every sensitive service; used " + inWindow.size()
                            + " action(s) in the lookback"));
            return risky;
        }
        // Unconditional only: a conditional PassRole on * (iam:PassedToService, as AWS's service-role policies
        // write it) already says where the role may go.
        granted.grant("iam:PassRole").filter(ActionGrant::everyResource).ifPresent(g -> risky.add(
                new RiskyGrant(RiskyGrantKind.PASS_ROLE_ON_EVERY_RESOURCE, "iam:PassRole on *",
                        "can hand any role, however privileged, to a service it controls (EC2, Lambda...):"
                                + " privilege escalation; CloudTrail records no PassRole event, so its use cannot"
                                + " be shown: scope it to the roles the principal must pass (granted by "
                                + g.grantedBy().get(0).label() + ")")));
        for (Map.Entry<String, String> sensitive : SENSITIVE_SERVICES.entrySet()) {
            String service = sensitive.getKey();
            List<IamAction> actions = catalogue.actionsOf(service);
            if (actions.isEmpty()) {
                continue;
            }
            Set<String> patterns = new TreeSet<>();
            int granteds = 0;
            int unusedRisky = 0;
            for (IamAction a : actions) {
                ActionGrant g = granted.grant(a.action()).orElse(null);
                if (g == null) {
                    continue;
                }
                granteds++;
                for (StatementRef ref : g.grantedBy()) {
                    Statement s = ref.statement();
                    if (s.notAction()) {
                        patterns.add("NotAction " + s.actions());
                    }
                    for (String p : s.actions()) {
                        if (!s.notAction() && p.indexOf('*') >= 0 && Wildcards.matchesAction(p, a.action())) {
                            patterns.add(p);
                        }
                    }
                }
                if (ranking.risk(a).risky() && !inWindow.containsKey(a.action().toLowerCase(Locale.ROOT))) {
                    unusedRisky++;
                }
            }
            if (!patterns.isEmpty() && unusedRisky > 0) {
                long usedHere = inWindow.keySet().stream().filter(k -> k.startsWith(service + ":")).count();
                risky.add(new RiskyGrant(RiskyGrantKind.SENSITIVE_SERVICE_WILDCARD, String.join(", ", patterns),
                        service + ": " + sensitive.getValue() + "; the wildcard grants " + granteds + " of "
                                + actions.size() + " actions, " + unusedRisky + " of them write or worse and not"
                                + " used; " + usedHere + " used in the lookback"));
            }
        }
        return risky;
    }

    private static long days(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toDays());
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
