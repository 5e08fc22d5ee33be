package dev.trailstream.detect;

import dev.trailstream.detect.match.MatchedField;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.Severity;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A detection over single events. Matching events of one principal are grouped per UTC day into one finding by
 * {@link RuleDetections}; a rule only says which events match and how to describe them. The rules TrailStream runs
 * come from rule files ({@link RulePack}); this interface is what the topology needs of one.
 *
 * <p>The {@link #id()} is part of every finding uid: changing it re-opens every finding of the rule under new uids.
 */
public interface Rule {
    /** Stable, e.g. {@code trailstream.root-account-usage}. */
    String id();

    /** Short, e.g. "Root account used". */
    String title();

    /** What the finding means and why it matters. */
    String description();

    /** The OCSF {@code finding_info.types} entry, e.g. {@code root-account-usage}. */
    String findingType();

    Severity severity();

    List<MitreAttack> mitre();

    boolean matches(CloudTrailEvent event);

    /**
     * The event names (lower case) of which an event must have one to match, when the rule can say; empty when any
     * event may match. The pack uses it to skip rules that cannot match an event.
     */
    default Optional<Set<String>> eventNames() {
        return Optional.empty();
    }

    /** The fields that made a matching event match, with their values; empty when the rule cannot say. */
    default List<MatchedField> evidence(CloudTrailEvent event) {
        return List.of();
    }
}
