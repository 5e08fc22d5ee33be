package dev.trailstream.anomaly;

import dev.trailstream.detect.FindingGroup;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An open anomaly finding: the {@link FindingGroup} of its events, the highest severity and confidence among them (a
 * day's first new action may be a read and its third a policy change) and the ATT&amp;CK references of all its
 * signals. The value of {@value AnomalyFindings#STORE}.
 *
 * @param mitre null in groups stored before anomalies carried references: the kind's then
 */
public record AnomalyGroup(FindingGroup group, Severity severity, Confidence confidence, List<MitreAttack> mitre) {
    public AnomalyGroup {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(confidence, "confidence");
        mitre = mitre == null ? null : List.copyOf(mitre);
    }

    AnomalyGroup and(FindingGroup next, Severity otherSeverity, Confidence otherConfidence,
                     List<MitreAttack> otherMitre) {
        List<MitreAttack> union = new ArrayList<>(mitre == null ? List.of() : mitre);
        otherMitre.stream().filter(m -> !union.contains(m)).forEach(union::add);
        return new AnomalyGroup(next, otherSeverity.id() > severity.id() ? otherSeverity : severity,
                confidence.max(otherConfidence), union);
    }

    List<MitreAttack> mitreOr(List<MitreAttack> fallback) {
        return mitre == null ? fallback : mitre;
    }
}
