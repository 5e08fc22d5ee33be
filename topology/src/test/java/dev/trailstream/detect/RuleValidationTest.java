package dev.trailstream.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.trailstream.detect.RuleText.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Mistakes in rule files are reported with the file, the rule, what is wrong and what is allowed. */
class RuleValidationTest {
    private static final String HEAD = """
            id: my.rule
            title: My rule
            severity: medium
            """;

    @Test
    void namesTheUnknownModifierAndListsTheKnownOnes() {
        assertThat(problems(HEAD + """
                detection:
                  sel:
                    eventName|contain: Stop
                  condition: sel
                """)).singleElement().asString()
                .startsWith("test.yml: rule my.rule: detection: selection 'sel': unknown modifier 'contain'")
                .contains("the modifiers are contains, startswith, endswith, all, cased, re, i, m, s, exists, fieldref");
    }

    @Test
    void namesASelectionTheConditionUsesButTheRuleDoesNotDefine() {
        assertThat(problems(HEAD + """
                detection:
                  selection:
                    eventName: StopLogging
                  condition: selection and not filter
                """)).singleElement().asString()
                .contains("condition 'selection and not filter': 'filter' is not a selection of this rule; "
                        + "the selections are selection");
    }

    @Test
    void rejectsAnUnknownSeverityListingTheAllowedOnes() {
        assertThat(problems(HEAD.replace("medium", "severe") + """
                detection:
                  sel:
                    eventName: StopLogging
                  condition: sel
                """)).containsExactly("test.yml: rule my.rule: severity 'severe' is not one of informational, low, "
                + "medium, high, critical");
    }

    @Test
    void rejectsUnknownKeysMissingPartsAndUnsupportedSigmaFeatures() {
        assertThat(problems("""
                id: my.rule
                titel: typo
                severity: high
                detection:
                  sel:
                    eventName: StopLogging
                  condition: sel | count() > 5
                """)).anySatisfy(p -> assertThat(p).contains("unknown key 'titel'; the keys are id, title,"))
                .anySatisfy(p -> assertThat(p).contains("title is missing"))
                .anySatisfy(p -> assertThat(p).contains("aggregations ('| count() ...') are not supported"));
        assertThat(problems(HEAD + """
                detection:
                  keywords:
                    - StopLogging
                  condition: keywords
                """)).singleElement().asString().contains("keyword search");
        assertThat(problems(HEAD + """
                logsource:
                  product: windows
                  category: process_creation
                detection:
                  sel:
                    Image|endswith: '\\cmd.exe'
                  condition: sel
                """)).singleElement().asString().contains("logsource must be {product: aws, service: cloudtrail}");
        assertThat(problems(HEAD + """
                detection:
                  sel:
                    trailstream.principalType: human
                  condition: sel
                """)).singleElement().asString().contains("unknown computed field 'trailstream.principalType'; "
                + "the computed fields are trailstream.principalId, trailstream.principalKind, trailstream.iamAction, "
                + "trailstream.outcome, trailstream.actorIsTarget");
    }

    @Test
    void checksAttackReferencesAgainstTheTacticsOfAttack() {
        assertThat(problems(HEAD + """
                attack:
                  - tactic: TA0099
                    technique: T1562
                  - tactic: TA0005 Discovery
                    technique: T1562
                  - tactic: TA0005
                    technique: "T1562.008 Disable or Modify Cloud Logs"
                detection:
                  sel:
                    eventName: StopLogging
                  condition: sel
                """)).satisfiesExactly(
                p -> assertThat(p).contains("tactic 'TA0099' is not an Enterprise ATT&CK tactic"),
                p -> assertThat(p).contains("tactic TA0005 is Defense Evasion, not Discovery"),
                p -> assertThat(p).contains("name a sub-technique as 'Technique: Sub-technique'"));
    }

    @Test
    void pointsAtTheLineOfBrokenYamlAndExplainsUnquotedColons() {
        assertThat(problems(HEAD + """
                attack:
                  - tactic: TA0005
                    technique: T1562.008 Impair Defenses: Disable or Modify Cloud Logs
                """)).singleElement().asString().startsWith("test.yml: not valid YAML: line 6:")
                .endsWith("(a value containing ': ' must be quoted)");
        assertThat(problems("""
                id: a
                id: b
                """)).singleElement().asString().contains("line 2: key 'id' appears twice");
    }

    @Test
    void readsSeveralRulesFromOneFileButRefusesYamlAliases() {
        String two = HEAD + """
                detection:
                  sel:
                    eventName: StopLogging
                  condition: sel
                ---
                """ + HEAD.replace("my.rule", "my.other-rule") + """
                detection:
                  sel:
                    eventName: DeleteTrail
                  condition: sel
                """;
        assertThat(RuleFiles.read("two.yml", two.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new java.util.ArrayList<>())).extracting(Rule::id).containsExactly("my.rule", "my.other-rule");
        assertThat(problems(HEAD + """
                detection:
                  a:
                    eventName: &names [StopLogging, DeleteTrail]
                  b:
                    eventName: *names
                  condition: a or b
                """)).singleElement().asString()
                .isEqualTo("test.yml: not valid YAML: line 8: YAML aliases (*names) are not supported; write the value out");
    }

    @Test
    void reportsEveryProblemOfEveryFileAndDuplicateIdsAcrossFiles(@TempDir Path folder) throws IOException {
        String rule = """
                id: %s
                title: Trail stopped
                severity: %s
                detection:
                  sel:
                    eventName: StopLogging
                  condition: sel
                """;
        Files.writeString(folder.resolve("a.yml"), rule.formatted("team.trail-stopped", "high"));
        Files.createDirectories(folder.resolve("more"));
        Files.writeString(folder.resolve("more/b.yaml"), rule.formatted("team.trail-stopped", "high"));
        Files.writeString(folder.resolve("more/c.yml"), rule.formatted("trailstream.root-account-usage", "loud"));
        Files.writeString(folder.resolve("notes.txt"), "not a rule");

        InvalidRulesException error = catchThrowableOfType(InvalidRulesException.class,
                () -> RulePack.load(List.of(folder)));

        assertThat(error.problems()).containsExactly(
                folder.resolve("more/c.yml") + ": rule trailstream.root-account-usage: severity 'loud' is not one "
                        + "of informational, low, medium, high, critical",
                folder.resolve("more/b.yaml") + ": rule team.trail-stopped: duplicate id, already defined in "
                        + folder.resolve("a.yml") + " (ids are part of finding uids and must be unique)");
        assertThat(error).hasMessageStartingWith("2 problems in rule files:\n  - ");
    }

    @Test
    void refusesAnIdThatClashesWithTheBuiltInPack(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("root.yml"), """
                id: trailstream.root-account-usage
                title: My root rule
                severity: low
                detection:
                  sel:
                    userIdentity.type: Root
                  condition: sel
                """);
        assertThatThrownBy(() -> RulePack.load(List.of(folder))).isInstanceOf(InvalidRulesException.class)
                .hasMessageContaining("rule trailstream.root-account-usage: duplicate id, already defined in "
                        + "classpath:dev/trailstream/detect/rules/root-account-usage.yml");
        assertThatThrownBy(() -> RulePack.load(List.of(folder.resolve("missing"))))
                .hasMessageContaining("missing: not a folder of rule files");
    }
}
