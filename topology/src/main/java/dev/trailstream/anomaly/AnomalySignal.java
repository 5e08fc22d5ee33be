package dev.trailstream.anomaly;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.Severity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event that is anomalous for its principal, on its way from the processor that noticed (which has the state) to
 * {@link AnomalyFindings} (which groups signals into findings). Passed in memory within one sub-topology: never
 * serialised.
 *
 * @param kind       what is anomalous
 * @param event      the event
 * @param period     what the finding groups by, e.g. {@code 2024-08-02} (a UTC day) or {@code 2024-08-02T08} (an
 *                   hour)
 * @param severity   how bad it would be
 * @param confidence how telling it is
 * @param data       the evidence: the new value and its context, in order
 */
public record AnomalySignal(AnomalyKind kind, CloudTrailEvent event, String period, Severity severity,
                            Confidence confidence, Map<String, Object> data) {
    public AnomalySignal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(confidence, "confidence");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
