package dev.trailstream.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Access-denied troubleshooting: for each action a principal was denied, what the snapshot says now and what would
 * change it. An implicit deny gets the minimal statement that would grant the call and, when one of the principal's
 * own statements already allows other actions of the service, that statement as the one to extend; an explicit or
 * boundary deny names the statement or boundary responsible; a call the snapshot allows now says what the export
 * cannot show (service control policies, resource and session policies, conditions, a grant newer than the call).
 * Pure functions of the snapshot and the denied list.
 */
public final class DeniedAccess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeniedAccess() {
    }

    /**
     * One denied action explained.
     *
     * @param action             the action as the events named it
     * @param count              denied calls
     * @param firstDenied        the first denied call seen
     * @param lastDenied         the last one
     * @param resource           the resource of the newest denied call that named one, or null; the decision is for
     *                           this resource when known, for "some resource" otherwise
     * @param catalogued         false when the action is not in the catalogue (a name that differs from its IAM action,
     *                           or a service newer than the catalogue): the decision then rests on wildcard matching
     * @param decision           what the snapshot decides now ({@link PolicyEvaluator#explain})
     * @param explanation        the decision in words
     * @param suggestedStatement the minimal Allow statement that would grant the call, compact JSON; null when adding
     *                           an Allow would not help (an explicit Deny, allowed already) or the action's IAM name
     *                           is not known
     * @param extend             the principal's own statement to extend rather than adding one ({@link
     *                           StatementRef#label()}), or null
     */
    public record Explanation(String action, long count, Instant firstDenied, Instant lastDenied, String resource,
                              boolean catalogued, Decision decision, String explanation, String suggestedStatement,
                              String extend) {
        public Explanation {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(explanation, "explanation");
        }

        public Outcome outcome() {
            return decision.outcome();
        }
    }

    /** The shared evaluator: {@link PolicyEvaluator#explain} needs no catalogue expansion, but building one costs. */
    private static final class Shared {
        static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();
    }

    /** {@link #explain(PolicyEvaluator, IamSnapshot, Granted, String, List)} with a shared evaluator. */
    public static List<Explanation> explain(IamSnapshot snapshot, Granted granted, String principalArn,
                                            List<UsedAccess.DeniedAction> denied) {
        return explain(Shared.EVALUATOR, snapshot, granted, principalArn, denied);
    }

    /**
     * Explains each denied action of one principal, the most frequently denied first (then by name).
     *
     * @param granted what the snapshot grants the principal ({@link PolicyEvaluator#granted}): where the statements
     *                to extend are found
     * @throws IllegalArgumentException when the snapshot has no user or role {@code principalArn}
     */
    public static List<Explanation> explain(PolicyEvaluator evaluator, IamSnapshot snapshot, Granted granted,
                                            String principalArn, List<UsedAccess.DeniedAction> denied) {
        List<UsedAccess.DeniedAction> ordered = new ArrayList<>(denied);
        ordered.sort(Comparator.comparingLong(UsedAccess.DeniedAction::count).reversed()
                .thenComparing(UsedAccess.DeniedAction::action));
        PrincipalPolicies policies = PrincipalPolicies.of(snapshot, principalArn);
        List<Explanation> out = new ArrayList<>(ordered.size());
        for (UsedAccess.DeniedAction d : ordered) {
            out.add(one(evaluator, snapshot, granted, policies, d));
        }
        return out;
    }

    private static Explanation one(PolicyEvaluator evaluator, IamSnapshot snapshot, Granted granted,
                                   PrincipalPolicies policies, UsedAccess.DeniedAction d) {
        Optional<IamAction> known = ActionCatalogue.get().find(d.action());
        Decision decision = evaluator.explain(snapshot, policies.principalArn(), d.action(), d.resource());
        String on = d.resource() == null ? "" : " on " + d.resource();
        String words;
        String statement = null;
        String extend = null;
        if (known.isEmpty()) {
            // Without the IAM name a suggested statement could grant the wrong thing, or nothing.
            words = d.action() + " is not in the action catalogue (an event whose IAM action has another name, or a "
                    + "service newer than the catalogue): the decision, " + label(decision.outcome())
                    + ", rests on matching the policies' patterns against that name";
        } else {
            String action = known.get().action();
            switch (decision.outcome()) {
                case IMPLICIT_DENY -> {
                    statement = minimalAllow(action, d.resource());
                    Optional<Granted.ServiceAllow> candidate = toExtend(granted, known.get());
                    StringBuilder w = new StringBuilder("no policy allows ").append(action).append(on);
                    if (candidate.isPresent()) {
                        Granted.ServiceAllow c = candidate.get();
                        extend = c.ref().label();
                        w.append(c.action()
                                ? ": " + extend + " allows it on other resources or under conditions; extend its "
                                        + "Resource, or add " + statement
                                : ": extend " + extend + ", which allows " + c.ofService() + " other "
                                        + known.get().service() + " action" + (c.ofService() == 1 ? "" : "s")
                                        + ", or add " + statement);
                    } else {
                        w.append(": add ").append(statement);
                    }
                    if (policies.boundary() != null && !boundaryMayAllow(policies.boundary(), action)) {
                        w.append("; the permissions boundary ").append(policies.boundaryArn())
                                .append(" does not allow it either and must be extended too");
                    }
                    words = w.toString();
                }
                case EXPLICIT_DENY -> words = "explicitly denied by " + labels(decision.responsible())
                        + ": a Deny overrides every Allow, so no added statement helps; narrow or remove the Deny";
                case BOUNDARY_DENY -> {
                    if (decision.responsible().isEmpty()) {
                        statement = minimalAllow(action, d.resource());
                        words = "the identity policies allow " + action + on + " but the permissions boundary "
                                + decision.boundary() + " does not: add " + statement + " to the boundary";
                    } else {
                        words = "denied by the permissions boundary " + decision.boundary() + ": "
                                + labels(decision.responsible()) + "; narrow or remove that Deny";
                    }
                }
                case ALLOWED, CONDITIONAL -> words = allowedNow(decision, action + on);
                default -> throw new IllegalStateException("unexpected outcome " + decision.outcome());
            }
        }
        if (!decision.unresolved().isEmpty()) {
            words += "; the export lacks part of the principal's policies, so the decision may be wrong: "
                    + String.join("; ", decision.unresolved());
        }
        return new Explanation(d.action(), d.count(), d.firstDenied(), d.lastDenied(), d.resource(),
                known.isPresent(), decision, words, statement, extend);
    }

    /** The honest answer when the snapshot would allow the call: the denial came from what the export lacks. */
    private static String allowedNow(Decision decision, String call) {
        StringBuilder w = new StringBuilder("the snapshot allows ").append(call).append(" now");
        if (decision.outcome() == Outcome.CONDITIONAL) {
            w.append(" only under conditions (").append(labels(decision.responsible())).append(')');
            if (!decision.mayDeny().isEmpty()) {
                w.append(", and a Deny may apply (").append(labels(decision.mayDeny())).append(')');
            }
        } else {
            w.append(" (").append(labels(decision.responsible())).append(')');
        }
        return w.append(": the denial came from a service control policy, resource policy, session policy or an "
                + "unmet condition, or the grant is newer than the call").toString();
    }

    /**
     * The statement to extend: one of the principal's own Allow statements covering actions of the service. One
     * already covering the action (scoped to other resources or conditional) first, then the one covering most of the
     * service. AWS managed policies cannot be edited, and statements naming no action of the service explicitly
     * ({@code "*"}, {@code NotAction}) are not where a reader would add one.
     */
    private static Optional<Granted.ServiceAllow> toExtend(Granted granted, IamAction action) {
        return granted.allowingService(action.service(), action.action()).stream()
                .filter(c -> !awsManaged(c.ref().policy()))
                .filter(c -> !c.ref().statement().notAction() && c.ref().statement().actions().stream()
                        .anyMatch(p -> p.regionMatches(true, 0, action.service() + ":", 0,
                                action.service().length() + 1)))
                .max(Comparator.comparing(Granted.ServiceAllow::action)
                        .thenComparingInt(Granted.ServiceAllow::ofService));
    }

    private static boolean awsManaged(PolicySource source) {
        return source.arn() != null && source.arn().startsWith("arn:aws:iam::aws:policy/");
    }

    /** Whether an Allow of the boundary names the action, resources and conditions aside: a first-order check. */
    private static boolean boundaryMayAllow(PrincipalPolicies.Applied boundary, String action) {
        for (Statement s : boundary.document().statements()) {
            if (s.effect() == Effect.ALLOW
                    && s.actions().stream().anyMatch(p -> Wildcards.matchesAction(p, action)) != s.notAction()) {
                return true;
            }
        }
        return false;
    }

    /** {@code {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:..."}}, {@code "*"} without a resource. */
    static String minimalAllow(String action, String resource) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Effect", "Allow");
        s.put("Action", action);
        s.put("Resource", resource == null ? "*" : resource);
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String labels(List<StatementRef> refs) {
        return refs.isEmpty() ? "no statement" : refs.stream().map(StatementRef::label)
                .collect(Collectors.joining(", "));
    }

    private static String label(Outcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
