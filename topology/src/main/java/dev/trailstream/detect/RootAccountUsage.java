package dev.trailstream.detect;

import dev.trailstream.detect.match.MatchedField;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.Severity;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in root-usage rule ({@code rules/root-account-usage.yml}) under a Java name: its id is in the uids of
 * findings already issued, so code and tests refer to it by {@link #ID}, and the benchmarks time it. The rule itself
 * lives in the file, like every other.
 */
public final class RootAccountUsage implements Rule {
    public static final String ID = "trailstream.root-account-usage";

    private final Rule rule = RulePack.builtIn().rule(ID)
            .orElseThrow(() -> new IllegalStateException("the built-in pack has no rule " + ID));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return rule.title();
    }

    @Override
    public String description() {
        return rule.description();
    }

    @Override
    public String findingType() {
        return rule.findingType();
    }

    @Override
    public Severity severity() {
        return rule.severity();
    }

    @Override
    public List<MitreAttack> mitre() {
        return rule.mitre();
    }

    @Override
    public boolean matches(CloudTrailEvent event) {
        return rule.matches(event);
    }

    @Override
    public Optional<Set<String>> eventNames() {
        return rule.eventNames();
    }

    @Override
    public List<MatchedField> evidence(CloudTrailEvent event) {
        return rule.evidence(event);
    }
}
