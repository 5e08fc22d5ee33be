package dev.trailstream.access;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the JSON of {@code aws iam get-account-authorization-details} into an {@link IamSnapshot}. Everything wrong
 * is collected and thrown together as one {@link InvalidSnapshotException}; the AWS CLI's pagination is assumed to be
 * merged already (one object with the four lists).
 */
final class IamSnapshotReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LISTS =
            List.of("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies");

    private final String source;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final PolicyDocumentParser documents = new PolicyDocumentParser(problems);
    /** Account id → how many ARNs name it. */
    private final Map<String, Integer> accounts = new TreeMap<>();

    private IamSnapshotReader(String source) {
        this.source = source;
    }

    static IamSnapshot read(Path file, Instant takenAt) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidSnapshotException(file.toString(), List.of("cannot read the file: " + e));
        }
        return parse(text, file.toString(), takenAt);
    }

    static IamSnapshot parse(String json, String source, Instant takenAt) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidSnapshotException(source, List.of("not valid JSON"
                    + (at != null ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "")
                    + ": " + e.getOriginalMessage()));
        }
        return new IamSnapshotReader(source).snapshot(root, takenAt);
    }

    private IamSnapshot snapshot(JsonNode root, Instant takenAt) {
        if (root == null || !root.isObject()) {
            throw new InvalidSnapshotException(source, List.of("the file must hold one JSON object with "
                    + String.join(", ", LISTS)));
        }
        if (LISTS.stream().noneMatch(root::has)) {
            throw new InvalidSnapshotException(source, List.of("none of " + String.join(", ", LISTS)
                    + " is present: not the output of aws iam get-account-authorization-details"));
        }
        List<IamUser> users = entries(root, "UserDetailList", this::user);
        List<IamGroup> groups = entries(root, "GroupDetailList", this::group);
        List<IamRole> roles = entries(root, "RoleDetailList", this::role);
        List<ManagedPolicy> policies = entries(root, "Policies", this::policy);
        unique(users.stream().map(IamUser::arn).toList(), "user");
        unique(groups.stream().map(IamGroup::name).toList(), "group");
        unique(roles.stream().map(IamRole::arn).toList(), "role");
        unique(policies.stream().map(ManagedPolicy::arn).toList(), "policy");
        if (!problems.isEmpty()) {
            throw new InvalidSnapshotException(source, problems);
        }
        checkReferences(users, groups, roles, policies);
        String account = accounts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(null);
        if (accounts.size() > 1) {
            warnings.add("ARNs of several accounts " + accounts + "; taking " + account);
        }
        return new IamSnapshot(source, account, takenAt, users, groups, roles, policies, warnings);
    }

    private IamUser user(JsonNode u) {
        Entry e = entry(u, "user", "UserName");
        String name = e.name();
        String where = e.where();
        String arn = e.arn();
        List<String> groupNames = new ArrayList<>();
        for (JsonNode g : list(u, "GroupList")) {
            if (g.isTextual()) {
                groupNames.add(g.asText());
            } else {
                problems.add(where + ": GroupList must hold group names, found " + g);
            }
        }
        List<InlinePolicy> inline = inline(u, "UserPolicyList", where);
        List<AttachedPolicy> attached = attached(u, where);
        String boundary = boundary(u, where);
        Instant created = date(u, "CreateDate", where);
        if (arn == null || name == null) {
            return null;
        }
        return new IamUser(arn, name, text(u, "UserId"), text(u, "Path"), created, groupNames, inline, attached,
                boundary);
    }

    private IamGroup group(JsonNode g) {
        Entry e = entry(g, "group", "GroupName");
        String name = e.name();
        String where = e.where();
        String arn = e.arn();
        List<InlinePolicy> inline = inline(g, "GroupPolicyList", where);
        List<AttachedPolicy> attached = attached(g, where);
        Instant created = date(g, "CreateDate", where);
        if (arn == null || name == null) {
            return null;
        }
        return new IamGroup(arn, name, text(g, "GroupId"), text(g, "Path"), created, inline, attached);
    }

    private IamRole role(JsonNode r) {
        Entry e = entry(r, "role", "RoleName");
        String name = e.name();
        String where = e.where();
        String arn = e.arn();
        PolicyDocument trust = r.hasNonNull("AssumeRolePolicyDocument")
                ? documents.parse(r.get("AssumeRolePolicyDocument"), where + ", trust policy",
                PolicyDocumentParser.Kind.TRUST)
                : null;
        List<InlinePolicy> inline = inline(r, "RolePolicyList", where);
        List<AttachedPolicy> attached = attached(r, where);
        String boundary = boundary(r, where);
        Instant created = date(r, "CreateDate", where);
        RoleLastUsed lastUsed = RoleLastUsed.NEVER;
        JsonNode used = r.get("RoleLastUsed");
        if (used != null && used.isObject() && !used.isEmpty()) {
            lastUsed = new RoleLastUsed(date(used, "LastUsedDate", where + ", RoleLastUsed"), text(used, "Region"));
        }
        if (arn == null || name == null) {
            return null;
        }
        return new IamRole(arn, name, text(r, "RoleId"), text(r, "Path"), created, trust, inline, attached, boundary,
                lastUsed);
    }

    private ManagedPolicy policy(JsonNode p) {
        Entry e = entry(p, "policy", "PolicyName");
        String name = e.name();
        String where = e.where();
        String arn = e.arn();
        String defaultVersion = text(p, "DefaultVersionId");
        JsonNode chosen = null;
        for (JsonNode v : list(p, "PolicyVersionList")) {
            // IsDefaultVersion is authoritative; DefaultVersionId is the fallback for hand-trimmed exports.
            if (v.path("IsDefaultVersion").asBoolean(false)
                    || (chosen == null && defaultVersion != null && defaultVersion.equals(text(v, "VersionId")))) {
                chosen = v;
            }
        }
        PolicyDocument document = null;
        if (chosen == null) {
            problems.add(where + ": no default version in PolicyVersionList (DefaultVersionId " + defaultVersion + ")");
        } else {
            document = documents.parse(chosen.get("Document"), where + " " + text(chosen, "VersionId"),
                    PolicyDocumentParser.Kind.IDENTITY);
        }
        Instant created = date(p, "CreateDate", where);
        Instant updated = date(p, "UpdateDate", where);
        if (arn == null || name == null || document == null) {
            return null;
        }
        return new ManagedPolicy(arn, name, text(p, "PolicyId"), text(p, "Path"), defaultVersion, document, created,
                updated, p.path("AttachmentCount").asInt(0));
    }

    private List<InlinePolicy> inline(JsonNode owner, String field, String where) {
        List<InlinePolicy> policies = new ArrayList<>();
        for (JsonNode p : list(owner, field)) {
            String name = text(p, "PolicyName");
            if (name == null) {
                problems.add(where + ": an entry of " + field + " has no PolicyName");
                continue;
            }
            PolicyDocument document = documents.parse(p.get("PolicyDocument"), where + ", inline policy " + name,
                    PolicyDocumentParser.Kind.IDENTITY);
            if (document != null) {
                policies.add(new InlinePolicy(name, document));
            }
        }
        return policies;
    }

    private List<AttachedPolicy> attached(JsonNode owner, String where) {
        List<AttachedPolicy> policies = new ArrayList<>();
        for (JsonNode p : list(owner, "AttachedManagedPolicies")) {
            String arn = text(p, "PolicyArn");
            if (arn == null) {
                problems.add(where + ": an attached managed policy has no PolicyArn");
            } else {
                policies.add(new AttachedPolicy(text(p, "PolicyName"), arn));
            }
        }
        return policies;
    }

    private String boundary(JsonNode owner, String where) {
        JsonNode b = owner.get("PermissionsBoundary");
        if (b == null || b.isNull() || b.isEmpty()) {
            return null;
        }
        String arn = text(b, "PermissionsBoundaryArn");
        if (arn == null) {
            problems.add(where + ": PermissionsBoundary has no PermissionsBoundaryArn");
        }
        return arn;
    }

    /** An entry's name (a problem when missing), how messages name it, and its ARN (checked by {@link #arn}). */
    private record Entry(String name, String where, String arn) {
    }

    private Entry entry(JsonNode node, String kind, String nameField) {
        String name = text(node, nameField);
        String where = kind + " " + (name != null ? name : "#?");
        String arn = arn(node, where);
        if (name == null) {
            problems.add(where + ": no " + nameField);
        }
        return new Entry(name, where, arn);
    }

    private String arn(JsonNode entry, String where) {
        String arn = text(entry, "Arn");
        if (arn == null) {
            problems.add(where + ": no Arn");
            return null;
        }
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("iam")) {
            problems.add(where + ": Arn \"" + arn + "\" is not an IAM ARN");
            return null;
        }
        if (!parts[4].equals("aws")) {
            accounts.merge(parts[4], 1, Integer::sum);
        }
        return arn;
    }

    /**
     * A date as the AWS CLI prints it: ISO-8601 ({@code 2023-03-09T10:41:45Z}) or Python's
     * {@code 2023-03-09 10:41:45+00:00} (boto3 and the exports saved by tools built on it). Null when absent.
     */
    private Instant date(JsonNode entry, String field, String where) {
        String text = text(entry, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip().replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(where + ": " + field + " \"" + text + "\" is not a date");
            return null;
        }
    }

    private void checkReferences(List<IamUser> users, List<IamGroup> groups, List<IamRole> roles,
                                 List<ManagedPolicy> policies) {
        Set<String> groupNames = new HashSet<>();
        groups.forEach(g -> groupNames.add(g.name()));
        Set<String> policyArns = new HashSet<>();
        policies.forEach(p -> policyArns.add(p.arn()));
        Map<String, List<String>> missing = new TreeMap<>();
        for (IamUser u : users) {
            for (String g : u.groups()) {
                if (!groupNames.contains(g)) {
                    warnings.add("user " + u.name() + " belongs to group " + g + ", which the export does not include");
                }
            }
            u.attachedPolicies().forEach(p -> note(missing, policyArns, p.arn(), "user " + u.name()));
            note(missing, policyArns, u.permissionsBoundary(), "user " + u.name() + " (boundary)");
        }
        for (IamGroup g : groups) {
            g.attachedPolicies().forEach(p -> note(missing, policyArns, p.arn(), "group " + g.name()));
        }
        for (IamRole r : roles) {
            r.attachedPolicies().forEach(p -> note(missing, policyArns, p.arn(), "role " + r.name()));
            note(missing, policyArns, r.permissionsBoundary(), "role " + r.name() + " (boundary)");
        }
        missing.forEach((arn, who) -> warnings.add("policy " + arn + " is attached to " + String.join(", ", who)
                + " but not in Policies: what it grants is unknown"));
    }

    private static void note(Map<String, List<String>> missing, Set<String> known, String arn, String who) {
        if (arn != null && !known.contains(arn)) {
            missing.computeIfAbsent(arn, a -> new ArrayList<>()).add(who);
        }
    }

    private void unique(List<String> keys, String what) {
        Map<String, Integer> seen = new HashMap<>();
        keys.forEach(k -> seen.merge(k, 1, Integer::sum));
        seen.forEach((k, n) -> {
            if (n > 1) {
                problems.add(what + " " + k + " appears " + n + " times");
            }
        });
    }

    /** The entries of one of the export's lists that read without a problem (the others are in the problems). */
    private <T> List<T> entries(JsonNode root, String field, java.util.function.Function<JsonNode, T> read) {
        List<T> out = new ArrayList<>();
        for (JsonNode node : list(root, field)) {
            T entry = read.apply(node);
            if (entry != null) {
                out.add(entry);
            }
        }
        return out;
    }

    private Iterable<JsonNode> list(JsonNode owner, String field) {
        JsonNode node = owner.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(field + " must be a list" + (owner.has("Arn") ? " in " + owner.get("Arn").asText() : ""));
            return List.of();
        }
        return node;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
