package dev.trailstream.detect;

import dev.trailstream.detect.match.MatchedField;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.DetectionFinding;
import dev.trailstream.finding.DetectionFinding.Actor;
import dev.trailstream.finding.DetectionFinding.Analytic;
import dev.trailstream.finding.DetectionFinding.Cloud;
import dev.trailstream.finding.DetectionFinding.FindingInfo;
import dev.trailstream.finding.DetectionFinding.User;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.Evidence;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.Severity;
import dev.trailstream.finding.FindingActivity;
import dev.trailstream.finding.RelatedEvent;
import dev.trailstream.normalize.Principal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An open finding: the events of one rule, one principal and one UTC day. The value of the {@code open-findings} store.
 *
 * @param uid           {@link #uid(String, String, LocalDate)} of the rule, principal and day
 * @param relatedEvents the first events, up to the configured cap
 * @param eventCount    all events of the group
 * @param evidences     what the first events matched on, up to {@link #MAX_EVIDENCES} (fewer if related events are
 *                      capped lower); empty in groups stored before evidence existed
 */
public record FindingGroup(String uid, String ruleId, LocalDate day, String principalId, String principalName,
                           String identityType, String accountId, String region, Instant firstSeen, Instant lastSeen,
                           long eventCount, List<RelatedEvent> relatedEvents, List<Evidence> evidences) {
    /**
     * Evidence repeats the matched values of each event; the store holds the group and is read and written per
     * matching event, so it keeps a few examples and the related event ids carry the rest.
     */
    public static final int MAX_EVIDENCES = 10;
    /** Values longer than this (a whole policy document) are cut: the event itself is one id away. */
    static final int MAX_VALUE_LENGTH = 512;

    public FindingGroup {
        Objects.requireNonNull(uid, "uid");
        relatedEvents = List.copyOf(relatedEvents);
        evidences = evidences == null ? List.of() : List.copyOf(evidences);
    }

    /**
     * A name-based UUID of (rule, principal, UTC day): the same events always give the same uid, on any instance and
     * after any replay, so a finding is never emitted under two uids.
     */
    public static String uid(String ruleId, String principalId, LocalDate day) {
        return uid(ruleId, principalId, day.toString());
    }

    /**
     * The same for any period named by a string ({@code 2024-08-02} for a day, as above; {@code 2024-08-02T08} for an
     * hour): analytics that group by hour use it.
     */
    public static String uid(String analyticId, String principalId, String period) {
        return UUID.nameUUIDFromBytes((analyticId + '\n' + principalId + '\n' + period)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static LocalDate dayOf(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    static FindingGroup open(String uid, Rule rule, CloudTrailEvent event) {
        return open(uid, rule.id(), event, evidence(rule, event));
    }

    /** A group of one event, for analytics other than rules (behavioural anomalies), under a uid they choose. */
    public static FindingGroup open(String uid, String analyticId, CloudTrailEvent event, Evidence evidence) {
        Principal who = event.principal();
        return new FindingGroup(uid, analyticId, dayOf(event.eventTime()), who.id(), nameOf(who),
                who.identityType(), who.accountId() != null ? who.accountId() : event.recipientAccountId(),
                event.awsRegion(), event.eventTime(), event.eventTime(), 1, List.of(related(event)),
                List.of(evidence));
    }

    FindingGroup add(Rule rule, CloudTrailEvent event, int maxRelatedEvents) {
        return add(event, evidence(rule, event), maxRelatedEvents);
    }

    /** This group with one more event and its evidence (kept while under {@link #MAX_EVIDENCES}). */
    public FindingGroup add(CloudTrailEvent event, Evidence newEvidence, int maxRelatedEvents) {
        Instant time = event.eventTime();
        boolean newest = !time.isBefore(lastSeen);
        List<RelatedEvent> related = relatedEvents;
        if (related.size() < maxRelatedEvents) {
            related = new ArrayList<>(relatedEvents);
            related.add(related(event));
        }
        List<Evidence> evidence = evidences;
        if (evidence.size() < Math.min(MAX_EVIDENCES, maxRelatedEvents)) {
            evidence = new ArrayList<>(evidences);
            evidence.add(newEvidence);
        }
        return new FindingGroup(uid, ruleId, day, principalId, principalName, identityType, accountId,
                newest && event.awsRegion() != null ? event.awsRegion() : region,
                time.isBefore(firstSeen) ? time : firstSeen, newest ? time : lastSeen, eventCount + 1, related,
                evidence);
    }

    /**
     * This group also citing {@code others} (events that are part of the finding without being the signalled one, as
     * a chain's first step): each one not listed yet is listed and counted, while under the cap.
     */
    public FindingGroup cite(List<RelatedEvent> others, int maxRelatedEvents) {
        List<RelatedEvent> related = new ArrayList<>(relatedEvents);
        long count = eventCount;
        for (RelatedEvent other : others) {
            boolean listed = related.stream().anyMatch(r -> r.uid().equals(other.uid()));
            if (!listed && related.size() < maxRelatedEvents) {
                related.add(other);
                count++;
            }
        }
        return count == eventCount ? this : new FindingGroup(uid, ruleId, day, principalId, principalName,
                identityType, accountId, region, firstSeen, lastSeen, count, related, evidences);
    }

    DetectionFinding toFinding(Rule rule, FindingActivity activity) {
        return toFinding(rule.title(), rule.description(), rule.findingType(), rule.severity(), null,
                Analytic.rule(rule.id(), rule.title()), rule.mitre(), activity);
    }

    /** The group as a finding of any analytic; {@code confidence} may be null (rules have none). */
    public DetectionFinding toFinding(String title, String description, String findingType, Severity severity,
                                      Confidence confidence, Analytic analytic, List<MitreAttack> mitre,
                                      FindingActivity activity) {
        String message = title + ": " + eventCount + (eventCount == 1 ? " event" : " events") + " by "
                + principalId + " on " + day + " (UTC)";
        FindingInfo info = new FindingInfo(uid, title, description, List.of(findingType),
                firstSeen.toEpochMilli(), lastSeen.toEpochMilli(), relatedEvents, eventCount, analytic);
        Actor actor = new Actor(new User(principalId, principalName, identityType,
                DetectionFinding.Account.aws(accountId)));
        return DetectionFinding.of(activity, severity, confidence, lastSeen.toEpochMilli(), message, info, actor,
                Cloud.aws(accountId, region), mitre, evidences);
    }

    private static RelatedEvent related(CloudTrailEvent event) {
        return new RelatedEvent(event.eventId(), event.action());
    }

    /** The event's API call, its eventID and the fields the rule matched on, with the event's values. */
    static Evidence evidence(Rule rule, CloudTrailEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("eventID", event.eventId());
        for (MatchedField field : rule.evidence(event)) {
            List<String> values = field.values().stream().map(FindingGroup::cut).toList();
            data.put(field.field(), values.size() == 1 ? values.get(0) : values);
        }
        return new Evidence(new Evidence.Api(event.eventName(), new Evidence.Service(event.eventSource())), data);
    }

    private static String cut(String value) {
        return value == null || value.length() <= MAX_VALUE_LENGTH ? value
                : value.substring(0, MAX_VALUE_LENGTH) + "…";
    }

    /** The session name for a role session, else the last part of the ARN or id ({@code root}, a user name). */
    private static String nameOf(Principal who) {
        if (who.sessionName() != null) {
            return who.sessionName();
        }
        String id = who.id();
        int cut = Math.max(id.lastIndexOf('/'), id.lastIndexOf(':'));
        return cut >= 0 && cut < id.length() - 1 ? id.substring(cut + 1) : id;
    }
}
