package dev.trailstream.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rules written inline in tests, read as a rule file named {@code test.yml}. */
final class RuleText {
    private RuleText() {
    }

    /** The one rule of {@code yaml}; fails the test if the file has problems. */
    static DetectionRule rule(String yaml) {
        List<String> problems = new ArrayList<>();
        List<DetectionRule> rules = RuleFiles.read("test.yml", yaml.getBytes(StandardCharsets.UTF_8), problems);
        assertThat(problems).as("problems in %s", yaml).isEmpty();
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    /** A rule with the given detection block (indented by two spaces) and fixed metadata. */
    static DetectionRule detection(String detection) {
        return rule("""
                id: test.rule
                title: Test rule
                severity: low
                detection:
                """ + detection.stripIndent().lines().map(line -> "  " + line + "\n").reduce("", String::concat));
    }

    /** The problems reading {@code yaml} reports. */
    static List<String> problems(String yaml) {
        List<String> problems = new ArrayList<>();
        RuleFiles.read("test.yml", yaml.getBytes(StandardCharsets.UTF_8), problems);
        return problems;
    }
}
