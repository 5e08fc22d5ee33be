package dev.trailstream.anomaly;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.Severity;
import dev.trailstream.normalize.AccessLevel;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.profile.SeenSet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * First-time behaviour: an event whose IAM action (only one that needs a permission), source IP, region or user-agent
 * family its principal has never used, judged against the profile <em>before</em> the event is added. Called by the
 * profile processor, which reads that profile anyway, so the check costs four map lookups and no store access.
 *
 * <p>Quiet during the learning period (event time since the principal's first event): a new principal does
 * everything for the first time.
 *
 * <p>Profiles keep a capped number of names per set and evict the stalest. A value evicted and seen again looks new:
 * accepted, because a value unused for longer than all the others kept is nearly new anyway; such a signal says so
 * ({@code evicted_before} in its evidence) and its confidence is lowered to Low.
 */
public final class FirstTimeBehaviour {
    private FirstTimeBehaviour() {
    }

    /** The first-time signals of {@code event} for a principal whose profile was {@code before} (null: none yet). */
    public static List<AnomalySignal> signals(PrincipalProfile before, CloudTrailEvent event, Duration learning) {
        if (before == null || before.firstSeen() == null
                || event.eventTime().isBefore(before.firstSeen().plus(learning))) {
            return List.of();
        }
        List<AnomalySignal> signals = new ArrayList<>(1);
        if (event.iamAction().needsPermission()) {
            AccessLevel level = event.iamAction().accessLevel();
            check(signals, AnomalyKind.FIRST_TIME_ACTION, "action", event.action(), before.actions(), before, event,
                    actionSeverity(level), actionConfidence(level), level);
        }
        check(signals, AnomalyKind.FIRST_TIME_SOURCE_IP, "source_ip", event.sourceIpAddress(), before.sourceIps(),
                before, event, Severity.LOW, Confidence.LOW, null);
        // A new region is how stolen keys mine crypto out of sight; ranked above a new IP or client.
        check(signals, AnomalyKind.FIRST_TIME_REGION, "region", event.awsRegion(), before.regions(), before, event,
                Severity.MEDIUM, Confidence.MEDIUM, null);
        check(signals, AnomalyKind.FIRST_TIME_USER_AGENT, "user_agent_family", event.userAgentFamily().label(),
                before.userAgents(), before, event, Severity.LOW, Confidence.LOW, null);
        return signals;
    }

    /** Changing who may do what ranks highest, then any other change; reads and lists are the least telling. */
    static Severity actionSeverity(AccessLevel level) {
        if (level == null) {
            return Severity.LOW;   // not in the catalogue: level unknown
        }
        return switch (level) {
            case PERMISSIONS_MANAGEMENT -> Severity.HIGH;
            case WRITE, TAGGING -> Severity.MEDIUM;
            case READ, LIST -> Severity.LOW;
        };
    }

    static Confidence actionConfidence(AccessLevel level) {
        if (level == null) {
            return Confidence.LOW;
        }
        return switch (level) {
            case PERMISSIONS_MANAGEMENT -> Confidence.HIGH;
            case WRITE, TAGGING -> Confidence.MEDIUM;
            case READ, LIST -> Confidence.LOW;
        };
    }

    private static void check(List<AnomalySignal> signals, AnomalyKind kind, String field, String value,
                              SeenSet seen, PrincipalProfile before, CloudTrailEvent event, Severity severity,
                              Confidence confidence, AccessLevel level) {
        if (value == null || seen.get(value) != null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(field, value);
        if (level != null) {
            data.put("access_level", level.label());
        }
        data.put("distinct_before", seen.size());
        data.put("principal_first_seen", before.firstSeen().toString());
        if (seen.evicted() > 0) {
            data.put("evicted_before", seen.evicted());
            confidence = Confidence.LOW;
        }
        signals.add(new AnomalySignal(kind, event, severity, confidence, data));
    }
}
