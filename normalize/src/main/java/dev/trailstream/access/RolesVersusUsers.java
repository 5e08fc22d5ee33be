package dev.trailstream.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * IAM's best-practice advice on identities, measured over an access review: workloads should use roles with
 * temporary credentials rather than IAM users' long-term keys, console users need MFA, keys are rotated, few
 * principals hold administrator access, and roles nobody assumes are removed. Pure function of its inputs
 * ({@link #of}); nothing here reads a file, a topic or the clock.
 *
 * <p>Ages end at the newest event seen, never the wall clock, so a replay of old logs answers as a live run would.
 * Credential facts (passwords, MFA, keys) come from the credential report alone: the authorization-details export
 * lists none of them, so an account without a report gets a note instead of those sections.
 *
 * @param newestEvent     where ages and the lookback end
 * @param lookbackStart   {@code newestEvent} minus the lookback: an older {@code RoleLastUsed} is not recent use
 * @param rotationAge     an active key rotated longer ago than this is listed in {@link #keysPastRotation}
 * @param accounts        the totals of each account, in input order
 * @param workloadKeys    IAM users whose long-term keys are used like a workload: move the workload to a role
 * @param consoleWithoutMfa users with a console password and no MFA device: enable MFA
 * @param keysPastRotation active access keys older than {@code rotationAge}: rotate
 * @param keysNeverUsed   active access keys never used: deactivate and delete
 * @param administrators  users and roles with administrator-equivalent access ({@link Granted#adminEquivalent()})
 * @param rolesNeverAssumed roles with no event in the history and no recent {@code RoleLastUsed}
 * @param serviceLinkedRolesNeverAssumed the same for service-linked roles, apart: AWS, not the account, uses them
 * @param notes           what could not be assessed, and disagreements between IAM's records and the events
 */
public record RolesVersusUsers(Instant newestEvent, Instant lookbackStart, Duration rotationAge,
                               List<AccountTotals> accounts, List<Item> workloadKeys, List<Item> consoleWithoutMfa,
                               List<Item> keysPastRotation, List<Item> keysNeverUsed, List<Item> administrators,
                               List<Item> rolesNeverAssumed, List<Item> serviceLinkedRolesNeverAssumed,
                               List<String> notes) {
    /** The rotation age of AWS's own guidance and of the CIS benchmark. */
    public static final Duration DEFAULT_ROTATION_AGE = Duration.ofDays(90);
    /** The path AWS gives every service-linked role. */
    static final String SERVICE_LINKED_PATH = "/aws-service-role/";

    public RolesVersusUsers {
        Objects.requireNonNull(newestEvent, "newestEvent");
        accounts = List.copyOf(accounts);
        workloadKeys = List.copyOf(workloadKeys);
        consoleWithoutMfa = List.copyOf(consoleWithoutMfa);
        keysPastRotation = List.copyOf(keysPastRotation);
        keysNeverUsed = List.copyOf(keysNeverUsed);
        administrators = List.copyOf(administrators);
        rolesNeverAssumed = List.copyOf(rolesNeverAssumed);
        serviceLinkedRolesNeverAssumed = List.copyOf(serviceLinkedRolesNeverAssumed);
        notes = List.copyOf(notes);
    }

    /**
     * What the review has of one account.
     *
     * @param snapshot    its IAM export
     * @param credentials its credential report, or null when there is none
     * @param granted     {@link PolicyEvaluator#granted} of every user and role of the snapshot, by the snapshot's ARN
     * @param used        what each was seen doing, by the snapshot's ARN; a principal absent here was never seen
     */
    public record AccountInput(IamSnapshot snapshot, CredentialReport credentials, Map<String, Granted> granted,
                               Map<String, UsedAccess> used) {
        public AccountInput {
            Objects.requireNonNull(snapshot, "snapshot");
            granted = Map.copyOf(granted);
            used = Map.copyOf(used);
        }
    }

    /**
     * One principal or credential in a section.
     *
     * @param accountId    the account
     * @param principalArn the user or role, as the snapshot names it
     * @param role         true for a role
     * @param subject      what the advice is about: the ARN, or {@code <user> access key <slot>}
     * @param evidence     why it is listed, in words, naming the source of each fact
     * @param advice       what to do
     */
    public record Item(String accountId, String principalArn, boolean role, String subject, String evidence,
                       String advice) {
    }

    /**
     * One account's principals.
     *
     * @param accountId          the account
     * @param users              IAM users in the snapshot
     * @param usersWithKeys      of them, with at least one active access key; null without a credential report
     * @param usersWithConsole   of them, with a console password; null without a credential report
     * @param roles              roles in the snapshot, service-linked ones included
     * @param serviceLinkedRoles of them, service-linked (path {@value #SERVICE_LINKED_PATH})
     * @param adminUsers         users with administrator-equivalent access
     * @param adminRoles         roles with administrator-equivalent access
     * @param roleShare          roles other than service-linked over those plus users, 0..1 (0 when there are
     *                           none): the best-practice direction is up
     */
    public record AccountTotals(String accountId, int users, Integer usersWithKeys, Integer usersWithConsole,
                                int roles, int serviceLinkedRoles, int adminUsers, int adminRoles, double roleShare) {
    }

    /** {@link #of(List, Collection, Instant, Duration, Duration)} with 90 days of rotation age and of lookback. */
    public static RolesVersusUsers of(List<AccountInput> accounts, Collection<String> workloadKeyUsers,
                                      Instant newestEvent) {
        return of(accounts, workloadKeyUsers, newestEvent, DEFAULT_ROTATION_AGE, LeastPrivilegeReport.DEFAULT_LOOKBACK);
    }

    /**
     * Builds the report.
     *
     * @param accounts         every account reviewed
     * @param workloadKeyUsers the IAM users whose long-term keys were seen used like a workload (the caller decides
     *                         how; the pipeline uses its {@code long-term-key-workload} findings): user ARNs, matched
     *                         to the snapshots by account and name, whatever the path
     * @param newestEvent      the newest event seen: where ages end
     * @param rotationAge      how old an active key may get; one exactly this old is not yet listed
     * @param lookback         how far back a {@code RoleLastUsed} counts as recent use
     */
    public static RolesVersusUsers of(List<AccountInput> accounts, Collection<String> workloadKeyUsers,
                                      Instant newestEvent, Duration rotationAge, Duration lookback) {
        Objects.requireNonNull(newestEvent, "newestEvent");
        Instant lookbackStart = newestEvent.minus(lookback);
        Set<String> workloadKeys = new HashSet<>();
        workloadKeyUsers.forEach(arn -> workloadKeys.add(userKey(arn)));
        Set<String> matched = new HashSet<>();
        Builder b = new Builder(newestEvent, lookbackStart, rotationAge);
        for (AccountInput account : accounts) {
            b.account(account, workloadKeys, matched);
        }
        Set<String> unknown = new TreeSet<>();
        workloadKeyUsers.forEach(arn -> {
            if (!matched.contains(userKey(arn))) {
                unknown.add(arn);
            }
        });
        if (!unknown.isEmpty()) {
            b.notes.add("keys used like a workload by users no snapshot lists (not assessed): " + unknown);
        }
        return new RolesVersusUsers(newestEvent, lookbackStart, rotationAge, b.totals, b.workload, b.noMfa,
                b.pastRotation, b.neverUsed, b.admins, b.unassumed, b.serviceLinked, b.notes);
    }

    /** {@code <account>:<name>} of a user ARN (names are unique per account whatever the path); else the input. */
    static String userKey(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length == 6 && parts[5].startsWith("user/")) {
            return parts[4] + ":" + parts[5].substring(parts[5].lastIndexOf('/') + 1);
        }
        return arn;
    }

    /** The sections, filled account by account. */
    private static final class Builder {
        final Instant newest;
        final Instant lookbackStart;
        final Duration rotationAge;
        final List<AccountTotals> totals = new ArrayList<>();
        final List<Item> workload = new ArrayList<>();
        final List<Item> noMfa = new ArrayList<>();
        final List<Item> pastRotation = new ArrayList<>();
        final List<Item> neverUsed = new ArrayList<>();
        final List<Item> admins = new ArrayList<>();
        final List<Item> unassumed = new ArrayList<>();
        final List<Item> serviceLinked = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Builder(Instant newest, Instant lookbackStart, Duration rotationAge) {
            this.newest = newest;
            this.lookbackStart = lookbackStart;
            this.rotationAge = rotationAge;
        }

        void account(AccountInput in, Set<String> workloadKeys, Set<String> matched) {
            IamSnapshot snapshot = in.snapshot();
            String account = snapshot.accountId() != null ? snapshot.accountId() : snapshot.source();
            CredentialReport report = in.credentials();
            if (report == null) {
                notes.add("account " + account + ": no credential report, so console passwords, MFA and access keys"
                        + " are not assessed (the IAM export lists none of them); users whose keys are used like a"
                        + " workload are listed without their keys' last use");
            }
            int withKeys = 0;
            int withConsole = 0;
            int adminUsers = 0;
            List<String> notInReport = new ArrayList<>();
            List<String> rotationUnknown = new ArrayList<>();
            for (IamUser user : snapshot.users()) {
                CredentialReport.Row row = report == null ? null : report.row(user.arn()).orElse(null);
                if (report != null && row == null) {
                    notInReport.add(user.name());
                }
                if (row != null) {
                    withKeys += row.accessKeys().isEmpty() ? 0 : 1;
                    withConsole += row.passwordEnabled() ? 1 : 0;
                    credentials(account, user, row, in.used().get(user.arn()), rotationUnknown);
                }
                String key = userKey(user.arn());
                if (workloadKeys.contains(key)) {
                    matched.add(key);
                    workload.add(workloadKey(account, user, row, in.used().get(user.arn())));
                }
                if (admin(account, in, user.arn(), false)) {
                    adminUsers++;
                }
            }
            if (!notInReport.isEmpty()) {
                notes.add("account " + account + ": users not in the credential report, their console and keys not"
                        + " assessed: " + notInReport);
            }
            if (!rotationUnknown.isEmpty()) {
                notes.add("account " + account + ": the credential report gives no rotation date for "
                        + rotationUnknown + ": their age is not assessed");
            }
            int serviceLinkedRoles = 0;
            int adminRoles = 0;
            for (IamRole role : snapshot.roles()) {
                boolean linked = role.path() != null && role.path().startsWith(SERVICE_LINKED_PATH);
                serviceLinkedRoles += linked ? 1 : 0;
                role(account, role, linked, in.used().get(role.arn()));
                if (admin(account, in, role.arn(), true)) {
                    adminRoles++;
                }
            }
            int users = snapshot.users().size();
            int ownRoles = snapshot.roles().size() - serviceLinkedRoles;
            double share = users + ownRoles == 0 ? 0 : (double) ownRoles / (users + ownRoles);
            totals.add(new AccountTotals(account, users, report == null ? null : withKeys,
                    report == null ? null : withConsole, snapshot.roles().size(), serviceLinkedRoles, adminUsers,
                    adminRoles, share));
        }

        private Item workloadKey(String account, IamUser user, CredentialReport.Row row, UsedAccess used) {
            StringBuilder why = new StringBuilder("its long-term access key is used like a workload (around the"
                    + " clock or from many addresses), and a long-term key never expires and works from anywhere");
            List<String> seen = used == null ? List.of() : used.accessKeys().stream()
                    .filter(k -> k.accessKeyId().startsWith("AKIA"))
                    .map(k -> k.accessKeyId() + " last " + k.lastUse()).toList();
            if (!seen.isEmpty()) {
                why.append("; long-term keys seen signing calls: ").append(String.join(", ", seen));
            }
            if (row != null) {
                for (CredentialReport.AccessKey k : row.accessKeys()) {
                    why.append("; key ").append(k.slot()).append(k.lastUsed() == null ? " never used"
                            : " last used " + k.lastUsed() + (k.lastUsedService() == null ? ""
                            : " on " + k.lastUsedService())).append(" (credential report)");
                }
            }
            return new Item(account, user.arn(), false, user.arn(), why.toString(),
                    "move the workload to an IAM role with temporary credentials (instance profile, task or"
                            + " function role, IAM Roles Anywhere outside AWS), then deactivate and delete the key");
        }

        private void credentials(String account, IamUser user, CredentialReport.Row row, UsedAccess used,
                                 List<String> rotationUnknown) {
            if (row.passwordEnabled() && !row.mfaActive()) {
                Instant seenLogin = used == null ? null : used.lastConsoleLogin();
                noMfa.add(new Item(account, user.arn(), false, user.arn(), "console password enabled and no MFA"
                        + " device active (credential report); password " + (row.passwordLastUsed() == null
                        ? "never used" : "last used " + row.passwordLastUsed()) + (seenLogin == null ? ""
                        : "; last console sign-in seen " + seenLogin),
                        "enable MFA for the user (or move the person to IAM Identity Center and delete the password)"));
            }
            for (CredentialReport.AccessKey key : row.accessKeys()) {
                String subject = user.name() + " access key " + key.slot();
                String lastUse = key.lastUsed() == null ? "never used" : "last used " + key.lastUsed()
                        + (key.lastUsedService() == null ? "" : " on " + key.lastUsedService());
                if (key.lastRotated() == null) {
                    rotationUnknown.add(subject);
                } else if (Duration.between(key.lastRotated(), newest).compareTo(rotationAge) > 0) {
                    long days = Duration.between(key.lastRotated(), newest).toDays();
                    pastRotation.add(new Item(account, user.arn(), false, subject, "active, created or last rotated "
                            + key.lastRotated() + ", " + days + " days before the newest event " + newest
                            + " (rotation age " + rotationAge.toDays() + " days); " + lastUse + " (credential report)",
                            "rotate it: create a second key, move the callers to it, deactivate and delete this one"
                                    + " (or move the caller to a role and delete both)"));
                }
                if (key.lastUsed() == null) {
                    neverUsed.add(new Item(account, user.arn(), false, subject, "active and never used"
                            + (key.lastRotated() == null ? "" : " since it was created or rotated "
                            + key.lastRotated()) + " (credential report)",
                            "deactivate and delete it: a key nobody uses is only a risk"));
                }
            }
        }

        private boolean admin(String account, AccountInput in, String arn, boolean role) {
            Granted granted = in.granted().get(arn);
            if (granted == null) {
                throw new IllegalArgumentException("no Granted for " + arn + " of account " + account);
            }
            if (!granted.adminEquivalent()) {
                return false;
            }
            // Every action is allowed: the statements granting one of them name the policies giving it all.
            Set<String> policies = new LinkedHashSet<>();
            granted.grant("iam:PassRole").ifPresent(g -> g.grantedBy().forEach(r -> policies.add(r.policy().label())));
            admins.add(new Item(account, arn, role, arn, "every catalogued action allowed on every resource without"
                    + " condition" + (policies.isEmpty() ? "" : ", granted by " + String.join(", ", policies)),
                    role ? "keep administrator roles few, with a narrow trust policy and MFA to assume them; scope"
                            + " this one to what it does (see its rightsized policy)"
                            : "take administrator access off the user: give the person a role to assume when needed,"
                            + " with MFA, and no standing administrator rights"));
            return true;
        }

        private void role(String account, IamRole role, boolean linked, UsedAccess used) {
            boolean seen = used != null && (used.lastEvent() != null || used.firstEvent() != null);
            if (seen) {
                return;
            }
            Instant iam = role.lastUsed().lastUsedDate();
            if (iam != null && !iam.isBefore(lookbackStart)) {
                // IAM saw the role used recently, our events did not: not unassumed, but a gap worth saying.
                notes.add("role " + role.arn() + ": no event of it in the history, but IAM's RoleLastUsed says "
                        + iam + ": not listed as never assumed; are logs missing?");
                return;
            }
            Instant historyStart = used == null ? null : used.historyStart();
            String events = historyStart == null ? "no event of the role seen"
                    : "no event of the role in the history seen since " + historyStart + " ("
                    + Math.max(0, Duration.between(historyStart, newest).toDays()) + " days)";
            String recorded = iam == null
                    ? "IAM's RoleLastUsed is empty: IAM saw no use in the time it tracks (about 400 days)"
                    : "IAM's RoleLastUsed " + iam + " is before the lookback start " + lookbackStart;
            String created = role.createDate() == null ? "" : "; created " + role.createDate();
            if (linked) {
                serviceLinked.add(new Item(account, role.arn(), true, role.arn(), events + "; " + recorded + created,
                        "a service-linked role: AWS uses it for its service, not the account; delete it with the"
                                + " feature that created it if that is no longer used"));
            } else {
                unassumed.add(new Item(account, role.arn(), true, role.arn(), events + "; " + recorded + created,
                        "find who needs it (its trust policy says who may assume it); delete it if nobody does"));
            }
        }
    }
}
