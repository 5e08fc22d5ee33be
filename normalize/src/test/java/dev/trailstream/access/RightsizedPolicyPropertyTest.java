package dev.trailstream.access;

import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The property a rightsized policy must have, over the real exports in
 * {@code ../shared/data/cloudsplaining-authz-details} (skipped when absent): for every principal and random used
 * subsets of its grant (seeded, so a failure repeats), the policy parses back through {@link PolicyDocument} and,
 * as the principal's only policy, grants exactly the used actions; when it had to be collapsed to fit, it grants
 * every used action and no unused risky one. Prints counts and sizes (measured, never asserted).
 */
class RightsizedPolicyPropertyTest {
    private static final Path FOLDER = Path.of("..", "..", "shared", "data", "cloudsplaining-authz-details");
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();
    private static final ActionCatalogue CATALOGUE = ActionCatalogue.get();
    private static final RiskRanking RANKING = RiskRanking.bundled();

    @Test
    void grantsExactlyTheUsedGrantedActionsForRandomSubsetsOfRealGrants() throws IOException {
        assumeTrue(Files.isDirectory(FOLDER), "no " + FOLDER.toAbsolutePath());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(FOLDER)) {
            files = walk.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        Random random = new Random(20261205L);
        int policies = 0;
        int collapsed = 0;
        int maxSize = 0;
        int notGranted = 0;
        for (Path file : files) {
            IamSnapshot snapshot = IamSnapshot.read(file);
            for (String arn : snapshot.principalArns()) {
                Granted granted = EVALUATOR.granted(snapshot, arn);
                List<IamAction> actions = granted.actions();
                if (actions.isEmpty()) {
                    continue;
                }
                for (int round = 0; round < 3; round++) {
                    // Mostly small subsets, as real principals use few actions; one large one to force collapsing.
                    int size = round == 2 ? Math.min(actions.size(), 400) : 1 + random.nextInt(Math.min(40,
                            actions.size()));
                    Set<String> used = new HashSet<>();
                    while (used.size() < size) {
                        used.add(actions.get(random.nextInt(actions.size())).action());
                    }
                    List<String> withStranger = new ArrayList<>(used);
                    withStranger.add("madeup:NotAnAction");

                    RightsizedPolicy policy = RightsizedPolicy.of(granted, withStranger);

                    PolicyDocument parsed = PolicyDocument.parse(policy.json(), "rightsized " + arn);
                    assertThat(parsed.version()).isEqualTo("2012-10-17");
                    assertThat(policy.usedNotGranted()).as(arn).containsExactly("madeup:NotAnAction");
                    Set<String> regranted = new HashSet<>();
                    RightsizedPolicyTest.regranted(policy).actions().forEach(a -> regranted.add(a.action()));
                    if (policy.collapsed()) {
                        collapsed++;
                        assertThat(regranted).as(arn).containsAll(used);
                        for (String extra : regranted) {
                            if (!used.contains(extra)) {
                                assertThat(RANKING.risk(CATALOGUE.find(extra).orElseThrow()).risky())
                                        .as(arn + " " + extra).isFalse();
                            }
                        }
                    } else {
                        assertThat(regranted).as(arn).isEqualTo(used);
                    }
                    if (policy.fitsLimit()) {
                        assertThat(policy.size()).isLessThanOrEqualTo(RightsizedPolicy.MANAGED_POLICY_LIMIT);
                    }
                    notGranted += policy.fitsLimit() ? 0 : 1;
                    maxSize = Math.max(maxSize, policy.size());
                    policies++;
                }
            }
        }
        assertThat(policies).isGreaterThan(100);
        System.out.printf("rightsized %d policies from %d exports: %d collapsed to fit, %d still over the limit,"
                + " largest %d characters%n", policies, files.size(), collapsed, notGranted, maxSize);
    }
}
