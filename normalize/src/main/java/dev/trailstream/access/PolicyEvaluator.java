package dev.trailstream.access;

import dev.trailstream.normalize.ActionCatalogue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Answers "which actions can this principal call" ({@link #granted}) and "why is this call allowed or denied"
 * ({@link #explain}) from an {@link IamSnapshot}, following AWS's policy evaluation logic for identity-based policies
 * within one account:
 *
 * <ol>
 *   <li>everything is denied by default (implicit deny);</li>
 *   <li>an Allow in any identity policy grants: the user's or role's inline and attached managed policies (default
 *       version) and, for a user, every group's inline and attached managed policies;</li>
 *   <li>an explicit Deny in any of them overrides every Allow;</li>
 *   <li>a permissions boundary intersects: an action must be allowed by the identity policies <em>and</em> by the
 *       boundary; a Deny in the boundary denies too; no boundary, no limit.</li>
 * </ol>
 *
 * <p>{@code Action} and {@code NotAction} are expanded against the {@link ActionCatalogue} ({@code *} and {@code ?}
 * wildcards, ignoring case); {@code NotAction} covers every catalogued action except those named. Conditions are
 * kept, never evaluated: the evaluator does not know the request. So a grant is {@link Access#CONDITIONAL} when every
 * allowing statement has a condition, or when a Deny might apply. The choice for Deny statements: only a Deny without
 * conditions on {@code "Resource": "*"} removes an action; a Deny with conditions, or on specific resources (or with
 * {@code NotResource}), makes the action conditional and is listed in {@link ActionGrant#limitedBy()}, because
 * removing it would hide grants that hold for most requests and ignoring it would hide a restriction. The resource
 * scoping of allowing statements is kept ({@link ActionGrant#resources()}) for advice; when both identity policies
 * and boundary are scoped, the intersection of their ARN patterns is not computed.
 *
 * <p>Not in the export, so not evaluated: service control policies and resource control policies (AWS
 * Organizations), resource-based policies (bucket, key, queue policies, role trust policies as grants), session
 * policies, and the cross-account rules. A role's trust policy is kept in the snapshot but says who may assume the
 * role, not what the role may do. "Granted" here is therefore an upper bound where SCPs exist, and may miss access
 * that a resource policy grants to the principal directly.
 *
 * <p>Thread-safe; the expansion of every action pattern is cached, so one evaluator should serve a whole snapshot.
 */
public final class PolicyEvaluator {
    private enum Match { NO, MAYBE, YES }

    private final ActionIndex index;

    /** An evaluator over the bundled catalogue. */
    public PolicyEvaluator() {
        this(ActionCatalogue.get());
    }

    public PolicyEvaluator(ActionCatalogue catalogue) {
        this.index = new ActionIndex(catalogue);
    }

    /**
     * Every catalogued action the user or role may call.
     *
     * @throws IllegalArgumentException when the snapshot has no user or role with that ARN
     */
    public Granted granted(IamSnapshot snapshot, String principalArn) {
        PrincipalPolicies policies = PrincipalPolicies.of(snapshot, principalArn);
        List<UnmatchedPattern> unmatched = new ArrayList<>();
        Sets identity = new Sets();
        for (PrincipalPolicies.Applied p : policies.identity()) {
            identity.add(p, unmatched);
        }
        BitSet allowed = identity.allowAny;
        BitSet sure = identity.allowUnconditional;
        BitSet everyResource = identity.allowEveryResource;
        List<Granted.Contribution> limits = new ArrayList<>(identity.softDenies);
        BitSet hardDeny = identity.hardDeny;
        BitSet softDeny = identity.softDeny;
        if (policies.boundary() != null) {
            Sets boundary = new Sets();
            boundary.add(policies.boundary(), unmatched);
            allowed.and(boundary.allowAny);
            sure.and(boundary.allowUnconditional);
            everyResource.and(boundary.allowEveryResource);
            hardDeny.or(boundary.hardDeny);
            softDeny.or(boundary.softDeny);
            limits.addAll(boundary.softDenies);
            limits.addAll(boundary.allows);
        }
        allowed.andNot(hardDeny);
        sure.and(allowed);
        sure.andNot(softDeny);
        everyResource.and(sure);
        BitSet conditional = (BitSet) allowed.clone();
        conditional.andNot(sure);
        return new Granted(principalArn, policies.boundaryArn(), index, allowed, conditional, everyResource,
                identity.allows, limits, unmatched, policies.unresolved());
    }

    /**
     * Why a call of {@code action} on some resource is allowed or denied: {@link #explain(IamSnapshot, String, String,
     * String)} without a resource.
     */
    public Decision explain(IamSnapshot snapshot, String principalArn, String action) {
        return explain(snapshot, principalArn, action, null);
    }

    /**
     * Why a call of {@code action} on {@code resource} is allowed or denied, and which statements decide it.
     * Works for uncatalogued actions too (patterns are matched against the name directly).
     *
     * @param action   {@code service:Name}, any case
     * @param resource the resource ARN, or null for "on some resource" (then a Deny on specific resources may apply,
     *                 which makes the answer conditional, while an Allow on specific resources counts)
     * @throws IllegalArgumentException when the snapshot has no user or role with that ARN
     */
    public Decision explain(IamSnapshot snapshot, String principalArn, String action, String resource) {
        PrincipalPolicies policies = PrincipalPolicies.of(snapshot, principalArn);
        List<StatementRef> denies = new ArrayList<>();
        List<StatementRef> mayDeny = new ArrayList<>();
        List<StatementRef> allows = new ArrayList<>();
        List<StatementRef> mayAllow = new ArrayList<>();
        for (PrincipalPolicies.Applied p : policies.identity()) {
            sort(p, action, resource, denies, mayDeny, allows, mayAllow);
        }
        List<StatementRef> boundaryDenies = new ArrayList<>();
        List<StatementRef> boundaryAllows = new ArrayList<>();
        List<StatementRef> boundaryMayAllow = new ArrayList<>();
        if (policies.boundary() != null) {
            sort(policies.boundary(), action, resource, boundaryDenies, mayDeny, boundaryAllows, boundaryMayAllow);
        }
        if (!denies.isEmpty()) {
            return decision(policies, action, resource, Outcome.EXPLICIT_DENY, denies, List.of());
        }
        if (!boundaryDenies.isEmpty()) {
            return decision(policies, action, resource, Outcome.BOUNDARY_DENY, boundaryDenies, List.of());
        }
        if (allows.isEmpty() && mayAllow.isEmpty()) {
            return decision(policies, action, resource, Outcome.IMPLICIT_DENY, List.of(), List.of());
        }
        boolean bounded = policies.boundary() != null;
        if (bounded && boundaryAllows.isEmpty() && boundaryMayAllow.isEmpty()) {
            return decision(policies, action, resource, Outcome.BOUNDARY_DENY, List.of(), List.of());
        }
        List<StatementRef> responsible = new ArrayList<>();
        if (!allows.isEmpty() && (!bounded || !boundaryAllows.isEmpty()) && mayDeny.isEmpty()) {
            responsible.addAll(allows);
            responsible.addAll(boundaryAllows);
            return decision(policies, action, resource, Outcome.ALLOWED, responsible, List.of());
        }
        responsible.addAll(allows);
        responsible.addAll(mayAllow);
        responsible.addAll(boundaryAllows);
        responsible.addAll(boundaryMayAllow);
        return decision(policies, action, resource, Outcome.CONDITIONAL, responsible, mayDeny);
    }

    private static Decision decision(PrincipalPolicies policies, String action, String resource, Outcome outcome,
                                     List<StatementRef> responsible, List<StatementRef> mayDeny) {
        return new Decision(action, resource, outcome, responsible, mayDeny, policies.boundaryArn(),
                policies.unresolved());
    }

    /** Files each statement of a policy under applies / may apply, for Allow and for Deny. */
    private static void sort(PrincipalPolicies.Applied policy, String action, String resource,
                             List<StatementRef> denies, List<StatementRef> mayDeny,
                             List<StatementRef> allows, List<StatementRef> mayAllow) {
        for (Statement s : policy.document().statements()) {
            Match m = match(s, action, resource);
            StatementRef ref = new StatementRef(policy.source(), s);
            boolean deny = s.effect() == Effect.DENY;
            if (m == Match.YES) {
                (deny ? denies : allows).add(ref);
            } else if (m == Match.MAYBE) {
                (deny ? mayDeny : mayAllow).add(ref);
            }
        }
    }

    private static Match match(Statement s, String action, String resource) {
        boolean named = s.actions().stream().anyMatch(p -> Wildcards.matchesAction(p, action));
        if (named == s.notAction()) {
            return Match.NO;
        }
        Match onResource = matchResource(s, resource);
        if (onResource == Match.NO) {
            return Match.NO;
        }
        return s.conditional() ? Match.MAYBE : onResource;
    }

    private static Match matchResource(Statement s, String resource) {
        if (resource == null) {
            // "On some resource": an Allow on any resource answers yes; a Deny on some resources may or may not hit.
            return s.effect() == Effect.ALLOW || s.everyResource() ? Match.YES : Match.MAYBE;
        }
        boolean named = false;
        boolean variable = false;
        for (String pattern : s.resources()) {
            if (Wildcards.hasVariable(pattern)) {
                variable = true;
            } else if (Wildcards.matchesResource(pattern, resource)) {
                named = true;
            }
        }
        Match listed = named ? Match.YES : variable ? Match.MAYBE : Match.NO;
        if (!s.notResource()) {
            return listed;
        }
        return listed == Match.YES ? Match.NO : listed == Match.NO ? Match.YES : Match.MAYBE;
    }

    /** What the statements of some policies cover, accumulated as bit sets over the catalogue. */
    private final class Sets {
        final BitSet allowAny = new BitSet();
        final BitSet allowUnconditional = new BitSet();
        final BitSet allowEveryResource = new BitSet();
        final BitSet hardDeny = new BitSet();
        final BitSet softDeny = new BitSet();
        final List<Granted.Contribution> allows = new ArrayList<>();
        final List<Granted.Contribution> softDenies = new ArrayList<>();

        void add(PrincipalPolicies.Applied policy, List<UnmatchedPattern> unmatched) {
            for (Statement s : policy.document().statements()) {
                StatementRef ref = new StatementRef(policy.source(), s);
                BitSet actions = actions(ref, unmatched);
                if (s.effect() == Effect.ALLOW) {
                    allowAny.or(actions);
                    if (!s.conditional()) {
                        allowUnconditional.or(actions);
                        if (s.everyResource()) {
                            allowEveryResource.or(actions);
                        }
                    }
                    allows.add(new Granted.Contribution(ref, actions));
                } else if (!s.conditional() && s.everyResource()) {
                    hardDeny.or(actions);
                } else {
                    softDeny.or(actions);
                    softDenies.add(new Granted.Contribution(ref, actions));
                }
            }
        }

        /** The catalogued actions a statement covers: its patterns' union, or the complement for NotAction. */
        private BitSet actions(StatementRef ref, List<UnmatchedPattern> unmatched) {
            BitSet bits = new BitSet(index.size());
            for (String pattern : ref.statement().actions()) {
                BitSet matched = index.matching(pattern);
                if (matched.isEmpty()) {
                    unmatched.add(new UnmatchedPattern(pattern, ref));
                }
                bits.or(matched);
            }
            if (ref.statement().notAction()) {
                BitSet rest = (BitSet) index.all().clone();
                rest.andNot(bits);
                return rest;
            }
            return bits;
        }
    }
}
