package dev.trailstream.access;

import dev.trailstream.normalize.IamAction;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every catalogued action one principal may call, as {@link PolicyEvaluator#granted} computed it. Held as bit sets
 * over the catalogue (a few KB per principal, whatever its policies grant); the per-action detail
 * ({@link ActionGrant}: resources, statements) is built on demand from the statements kept here.
 */
public final class Granted {
    /** A statement that applies to the principal and the catalogued actions it covers. */
    record Contribution(StatementRef ref, BitSet actions) {
    }

    private final String principalArn;
    private final String boundaryArn;
    private final ActionIndex index;
    private final BitSet allowed;
    private final BitSet conditional;
    private final BitSet everyResource;
    private final List<Contribution> allows;
    private final List<Contribution> limits;
    private final List<UnmatchedPattern> unmatched;
    private final List<String> unresolved;

    Granted(String principalArn, String boundaryArn, ActionIndex index, BitSet allowed, BitSet conditional,
            BitSet everyResource, List<Contribution> allows, List<Contribution> limits,
            List<UnmatchedPattern> unmatched, List<String> unresolved) {
        this.principalArn = Objects.requireNonNull(principalArn, "principalArn");
        this.boundaryArn = boundaryArn;
        this.index = index;
        this.allowed = allowed;
        this.conditional = conditional;
        this.everyResource = everyResource;
        this.allows = List.copyOf(allows);
        this.limits = List.copyOf(limits);
        this.unmatched = List.copyOf(unmatched);
        this.unresolved = List.copyOf(unresolved);
    }

    public String principalArn() {
        return principalArn;
    }

    /** The permissions boundary's ARN, or null when the principal has none. */
    public String boundary() {
        return boundaryArn;
    }

    /** How many catalogued actions the principal may call, conditionally or not. */
    public int count() {
        return allowed.cardinality();
    }

    /** How many of them only under conditions. */
    public int conditionalCount() {
        return conditional.cardinality();
    }

    /** Whether the principal may call an action ({@code service:Name}, ignoring case), and how surely. */
    public Optional<Access> access(String action) {
        int i = index.indexOf(action);
        if (i < 0 || !allowed.get(i)) {
            return Optional.empty();
        }
        return Optional.of(conditional.get(i) ? Access.CONDITIONAL : Access.ALLOWED);
    }

    /** The detail for one action, or empty when it is not granted (or not catalogued). */
    public Optional<ActionGrant> grant(String action) {
        int i = index.indexOf(action);
        return i >= 0 && allowed.get(i) ? Optional.of(grant(i)) : Optional.empty();
    }

    /** True when an unconditional allow on every resource grants the action, narrowed by nothing. */
    public boolean onEveryResource(String action) {
        int i = index.indexOf(action);
        return i >= 0 && everyResource.get(i);
    }

    /** The granted actions, in catalogue order. */
    public List<IamAction> actions() {
        List<IamAction> actions = new ArrayList<>(allowed.cardinality());
        allowed.stream().forEach(i -> actions.add(index.action(i)));
        return actions;
    }

    /** The detail for every granted action, in catalogue order. Builds one object per action: prefer {@link #grant}. */
    public List<ActionGrant> grants() {
        List<ActionGrant> grants = new ArrayList<>(allowed.cardinality());
        allowed.stream().forEach(i -> grants.add(grant(i)));
        return grants;
    }

    /**
     * True when the principal may call every catalogued action without conditions on every resource: what
     * {@code AdministratorAccess} grants, however it is spelt.
     */
    public boolean adminEquivalent() {
        return everyResource.cardinality() == index.size();
    }

    /** Action patterns of the applicable policies that match no catalogued action. */
    public List<UnmatchedPattern> unmatchedPatterns() {
        return unmatched;
    }

    /** What the evaluation could not take into account: policies or groups missing from the export. */
    public List<String> unresolved() {
        return unresolved;
    }

    /**
     * An identity Allow statement that covers catalogued actions of one service.
     *
     * @param ref       the statement
     * @param ofService how many actions of the service it covers
     * @param action    whether it covers the action asked about (then it allows it on other resources only, or under
     *                  conditions)
     */
    record ServiceAllow(StatementRef ref, int ofService, boolean action) {
    }

    /**
     * The identity Allow statements covering some catalogued action of {@code service} (expanded: {@code s3:Get*},
     * {@code *} and {@code NotAction} count), in policy order: the candidates to extend when {@code action} is
     * denied. Empty for a service the catalogue does not know.
     */
    List<ServiceAllow> allowingService(String service, String action) {
        BitSet ofService = index.matching(service + ":*");
        int i = index.indexOf(action);
        List<ServiceAllow> found = new ArrayList<>();
        for (Contribution c : allows) {
            if (c.actions().intersects(ofService)) {
                BitSet both = (BitSet) c.actions().clone();
                both.and(ofService);
                found.add(new ServiceAllow(c.ref(), both.cardinality(), i >= 0 && c.actions().get(i)));
            }
        }
        return found;
    }

    private ActionGrant grant(int i) {
        List<StatementRef> grantedBy = new ArrayList<>();
        TreeSet<String> resources = new TreeSet<>();
        TreeSet<String> notResources = new TreeSet<>();
        for (Contribution c : allows) {
            if (c.actions().get(i)) {
                grantedBy.add(c.ref());
                (c.ref().statement().notResource() ? notResources : resources).addAll(c.ref().statement().resources());
            }
        }
        List<StatementRef> limitedBy = new ArrayList<>();
        for (Contribution c : limits) {
            if (c.actions().get(i)) {
                limitedBy.add(c.ref());
            }
        }
        List<String> scope = resources.contains("*") ? List.of("*") : List.copyOf(resources);
        return new ActionGrant(index.action(i), conditional.get(i) ? Access.CONDITIONAL : Access.ALLOWED,
                everyResource.get(i), scope, List.copyOf(notResources), grantedBy, limitedBy);
    }

    @Override
    public String toString() {
        return "Granted[" + principalArn + ": " + count() + " actions, " + conditionalCount() + " conditional"
                + (adminEquivalent() ? ", admin-equivalent" : "") + "]";
    }
}
