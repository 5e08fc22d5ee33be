package dev.trailstream.iam;

import dev.trailstream.access.UsedAccess;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.profile.Seen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What every IAM user and role of the snapshots was seen doing, gathered from the behaviour profiles: the
 * {@link UsedAccess} that {@link dev.trailstream.access.LeastPrivilegeReport} compares with the grant.
 *
 * <p>Profiles and snapshot entries meet by account, kind and name ({@link #key}), not by the whole ARN: CloudTrail
 * names a role session {@code arn:aws:sts::<acct>:assumed-role/<name>/<session>}, without the role's path, while
 * the export writes {@code arn:aws:iam::<acct>:role/<path>/<name>}; names are unique per account whatever the path.
 * A role has one profile per role ({@code Principals} keys workload sessions by the role ARN) but one per person for
 * IAM Identity Center sessions (keyed by the session ARN, the role in {@link PrincipalProfile#arn()}): all of a
 * role's profiles are merged into its use.
 *
 * <p>Only profiles of a principal the snapshots name are kept, so memory grows with the snapshots, not the history.
 * Feed every profile with {@link #add} first: the end of the lookback and the start of each account's history are
 * the newest and oldest events over all profiles, not only those of snapshot principals.
 */
public final class ProfileUsage {
    /** Snapshot principal key to its merged use, null until a profile of it is seen. */
    private final Map<String, Merged> byKey = new HashMap<>();
    private final Map<String, Instant> historyStart = new TreeMap<>();
    private Instant newest;

    /** @param principalArns the users and roles to gather use for, as the snapshots name them */
    public ProfileUsage(Collection<String> principalArns) {
        for (String arn : principalArns) {
            String key = key(arn);
            if (key != null) {
                byKey.put(key, null);
            }
        }
    }

    /** Counts one profile: its times always, its use when it belongs to a snapshot principal. */
    public void add(PrincipalProfile profile) {
        if (profile.lastSeen() != null && (newest == null || profile.lastSeen().isAfter(newest))) {
            newest = profile.lastSeen();
        }
        if (profile.accountId() != null && profile.firstSeen() != null) {
            historyStart.merge(profile.accountId(), profile.firstSeen(), (a, b) -> a.isBefore(b) ? a : b);
        }
        String key = key(profile.arn() != null ? profile.arn() : profile.principalId());
        if (key == null || !byKey.containsKey(key)) {
            return;
        }
        byKey.compute(key, (k, merged) -> (merged == null ? new Merged() : merged).add(profile));
    }

    /** The newest event time over every profile: where the lookback ends. Empty when no event was seen. */
    public Optional<Instant> newestEvent() {
        return Optional.ofNullable(newest);
    }

    /** How many profiles were merged into the principal's use (0: nothing seen of it). */
    public int profiles(String principalArn) {
        Merged merged = byKey.get(key(principalArn));
        return merged == null ? 0 : merged.profiles;
    }

    /**
     * The principal's use, for a history ending at {@code newestEvent}.
     *
     * @param accountId the snapshot's account: its oldest event starts the history (the principal's own first event
     *                  when the account has none, see {@link UsedAccess})
     */
    public UsedAccess used(String principalArn, String accountId, Instant newestEvent) {
        Instant start = accountId == null ? null : historyStart.get(accountId);
        Merged m = byKey.get(key(principalArn));
        if (m == null) {
            return UsedAccess.nothingSeen(principalArn, start, newestEvent);
        }
        List<UsedAccess.UsedAction> actions = new ArrayList<>();
        m.actions.forEach((name, seen) -> actions.add(new UsedAccess.UsedAction(name, seen.first(), seen.last(),
                seen.count())));
        List<UsedAccess.KeyUse> keys = new ArrayList<>();
        m.keys.forEach((id, last) -> keys.add(new UsedAccess.KeyUse(id, last)));
        List<UsedAccess.DeniedAction> denied = new ArrayList<>();
        m.denied.forEach((name, seen) -> denied.add(new UsedAccess.DeniedAction(name, seen.first(), seen.last(),
                seen.count(), m.deniedResources.get(name))));
        return new UsedAccess(principalArn, actions, keys, m.lastConsoleLogin, m.first, m.last, start, newestEvent,
                denied);
    }

    /** How many used actions the principal's profiles dropped to stay within their cap (then "unused" may be wrong). */
    public long evictedActions(String principalArn) {
        Merged merged = byKey.get(key(principalArn));
        return merged == null ? 0 : merged.evicted;
    }

    /**
     * {@code <account>:user/<name>} or {@code <account>:role/<name>} of an IAM user ARN, role ARN or assumed-role
     * session ARN; null for anything else (root, services, federated users).
     */
    static String key(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || parts[4].isEmpty()) {
            return null;
        }
        String resource = parts[5];
        if (parts[2].equals("iam") && (resource.startsWith("user/") || resource.startsWith("role/"))) {
            String kind = resource.substring(0, 4);
            return parts[4] + ":" + kind + "/" + resource.substring(resource.lastIndexOf('/') + 1);
        }
        if (parts[2].equals("sts") && resource.startsWith("assumed-role/")) {
            String rest = resource.substring("assumed-role/".length());
            int slash = rest.indexOf('/');
            return parts[4] + ":role/" + (slash < 0 ? rest : rest.substring(0, slash));
        }
        return null;
    }

    /**
     * One principal's profiles merged: times widened, counts summed; a denied action's resource from the profile
     * that was denied it last.
     */
    private static final class Merged {
        final Map<String, Seen> actions = new TreeMap<>();
        final Map<String, Seen> denied = new TreeMap<>();
        final Map<String, String> deniedResources = new HashMap<>();
        final Map<String, Instant> keys = new TreeMap<>();
        Instant lastConsoleLogin;
        Instant first;
        Instant last;
        long evicted;
        int profiles;

        Merged add(PrincipalProfile p) {
            profiles++;
            evicted += p.usedActions().evicted();
            p.usedActions().names().forEach((name, seen) -> actions.merge(name, seen, ProfileUsage::sum));
            p.deniedActions().names().forEach((name, seen) -> {
                Seen before = denied.get(name);
                String resource = p.deniedResources().get(name);
                if (resource != null && (before == null || !seen.last().isBefore(before.last())
                        || !deniedResources.containsKey(name))) {
                    deniedResources.put(name, resource);
                }
                denied.merge(name, seen, ProfileUsage::sum);
            });
            p.accessKeys().names().forEach((id, seen) -> keys.merge(id, seen.last(), ProfileUsage::latest));
            lastConsoleLogin = latest(lastConsoleLogin, p.lastConsoleLogin());
            first = earliest(first, p.firstSeen());
            last = latest(last, p.lastSeen());
            return this;
        }
    }

    private static Seen sum(Seen a, Seen b) {
        return new Seen(a.count() + b.count(), earliest(a.first(), b.first()), latest(a.last(), b.last()));
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
