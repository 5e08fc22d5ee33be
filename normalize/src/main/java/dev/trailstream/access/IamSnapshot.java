package dev.trailstream.access;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The IAM configuration of one AWS account at one time, as {@code aws iam get-account-authorization-details} prints
 * it: users, groups, roles and managed policies (default versions only). Immutable; read one with {@link #read}.
 *
 * <p>A snapshot may be incomplete without being invalid: an export filtered to roles only, or a policy attached but
 * missing from {@code Policies}. Such gaps are listed in {@link #warnings()} and the evaluator reports them again for
 * each principal they touch, rather than guessing what the missing policy says.
 */
public final class IamSnapshot {
    private final String source;
    private final String accountId;
    private final Instant takenAt;
    private final Map<String, IamUser> users;
    private final Map<String, IamGroup> groupsByName;
    private final Map<String, IamRole> roles;
    private final Map<String, ManagedPolicy> policies;
    private final List<String> warnings;

    /**
     * @param source    where the snapshot came from (a file name), for messages
     * @param accountId the account, from the ARNs; null when no ARN names one
     * @param takenAt   when the export was taken, if the caller knows; null otherwise (the export does not say)
     * @param warnings  gaps found while reading, see the class comment
     */
    public IamSnapshot(String source, String accountId, Instant takenAt, List<IamUser> users, List<IamGroup> groups,
                       List<IamRole> roles, List<ManagedPolicy> policies, List<String> warnings) {
        this.source = Objects.requireNonNull(source, "source");
        this.accountId = accountId;
        this.takenAt = takenAt;
        this.users = index(users, IamUser::arn);
        this.groupsByName = index(groups, IamGroup::name);
        this.roles = index(roles, IamRole::arn);
        this.policies = index(policies, ManagedPolicy::arn);
        this.warnings = List.copyOf(warnings);
    }

    /** Reads an export file; the snapshot's time is unknown. */
    public static IamSnapshot read(Path file) {
        return read(file, null);
    }

    /**
     * Reads an export file.
     *
     * @param takenAt when it was taken, or null
     * @throws InvalidSnapshotException when the file cannot be read, is not JSON or holds malformed entries
     */
    public static IamSnapshot read(Path file, Instant takenAt) {
        return IamSnapshotReader.read(file, takenAt);
    }

    /**
     * Parses export JSON held in memory.
     *
     * @param source what to call it in messages
     * @throws InvalidSnapshotException when it is not JSON or holds malformed entries
     */
    public static IamSnapshot parse(String json, String source, Instant takenAt) {
        return IamSnapshotReader.parse(json, source, takenAt);
    }

    public String source() {
        return source;
    }

    /** The account the snapshot describes (the most frequent account in its ARNs), or null when none. */
    public String accountId() {
        return accountId;
    }

    /** When the export was taken, when the caller said so. */
    public Optional<Instant> takenAt() {
        return Optional.ofNullable(takenAt);
    }

    /** Users in export order. */
    public List<IamUser> users() {
        return List.copyOf(users.values());
    }

    /** Groups in export order. */
    public List<IamGroup> groups() {
        return List.copyOf(groupsByName.values());
    }

    /** Roles in export order. */
    public List<IamRole> roles() {
        return List.copyOf(roles.values());
    }

    /** Managed policies in export order. */
    public List<ManagedPolicy> policies() {
        return List.copyOf(policies.values());
    }

    /** Gaps found while reading: attached policies or groups the export does not include, accounts mixed. */
    public List<String> warnings() {
        return warnings;
    }

    public Optional<IamUser> user(String arn) {
        return Optional.ofNullable(users.get(arn));
    }

    public Optional<IamRole> role(String arn) {
        return Optional.ofNullable(roles.get(arn));
    }

    /** A group by name, as users' {@code GroupList} names them. */
    public Optional<IamGroup> group(String name) {
        return Optional.ofNullable(groupsByName.get(name));
    }

    public Optional<ManagedPolicy> policy(String arn) {
        return Optional.ofNullable(policies.get(arn));
    }

    /** The ARNs of every user and role: the principals {@link PolicyEvaluator} can evaluate. */
    public List<String> principalArns() {
        List<String> arns = new ArrayList<>(users.keySet());
        arns.addAll(roles.keySet());
        return arns;
    }

    @Override
    public String toString() {
        return "IamSnapshot[" + source + ", account " + accountId + ", " + users.size() + " users, "
                + groupsByName.size() + " groups, " + roles.size() + " roles, " + policies.size() + " policies]";
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            if (map.putIfAbsent(key.apply(item), item) != null) {
                throw new IllegalArgumentException("two entries named " + key.apply(item));
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
