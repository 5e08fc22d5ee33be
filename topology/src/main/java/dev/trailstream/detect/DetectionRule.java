package dev.trailstream.detect;

import dev.trailstream.detect.match.Detection;
import dev.trailstream.detect.match.MatchedField;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.Severity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A rule read from a rule file (see {@link RuleFiles}): its metadata and its compiled {@link Detection}.
 *
 * @param source where it was read from, for messages: a classpath resource or a file path
 */
public record DetectionRule(String id, String title, String description, String findingType, Severity severity,
                            List<MitreAttack> mitre, Detection detection, String source) implements Rule {
    public DetectionRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(detection, "detection");
        mitre = List.copyOf(mitre);
    }

    @Override
    public boolean matches(CloudTrailEvent event) {
        return detection.matches(event);
    }

    @Override
    public Optional<Set<String>> eventNames() {
        return detection.eventNames();
    }

    @Override
    public List<MatchedField> evidence(CloudTrailEvent event) {
        return detection.evidence(event);
    }

    @Override
    public String toString() {
        return id + " (" + source + ")";
    }
}
