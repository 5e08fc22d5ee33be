package dev.trailstream.anomaly;

import dev.trailstream.detect.FindingGroup;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.Severity;

import java.util.Objects;

/**
 * An open anomaly finding: the {@link FindingGroup} of its events, and the highest severity and confidence among them
 * (a day's first new action may be a read and its third a policy change). The value of {@value AnomalyFindings#STORE}.
 */
public record AnomalyGroup(FindingGroup group, Severity severity, Confidence confidence) {
    public AnomalyGroup {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(confidence, "confidence");
    }

    AnomalyGroup and(FindingGroup next, Severity otherSeverity, Confidence otherConfidence) {
        return new AnomalyGroup(next, otherSeverity.id() > severity.id() ? otherSeverity : severity,
                confidence.max(otherConfidence));
    }
}
