package dev.trailstream.access;

import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of {@link PolicyEvaluator} with jqwik: random identity policies (Allow and Deny, Action and NotAction,
 * exact names, {@code *} and {@code ?} wildcards in any case, several policies) over a few services of the real action
 * catalogue, checked action by action against an oracle written from AWS's evaluation rules alone (an explicit Deny
 * wins; otherwise an Allow allows; otherwise implicit deny; action names match case-insensitively with {@code *} and
 * {@code ?}, see {@link #matches}). Also checked: {@link PolicyEvaluator#granted} and {@link PolicyEvaluator#explain} agree, and neither
 * throws on any of these documents. Conditions and resources are left to the hand-written tests.
 */
class PolicyEvaluatorFuzzTest {
    private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
    private static final ActionCatalogue CATALOGUE = ActionCatalogue.get();
    /** Small services keep each try cheap while still covering prefixes, suffixes and case. */
    private static final List<String> SERVICES = List.of("sts", "kms", "sqs");
    private static final List<String> ACTIONS = SERVICES.stream()
            .flatMap(s -> CATALOGUE.actionsOf(s).stream())
            .map(a -> a.service() + ":" + a.name())
            .toList();
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    record Stmt(boolean allow, boolean not, List<String> patterns) {
        boolean names(String action) {
            boolean any = patterns.stream().anyMatch(p -> matches(p, action));
            return not != any;
        }

        String json() {
            StringBuilder list = new StringBuilder();
            for (String p : patterns) {
                list.append(list.length() == 0 ? "" : ",").append('"').append(p).append('"');
            }
            return "{\"Effect\": \"" + (allow ? "Allow" : "Deny") + "\", \"" + (not ? "NotAction" : "Action")
                    + "\": [" + list + "], \"Resource\": \"*\"}";
        }
    }

    @Property(tries = 300)
    void decidesEveryActionAsAwsRulesSay(@ForAll("policies") List<List<Stmt>> policies) {
        IamSnapshot snapshot = alice(policies);
        List<Stmt> all = policies.stream().flatMap(List::stream).toList();

        Granted granted = evaluator.granted(snapshot, ALICE);

        for (String action : ACTIONS) {
            boolean denied = all.stream().anyMatch(s -> !s.allow() && s.names(action));
            boolean allowed = !denied && all.stream().anyMatch(s -> s.allow() && s.names(action));
            Outcome expected = denied ? Outcome.EXPLICIT_DENY : allowed ? Outcome.ALLOWED : Outcome.IMPLICIT_DENY;

            Decision decision = evaluator.explain(snapshot, ALICE, action, null);

            assertThat(decision.outcome()).as("%s under %s", action, all).isEqualTo(expected);
            assertThat(granted.access(action)).as("%s granted under %s", action, all)
                    .isEqualTo(allowed ? java.util.Optional.of(Access.ALLOWED) : java.util.Optional.empty());
            if (expected != Outcome.IMPLICIT_DENY) {
                assertThat(decision.responsible()).as("statements deciding %s", action).isNotEmpty();
            }
        }
    }

    @Property(tries = 200)
    void grantsNothingOutsideTheCatalogueAndCountsWhatItGrants(@ForAll("policies") List<List<Stmt>> policies) {
        Granted granted = evaluator.granted(alice(policies), ALICE);

        List<IamAction> actions = granted.actions();
        assertThat(actions).hasSize(granted.count());
        for (IamAction a : actions) {
            assertThat(CATALOGUE.find(a.service() + ":" + a.name())).isPresent();
        }
    }

    private static IamSnapshot alice(List<List<Stmt>> policies) {
        StringBuilder inline = new StringBuilder();
        for (int i = 0; i < policies.size(); i++) {
            StringBuilder statements = new StringBuilder();
            for (Stmt s : policies.get(i)) {
                statements.append(statements.length() == 0 ? "" : ",").append(s.json());
            }
            inline.append(i == 0 ? "" : ",").append("{\"PolicyName\": \"p").append(i)
                    .append("\", \"PolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": [")
                    .append(statements).append("]}}");
        }
        return IamSnapshot.parse("""
                {"UserDetailList": [{"UserName": "alice", "UserId": "AIDAALICE", "Path": "/",
                  "Arn": "%s", "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": [%s]}],
                 "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
                """.formatted(ALICE, inline), "fuzz.json", null);
    }

    /**
     * The oracle's own matcher: {@code *} alone matches everything; otherwise the service prefix must be named
     * exactly (ignoring case; a wildcard there is not IAM syntax and matches nothing, as {@code ActionCatalogue}
     * documents) and the name is matched with IAM's wildcards, ignoring case.
     */
    private static boolean matches(String pattern, String action) {
        if (pattern.equals("*")) {
            return true;
        }
        int colon = pattern.indexOf(':');
        String service = colon < 0 ? pattern : pattern.substring(0, colon);
        if (colon < 0 || service.contains("*") || service.contains("?")) {
            return false;
        }
        String actionService = action.substring(0, action.indexOf(':'));
        return service.equalsIgnoreCase(actionService)
                && glob(pattern.substring(colon + 1)).matcher(action.substring(action.indexOf(':') + 1)).matches();
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    @Provide
    Arbitrary<List<List<Stmt>>> policies() {
        return statement().list().ofMinSize(1).ofMaxSize(4).list().ofMinSize(1).ofMaxSize(3);
    }

    private Arbitrary<Stmt> statement() {
        Arbitrary<Boolean> allow = Arbitraries.of(true, true, true, false);
        Arbitrary<Boolean> not = Arbitraries.of(false, false, false, false, true);
        return Combinators.combine(allow, not, pattern().list().ofMinSize(1).ofMaxSize(3)).as(Stmt::new);
    }

    /** An action name, or a piece of one with wildcards, in random case. */
    private Arbitrary<String> pattern() {
        Arbitrary<String> action = Arbitraries.of(ACTIONS);
        Arbitrary<String> prefix = Combinators.combine(action, Arbitraries.integers().between(0, 12))
                .as((a, n) -> a.substring(0, Math.min(a.length(), a.indexOf(':') + 1 + n)) + "*");
        Arbitrary<String> suffix = Combinators.combine(action, Arbitraries.integers().between(1, 8))
                .as((a, n) -> a.substring(0, a.indexOf(':') + 1) + "*" + a.substring(Math.max(a.indexOf(':') + 1,
                        a.length() - n)));
        Arbitrary<String> single = Combinators.combine(action, Arbitraries.integers().between(0, 40))
                .as((a, i) -> {
                    int at = a.indexOf(':') + 1 + i % Math.max(1, a.length() - a.indexOf(':') - 1);
                    return at < a.length() ? a.substring(0, at) + "?" + a.substring(at + 1) : a;
                });
        Arbitrary<String> any = Arbitraries.of("*", "sts:*", "kms:*", "sqs:*", "*:*", "s3:GetObject");
        Arbitrary<String> base = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, action), net.jqwik.api.Tuple.of(3, prefix),
                net.jqwik.api.Tuple.of(2, suffix), net.jqwik.api.Tuple.of(2, single), net.jqwik.api.Tuple.of(1, any));
        return Combinators.combine(base, Arbitraries.of(0, 1, 2)).as(PolicyEvaluatorFuzzTest::recase);
    }

    private static String recase(String pattern, int how) {
        return switch (how) {
            case 1 -> pattern.toLowerCase(Locale.ROOT);
            case 2 -> pattern.toUpperCase(Locale.ROOT);
            default -> pattern;
        };
    }
}
