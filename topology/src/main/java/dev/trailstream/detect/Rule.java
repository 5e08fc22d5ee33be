package dev.trailstream.detect;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.Severity;

import java.util.List;

/**
 * A detection over single events. Matching events of one principal are grouped per UTC day into one finding by
 * {@link RuleDetections}; a rule only says which events match and how to describe them.
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
}
