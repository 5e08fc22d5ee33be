package dev.trailstream.access;

import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real {@code get-account-authorization-details} exports in {@code ../shared/data/cloudsplaining-authz-details}
 * (a lab account full of deliberately over-privileged principals, and two small hand-made ones): every principal
 * evaluates, and what the files plainly say comes out. Skipped when the folder is absent, as on a fresh clone.
 * Prints, per file, the counts and the time taken (measured, never asserted).
 */
class RealAuthorizationDetailsTest {
    private static final Path FOLDER = Path.of("..", "..", "shared", "data", "cloudsplaining-authz-details");
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();

    private static IamSnapshot lab;
    private static IamSnapshot handMade;
    private static IamSnapshot partial;

    @BeforeAll
    static void read() {
        assumeTrue(Files.isDirectory(FOLDER), "no " + FOLDER.toAbsolutePath());
        lab = IamSnapshot.read(FOLDER.resolve("examples/files/example.json"));
        handMade = IamSnapshot.read(FOLDER.resolve("test/files/example-authz-details.json"));
        partial = IamSnapshot.read(FOLDER.resolve("test/files/example_authz_v2.json"));
    }

    private static String user(IamSnapshot s, String name) {
        return s.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow().arn();
    }

    private static String role(IamSnapshot s, String name) {
        return s.roles().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().arn();
    }

    private static Granted granted(IamSnapshot s, String arn) {
        return EVALUATOR.granted(s, arn);
    }

    @Test
    void evaluatesEveryPrincipalOfEveryExport() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(FOLDER)) {
            files = walk.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(3);
        for (Path file : files) {
            long readStart = System.nanoTime();
            IamSnapshot s = IamSnapshot.read(file);
            long readNanos = System.nanoTime() - readStart;
            long start = System.nanoTime();
            int admins = 0;
            int passRoleAnywhere = 0;
            Set<String> unmatched = new TreeSet<>();
            long grantedActions = 0;
            for (String arn : s.principalArns()) {
                Granted g = EVALUATOR.granted(s, arn);
                assertThat(g.principalArn()).isEqualTo(arn);
                assertThat(g.count()).isBetween(0, 30_000);
                admins += g.adminEquivalent() ? 1 : 0;
                passRoleAnywhere += g.onEveryResource("iam:PassRole") ? 1 : 0;
                g.unmatchedPatterns().forEach(u -> unmatched.add(u.pattern()));
                grantedActions += g.count();
            }
            long evalNanos = System.nanoTime() - start;
            System.out.printf("%s: account %s, %d principals (%d users, %d roles), %d groups, %d policies;"
                            + " %d admin-equivalent, %d with iam:PassRole on *, %d granted actions in all,"
                            + " %d distinct unmatched patterns (first: %s), %d warnings;"
                            + " read %.1f ms, evaluated %.1f ms (%.2f ms/principal)%n",
                    FOLDER.relativize(file), s.accountId(), s.principalArns().size(), s.users().size(),
                    s.roles().size(), s.groups().size(), s.policies().size(), admins, passRoleAnywhere, grantedActions,
                    unmatched.size(), unmatched.stream().limit(4).toList(), s.warnings().size(),
                    readNanos / 1e6, evalNanos / 1e6,
                    evalNanos / 1e6 / Math.max(1, s.principalArns().size()));
        }
    }

    @Test
    void measuresRepeatedEvaluationOfTheLabAccount() {
        // A warm evaluator, as a long-running job would have: the pattern expansions are cached after the first pass.
        for (int i = 0; i < 5; i++) {
            lab.principalArns().forEach(arn -> granted(lab, arn));
        }
        int rounds = 20;
        long start = System.nanoTime();
        int evaluated = 0;
        for (int i = 0; i < rounds; i++) {
            for (String arn : lab.principalArns()) {
                evaluated += granted(lab, arn).count() >= 0 ? 1 : 0;
            }
        }
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("lab account, warm: %d evaluations in %.1f ms (%.3f ms each)%n", evaluated, ms, ms / evaluated);
        assertThat(evaluated).isEqualTo(rounds * lab.principalArns().size());
    }

    @Test
    void agreesWithExplainOnASampleOfActionsForEveryPrincipal() {
        // Two implementations of the same rules (bit sets over the catalogue, and wildcard matching on one action):
        // on a real account's policies they must give the same answer for any resource.
        List<String> sample = new ArrayList<>(List.of("iam:PassRole", "iam:CreateUser", "s3:GetObject",
                "iam:CreatePolicyVersion", "ec2:RunInstances", "sts:AssumeRole"));
        ActionCatalogue catalogue = ActionCatalogue.get();
        List<IamAction> all = catalogue.services().stream().flatMap(s -> catalogue.actionsOf(s).stream()).toList();
        for (int i = 0; i < all.size(); i += 211) {
            sample.add(all.get(i).action());
        }
        int compared = 0;
        for (String arn : lab.principalArns()) {
            Granted g = granted(lab, arn);
            for (String action : sample) {
                Decision d = EVALUATOR.explain(lab, arn, action);
                Outcome expected = g.access(action).map(a -> a == Access.ALLOWED ? Outcome.ALLOWED : Outcome.CONDITIONAL)
                        .orElse(null);
                assertThat(d.outcome().mayBeAllowed() ? d.outcome() : null).as(arn + " " + action).isEqualTo(expected);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(10_000);
    }

    @Test
    void readsTheLabAccountWithItsTwoAccountsAndNoMissingPolicy() {
        assertThat(lab.accountId()).isEqualTo("200611803367");
        assertThat(lab.users()).hasSize(44);
        assertThat(lab.groups()).hasSize(5);
        assertThat(lab.roles()).hasSize(78);
        assertThat(lab.policies()).hasSize(84);
        assertThat(lab.warnings()).singleElement().asString().contains("012345678901");
    }

    @Test
    void findsAdministratorAccessAttachedDirectlyOrThroughAGroup() {
        assertThat(granted(lab, user(lab, "obama")).adminEquivalent()).isTrue();
        assertThat(granted(lab, role(lab, "OrganizationAccountAccessRole")).adminEquivalent()).isTrue();
        assertThat(granted(handMade, user(handMade, "userwithlotsofpermissions")).adminEquivalent())
                .as("admin through the group admin only").isTrue();
        Granted biden = granted(handMade, user(handMade, "biden"));
        assertThat(biden.adminEquivalent()).isFalse();
        assertThat(biden.access("s3:PutObjectAcl")).as("its inline InsecureUserPolicy").isPresent();
        assertThat(biden.access("iam:CreateUser")).isEmpty();
    }

    @Test
    void findsExactlyTheEightPrincipalsOfTheLabAccountThatAnUnconditionalAllowOfEverythingReaches() {
        // Checked by reading the file: these hold an Allow of "*" on "*" without condition and meet no Deny.
        assertThat(lab.principalArns().stream().filter(arn -> granted(lab, arn).adminEquivalent())
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1)))
                .containsExactlyInAnyOrder("obama", "userwithlotsofpermissions",
                        "AWS-QuickSetup-StackSet-Local-ExecutionRole", "AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc",
                        "OrganizationAccountAccessRole", "privesc-AssumeRole-ending-role", "privesc-high-priv-service-role",
                        "stacksets-exec-b5520cb2730c2f54b523d6375a319abb");
    }

    @Test
    void findsThatADenyAllPolicyLeavesNothingAndADenyOfIamRemovesIam() {
        assertThat(granted(lab, user(lab, "fp2-allow-and-deny-multiple-policies-user")).count()).isZero();
        assertThat(EVALUATOR.explain(lab, user(lab, "fp2-allow-and-deny-multiple-policies-user"), "s3:GetObject", null)
                .responsible()).extracting(StatementRef::label)
                .containsExactly("arn:aws:iam::200611803367:policy/deny-all #0");
        assertThat(granted(lab, user(lab, "fp1-allow-and-deny-user")).count()).isZero();
        assertThat(granted(lab, role(lab, "fp3-deny-iam-role")).count()).isZero();
    }

    @Test
    void findsPassRoleOnEveryResourceAndTheNotActionLoophole() {
        Granted notAction = granted(lab, user(lab, "fn4-exploitableNotAction-user"));
        assertThat(notAction.access("iam:CreateUser")).isEmpty();
        assertThat(notAction.access("iam:AttachUserPolicy")).isEmpty();
        assertThat(notAction.onEveryResource("iam:PutUserPolicy")).as("not excluded by the NotAction").isTrue();
        assertThat(notAction.onEveryResource("iam:PassRole")).isTrue();
        assertThat(notAction.adminEquivalent()).isFalse();
        assertThat(granted(lab, user(lab, "fn1-privesc3-partial-user")).onEveryResource("iam:PassRole")).isTrue();
        Granted sre = granted(lab, user(lab, "privesc-sre-user"));
        assertThat(sre.grant("iam:PassRole").orElseThrow().grantedBy()).extracting(StatementRef::label)
                .containsExactly("arn:aws:iam::200611803367:policy/privesc-sre-admin-policy via group privesc-sre-group #0");
    }

    @Test
    void keepsTheResourceScopeAndTheConditionOfTheFalsePositiveCases() {
        ActionGrant scoped = granted(lab, user(lab, "fp4-nonExploitableResourceConstraint-user"))
                .grant("iam:CreatePolicyVersion").orElseThrow();
        assertThat(scoped.access()).isEqualTo(Access.ALLOWED);
        assertThat(scoped.everyResource()).isFalse();
        assertThat(scoped.resources()).containsExactly("arn:aws:iam::aws:policy/fp4-*");
        assertThat(granted(lab, user(lab, "fp5-nonExploitableConditionConstraint-user")).access("iam:CreatePolicyVersion"))
                .contains(Access.CONDITIONAL);
    }

    @Test
    void reportsTheAdministratorAccessPolicyThatTheSmallExportLacks() {
        Granted blake = granted(partial, user(partial, "BlakeBortles"));
        assertThat(blake.count()).isZero();
        assertThat(blake.adminEquivalent()).isFalse();
        assertThat(blake.unresolved()).singleElement().asString()
                .contains("arn:aws:iam::aws:policy/AdministratorAccess via group GOAT");
        assertThat(granted(partial, role(partial, "GOAT")).access("s3:GetObject")).contains(Access.ALLOWED);
        Decision d = EVALUATOR.explain(partial, user(partial, "BlakeBortles"), "s3:GetObject");
        assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(d.unresolved()).as("the troubleshooter must say the verdict rests on a missing policy")
                .isEqualTo(blake.unresolved());
    }
}
