package dev.trailstream.anomaly;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.RelatedEvent;
import dev.trailstream.finding.Severity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event that is anomalous for its principal, on its way from the processor that noticed (which has the state) to
 * {@link AnomalyFindings} (which groups signals into findings, per suppression window). Passed in memory within one
 * sub-topology: never serialised.
 *
 * @param kind       what is anomalous
 * @param event      the event
 * @param severity   how bad it would be
 * @param confidence how telling it is
 * @param data       the evidence: the new value and its context, in order
 * @param cites      other events the finding must list beside {@code event} (a chain's earlier step)
 * @param mitre      the ATT&amp;CK references; the kind's unless the signal knows better (a chain)
 */
public record AnomalySignal(AnomalyKind kind, CloudTrailEvent event, Severity severity, Confidence confidence,
                            Map<String, Object> data, List<RelatedEvent> cites, List<MitreAttack> mitre) {
    public AnomalySignal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(confidence, "confidence");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        cites = List.copyOf(cites);
        mitre = List.copyOf(mitre);
    }

    /** A signal about one event, with the kind's ATT&amp;CK references. */
    public AnomalySignal(AnomalyKind kind, CloudTrailEvent event, Severity severity, Confidence confidence,
                         Map<String, Object> data) {
        this(kind, event, severity, confidence, data, List.of(), kind.mitre());
    }
}
