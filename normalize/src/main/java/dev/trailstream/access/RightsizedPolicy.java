package dev.trailstream.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An IAM policy that allows only what a principal used, and what it takes away.
 *
 * <p>Each used action keeps the resources and conditions of the statements that granted it: an action granted by an
 * unconditional statement on {@code *} gets {@code *}; otherwise every granting statement contributes its own
 * {@code Resource} (or {@code NotResource}) and {@code Condition}, so the policy never allows more than the original
 * did for that action. Actions with the same service, resources and condition share a statement; a service with
 * several statements gets {@code Sid}s {@code S3}, {@code S32}...
 *
 * @param json           the policy document, compact
 * @param size           its length without whitespace, what IAM counts against its 6,144-character limit
 * @param collapsed      true when actions were collapsed to {@code service:Verb*} to fit under the limit
 * @param fitsLimit      false when even collapsed it is larger than the limit
 * @param services       per service of the original grant: what is kept and removed, riskiest removed first
 * @param usedNotGranted used actions the snapshot does not grant (or the catalogue does not know): granted by
 *                       something the export lacks, kept out of the policy
 * @param notes          what a reader must know: conditions that differed, Deny statements not carried over,
 *                       collapses made
 */
public record RightsizedPolicy(String json, int size, boolean collapsed, boolean fitsLimit,
                               List<ServiceDiff> services, List<String> usedNotGranted, List<String> notes) {
    /** IAM's limit on a customer managed policy, in characters without whitespace. */
    public static final int MANAGED_POLICY_LIMIT = 6_144;

    private static final ObjectMapper JSON = new ObjectMapper();

    public RightsizedPolicy {
        Objects.requireNonNull(json, "json");
        services = List.copyOf(services);
        usedNotGranted = List.copyOf(usedNotGranted);
        notes = List.copyOf(notes);
    }

    /**
     * One service of the original grant.
     *
     * @param service the prefix
     * @param kept    its actions in the rightsized policy, sorted
     * @param removed its granted actions not used, riskiest first
     */
    public record ServiceDiff(String service, List<String> kept, List<IamAction> removed) {
        public ServiceDiff {
            kept = List.copyOf(kept);
            removed = List.copyOf(removed);
        }
    }

    /** The same resources and condition: one statement. */
    private record Scope(String service, List<String> resources, boolean notResource,
                         Map<String, Map<String, List<String>>> conditions) {
    }

    /** Builds the policy with the bundled catalogue and risk ranking. */
    public static RightsizedPolicy of(Granted granted, Collection<String> used) {
        return of(granted, used, ActionCatalogue.get(), RiskRanking.bundled(), MANAGED_POLICY_LIMIT);
    }

    /**
     * @param granted   what the principal may call
     * @param used      the actions it used ({@code service:Name}, any case)
     * @param limit     the size to stay under (IAM's {@link #MANAGED_POLICY_LIMIT}; smaller in tests)
     */
    public static RightsizedPolicy of(Granted granted, Collection<String> used, ActionCatalogue catalogue,
                                      RiskRanking ranking, int limit) {
        List<String> notes = new ArrayList<>();
        Set<String> usedNotGranted = new TreeSet<>();
        Map<Scope, Set<String>> statements = new TreeMap<>(RightsizedPolicy::compareScopes);
        Set<String> kept = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : new TreeSet<>(used)) {
            IamAction action = catalogue.find(name).orElse(null);
            ActionGrant grant = action == null ? null : granted.grant(action.action()).orElse(null);
            if (grant == null) {
                usedNotGranted.add(action == null ? name : action.action());
                continue;
            }
            kept.add(action.action());
            for (Scope scope : scopes(action, grant, notes)) {
                statements.computeIfAbsent(scope, s -> new TreeSet<>()).add(action.action());
            }
            if (!grant.limitedBy().isEmpty()) {
                notes.add(action.action() + ": narrowed in the original by " + grant.limitedBy().size()
                        + " Deny or boundary statement(s) (" + grant.limitedBy().get(0).label()
                        + "...), not carried over: keep them next to this policy");
            }
        }
        String json = render(statements, Map.of());
        boolean collapsed = false;
        if (nonWhitespace(json) > limit) {
            Map<Scope, Set<String>> patterns = new LinkedHashMap<>();
            // Largest statements first: they gain most from collapsing.
            List<Scope> bySize = new ArrayList<>(statements.keySet());
            bySize.sort((a, b) -> statements.get(b).size() - statements.get(a).size());
            for (Scope scope : bySize) {
                Set<String> collapsedActions = collapse(statements.get(scope), catalogue, ranking, used);
                if (collapsedActions.size() < statements.get(scope).size()) {
                    patterns.put(scope, collapsedActions);
                    collapsed = true;
                    json = render(statements, patterns);
                    if (nonWhitespace(json) <= limit) {
                        break;
                    }
                }
            }
            notes.add("the policy was larger than " + limit + " characters: actions collapsed to service:Verb* in "
                    + patterns.size() + " statement(s), each pattern adding no unused risky action");
        }
        int size = nonWhitespace(json);
        if (size > limit) {
            notes.add("still " + size + " characters: split it into several policies");
        }
        return new RightsizedPolicy(json, size, collapsed, size <= limit, diff(granted, kept, ranking),
                List.copyOf(usedNotGranted), notes);
    }

    /** The resources and conditions one action keeps, see the class comment. */
    private static List<Scope> scopes(IamAction action, ActionGrant grant, List<String> notes) {
        Set<Scope> scopes = new LinkedHashSet<>();
        for (StatementRef ref : grant.grantedBy()) {
            Statement s = ref.statement();
            if (!s.conditional() && s.everyResource()) {
                return List.of(new Scope(action.service(), List.of("*"), false, Map.of()));
            }
            List<String> resources = s.resources().isEmpty() || s.everyResource() ? List.of("*")
                    : List.copyOf(new TreeSet<>(s.resources()));
            scopes.add(new Scope(action.service(), resources, s.notResource(), s.conditions()));
        }
        long conditions = scopes.stream().map(Scope::conditions).distinct().count();
        if (conditions > 1) {
            notes.add(action.action() + ": granted under " + conditions + " different conditions; each kept in its"
                    + " own statement");
        }
        return List.copyOf(scopes);
    }

    /**
     * Replaces runs of actions sharing a verb ({@code Describe}, {@code Get}) by {@code service:Verb*} when the
     * pattern matches no risky action (write or worse) that was not used.
     */
    private static Set<String> collapse(Set<String> actions, ActionCatalogue catalogue, RiskRanking ranking,
                                        Collection<String> used) {
        Set<String> usedLower = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        usedLower.addAll(used);
        Map<String, List<String>> byVerb = new TreeMap<>();
        for (String a : actions) {
            int colon = a.indexOf(':');
            byVerb.computeIfAbsent(a.substring(0, colon + 1) + verb(a.substring(colon + 1)), v -> new ArrayList<>())
                    .add(a);
        }
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, List<String>> e : byVerb.entrySet()) {
            String pattern = e.getKey() + "*";
            boolean safe = e.getValue().size() > 1 && catalogue.expand(pattern).stream()
                    .noneMatch(x -> ranking.risk(x).risky() && !usedLower.contains(x.action()));
            if (safe) {
                out.add(pattern);
            } else {
                out.addAll(e.getValue());
            }
        }
        return out;
    }

    /** The leading capitalised word of an action name: {@code Describe} of {@code DescribeInstances}. */
    static String verb(String name) {
        int end = 1;
        while (end < name.length() && Character.isLowerCase(name.charAt(end))) {
            end++;
        }
        return name.substring(0, end);
    }

    private static List<ServiceDiff> diff(Granted granted, Set<String> kept, RiskRanking ranking) {
        Map<String, List<String>> keptBy = new TreeMap<>();
        Map<String, List<IamAction>> removedBy = new TreeMap<>();
        for (IamAction a : granted.actions()) {
            if (kept.contains(a.action())) {
                keptBy.computeIfAbsent(a.service(), s -> new ArrayList<>()).add(a.action());
            } else {
                removedBy.computeIfAbsent(a.service(), s -> new ArrayList<>()).add(a);
            }
        }
        Set<String> services = new TreeSet<>(keptBy.keySet());
        services.addAll(removedBy.keySet());
        List<ServiceDiff> diff = new ArrayList<>();
        for (String service : services) {
            List<IamAction> removed = ranking.riskiestFirst(removedBy.getOrDefault(service, List.of()));
            diff.add(new ServiceDiff(service, keptBy.getOrDefault(service, List.of()), removed));
        }
        return diff;
    }

    private static String render(Map<Scope, Set<String>> statements, Map<Scope, Set<String>> collapsed) {
        List<Map<String, Object>> list = new ArrayList<>();
        Map<String, Integer> perService = new TreeMap<>();
        for (Map.Entry<Scope, Set<String>> e : statements.entrySet()) {
            Scope scope = e.getKey();
            int n = perService.merge(scope.service(), 1, Integer::sum);
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("Sid", sid(scope.service()) + (n > 1 ? String.valueOf(n) : ""));
            st.put("Effect", "Allow");
            st.put("Action", List.copyOf(collapsed.getOrDefault(scope, e.getValue())));
            Object resources = scope.resources().equals(List.of("*")) ? "*" : scope.resources();
            st.put(scope.notResource() ? "NotResource" : "Resource", resources);
            if (!scope.conditions().isEmpty()) {
                st.put("Condition", scope.conditions());
            }
            list.add(st);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", list);
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IAM allows only alphanumerics in a Sid: {@code s3-object-lambda} becomes {@code S3ObjectLambda}. */
    static String sid(String service) {
        StringBuilder sid = new StringBuilder();
        boolean upper = true;
        for (char c : service.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sid.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return sid.toString();
    }

    static int nonWhitespace(String json) {
        int n = 0;
        for (int i = 0; i < json.length(); i++) {
            n += Character.isWhitespace(json.charAt(i)) ? 0 : 1;
        }
        return n;
    }

    private static int compareScopes(Scope a, Scope b) {
        int c = a.service().compareTo(b.service());
        if (c == 0) {
            c = String.join(",", a.resources()).compareTo(String.join(",", b.resources()));
        }
        if (c == 0) {
            c = Boolean.compare(a.notResource(), b.notResource());
        }
        if (c == 0) {
            c = a.conditions().toString().compareTo(b.conditions().toString());
        }
        return c;
    }

    /** Per service: {@code iam: keep 2, remove 38 (riskiest: iam:PassRole, iam:PutUserPolicy, ...)}. */
    public String diffText() {
        StringBuilder text = new StringBuilder();
        for (ServiceDiff d : services) {
            text.append(d.service()).append(": keep ").append(d.kept().size()).append(", remove ")
                    .append(d.removed().size());
            if (!d.removed().isEmpty()) {
                text.append(" (riskiest: ");
                d.removed().stream().limit(3).forEach(a -> text.append(a.action()).append(", "));
                text.setLength(text.length() - 2);
                text.append(d.removed().size() > 3 ? ", ...)" : ")");
            }
            text.append('\n');
        }
        if (!usedNotGranted.isEmpty()) {
            text.append("used but not granted by the snapshot: ").append(String.join(", ", usedNotGranted))
                    .append('\n');
        }
        notes.forEach(n -> text.append("note: ").append(n).append('\n'));
        return text.toString();
    }

    @Override
    public String toString() {
        return "RightsizedPolicy[" + size + " characters" + (collapsed ? ", collapsed" : "") + "]";
    }
}
