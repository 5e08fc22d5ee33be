package dev.trailstream.detect;

import dev.trailstream.finding.MitreAttack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in pack as shipped: complete, described, and byte for byte the files in the source tree. */
class RulePackTest {
    private static final Path SOURCE = Path.of("src", "main", "resources", "dev", "trailstream", "detect", "rules");

    @Test
    void listsEveryRuleFileOfTheSourceTreeInItsIndex() throws IOException {
        try (Stream<Path> files = Files.list(SOURCE)) {
            assertThat(RulePack.builtInFileNames()).containsExactlyElementsOf(files
                    .map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yml")).sorted()
                    .toList());
        }
    }

    @Test
    void shipsTheRuleFilesUnchangedByResourceFiltering() throws IOException {
        // The module filters its resources (for the product version); a ${...} or @...@ in a rule would be rewritten.
        for (String name : RulePack.builtInFileNames()) {
            try (InputStream shipped = RulePack.class.getResourceAsStream("rules/" + name)) {
                assertThat(shipped).as(name).isNotNull();
                assertThat(shipped.readAllBytes()).as(name).isEqualTo(Files.readAllBytes(SOURCE.resolve(name)));
            }
        }
    }

    @Test
    void givesEveryBuiltInRuleAnIdTitleDescriptionSeverityAndAttackTechnique() {
        assertThat(RulePack.builtIn().rules()).hasSize(20).allSatisfy(rule -> {
            assertThat(rule.id()).startsWith("trailstream.");
            assertThat(rule.findingType()).isEqualTo(rule.id().substring("trailstream.".length()));
            assertThat(rule.title()).isNotBlank();
            assertThat(rule.description()).isNotEqualTo(rule.title()).hasSizeGreaterThan(80);
            assertThat(rule.mitre()).isNotEmpty().allSatisfy(attack -> {
                assertThat(attack.tacticName()).isNotNull();
                assertThat(attack.techniqueName()).isNotNull();
                assertThat(attack.subTechniqueUid() == null || attack.subTechniqueName() != null).isTrue();
            });
        });
    }

    @Test
    void ratesSecretReadsByPeopleInformational() {
        // Developers read their applications' secrets as ordinary work: a simulated week of 3 accounts raised 14 such
        // findings, 13 of them on ordinary days (RULES.md). Context for an investigation, not an alert.
        assertThat(RulePack.builtIn().rule("trailstream.secret-read-by-person").orElseThrow().severity())
                .isEqualTo(dev.trailstream.finding.Severity.INFORMATIONAL);
    }

    @Test
    void triesAnEventOnlyAgainstTheRulesThatCanMatchItsName() {
        RulePack pack = RulePack.builtIn();
        assertThat(pack.candidates(Events.byUser("alice").call("cloudtrail.amazonaws.com", "StopLogging").event()))
                .extracting(Rule::id).containsExactly("trailstream.cloudtrail-logging-stopped", RootAccountUsage.ID);
        assertThat(pack.candidates(Events.byUser("alice").call("s3.amazonaws.com", "GetObject").event()))
                .extracting(Rule::id).containsExactly(RootAccountUsage.ID);
        // Every rule but root usage names its API calls, so none is tried in vain on routine traffic.
        assertThat(pack.rules()).filteredOn(rule -> rule.eventNames().isEmpty()).extracting(Rule::id)
                .containsExactly(RootAccountUsage.ID);
    }

    @Test
    void keepsTheRootUsageRuleAsItWasBeforeItBecameAFile() {
        Rule root = new RootAccountUsage();
        assertThat(root.id()).isEqualTo("trailstream.root-account-usage");
        assertThat(root.findingType()).isEqualTo("root-account-usage");
        assertThat(root.title()).isEqualTo("Root account used");
        assertThat(root.severity()).isEqualTo(dev.trailstream.finding.Severity.HIGH);
        assertThat(root.mitre()).containsExactly(new MitreAttack("TA0004", "Privilege Escalation", "T1078",
                "Valid Accounts", "T1078.004", "Cloud Accounts"));
    }
}
