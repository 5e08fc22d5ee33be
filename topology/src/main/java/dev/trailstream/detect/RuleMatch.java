package dev.trailstream.detect;

import dev.trailstream.event.CloudTrailEvent;

import java.util.Objects;

/**
 * One event matched by one rule and not allow-listed: what {@code detect-rules} passes to the finding grouping and to
 * the chain detection. Passed in memory within one sub-topology: never serialised.
 */
public record RuleMatch(Rule rule, CloudTrailEvent event) {
    public RuleMatch {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(event, "event");
    }
}
