package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the findings of a replay compare with the labels of the simulation: which attacks were detected, by which
 * analytics, citing how many of their events; and how many findings ordinary activity raised.
 *
 * <p>A finding detects an attack when it is on the labelled principal and its {@code related_events} include one of
 * the attack's events. A finding citing no labelled event at all is a finding on ordinary (benign) activity. Findings
 * list at most {@code maxRelatedEvents} events: an attack event beyond the cap of a busy finding is not seen, which
 * only a finding of more than a hundred events can hit.
 *
 * <p>Behavioural analytics stay quiet while they learn a principal, so the rate on ordinary activity is also given
 * from a point in time on ({@code since}, the end of the learning period): the rate to expect once a deployment has
 * learned its organisation.
 *
 * @param scenarios           one result per label, in label order
 * @param benignEvents        distinct events in no label
 * @param benignFindings      findings citing no labelled event, by analytic id
 * @param since               where the second count starts
 * @param benignEventsSince   distinct events in no label from {@code since} on
 * @param benignFindingsSince findings citing no labelled event first seen from {@code since} on
 */
record DetectionQuality(List<ScenarioResult> scenarios, long benignEvents, Map<String, Long> benignFindings,
                        Instant since, long benignEventsSince, long benignFindingsSince) {
    private static final String PREFIX = "trailstream.";

    /**
     * One labelled attack.
     *
     * @param analytics   the analytic ids of the findings that detected it; empty if none did
     * @param events      the attack's events
     * @param eventsCited how many of them those findings cite
     */
    record ScenarioResult(String scenario, String principal, Set<String> analytics, int events, int eventsCited) {
        boolean detected() {
            return !analytics.isEmpty();
        }

        double eventRecall() {
            return (double) eventsCited / events;
        }
    }

    DetectionQuality {
        scenarios = List.copyOf(scenarios);
        benignFindings = new TreeMap<>(benignFindings);
    }

    static DetectionQuality of(SimulatedTrail trail, Collection<JsonNode> findings, Instant since) {
        Set<String> labelled = trail.labelledEventIds();
        List<ScenarioResult> results = new ArrayList<>();
        for (SimulatedTrail.Label label : trail.labels()) {
            Set<String> analytics = new TreeSet<>();
            Set<String> cited = new HashSet<>();
            for (JsonNode finding : findings) {
                if (!principal(finding).equals(label.principal())) {
                    continue;
                }
                Set<String> related = related(finding);
                related.retainAll(label.eventIds());
                if (!related.isEmpty()) {
                    analytics.add(analytic(finding));
                    cited.addAll(related);
                }
            }
            results.add(new ScenarioResult(label.scenario(), label.principal(), analytics, label.eventIds().size(),
                    cited.size()));
        }
        Map<String, Long> benign = new TreeMap<>();
        long benignSince = 0;
        for (JsonNode finding : findings) {
            if (related(finding).stream().noneMatch(labelled::contains)) {
                benign.merge(analytic(finding), 1L, Long::sum);
                long firstSeen = finding.path("finding_info").path("first_seen_time").asLong();
                benignSince += firstSeen >= since.toEpochMilli() ? 1 : 0;
            }
        }
        Set<String> all = new HashSet<>();
        Set<String> allSince = new HashSet<>();
        for (SimulatedTrail.TrailRecord r : trail.records()) {
            if (!labelled.contains(r.eventId())) {
                all.add(r.eventId());
                if (!r.eventTime().isBefore(since)) {
                    allSince.add(r.eventId());
                }
            }
        }
        return new DetectionQuality(results, all.size(), benign, since, allSince.size(), benignSince);
    }

    ScenarioResult scenario(String id) {
        return scenarios.stream().filter(s -> s.scenario().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no label of scenario " + id));
    }

    long benignFindingCount() {
        return benignFindings.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Findings on ordinary activity per 10,000 ordinary events. */
    double benignPer10k() {
        return per10k(benignFindingCount());
    }

    /** Findings on ordinary activity of the given analytics only, per 10,000 ordinary events. */
    double benignPer10k(Set<String> analytics) {
        return per10k(benignFindings.entrySet().stream().filter(e -> analytics.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum());
    }

    /** The same from {@link #since()} on. */
    double benignPer10kSince() {
        return benignEventsSince == 0 ? 0 : benignFindingsSince * 10_000.0 / benignEventsSince;
    }

    private double per10k(long findings) {
        return benignEvents == 0 ? 0 : findings * 10_000.0 / benignEvents;
    }

    /** Both tables in Markdown, as {@code topology/RULES.md} shows them. */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | events | detected by | events cited |\n|---|---|---|---|\n");
        for (ScenarioResult s : scenarios) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", s.scenario(), s.events(),
                    s.detected() ? String.join(", ", s.analytics().stream().map(DetectionQuality::shortId).toList())
                            : "**not detected**",
                    s.detected() ? String.format(Locale.ROOT, "%d (%.0f%%)", s.eventsCited(), 100 * s.eventRecall())
                            : "-"));
        }
        long detected = scenarios.stream().filter(ScenarioResult::detected).count();
        out.append(String.format(Locale.ROOT, "%nDetected: %d of %d scenarios.%n%n", detected, scenarios.size()));
        out.append(String.format(Locale.ROOT, "| findings on ordinary activity | findings | per 10,000 ordinary events |"
                + "%n|---|---|---|%n"));
        benignFindings.forEach((analytic, n) -> out.append(String.format(Locale.ROOT, "| %s | %d | %.2f |%n",
                shortId(analytic), n, per10k(n))));
        out.append(String.format(Locale.ROOT, "| **all** (of %,d ordinary events) | %d | %.2f |%n", benignEvents,
                benignFindingCount(), benignPer10k()));
        out.append(String.format(Locale.ROOT, "| all, from %s (%,d ordinary events) | %d | %.2f |%n",
                since.toString().replace("T00:00:00Z", ""), benignEventsSince, benignFindingsSince,
                benignPer10kSince()));
        return out.toString();
    }

    private static String shortId(String analytic) {
        return analytic.startsWith(PREFIX) ? analytic.substring(PREFIX.length()) : analytic;
    }

    private static String principal(JsonNode finding) {
        return finding.path("actor").path("user").path("uid").asText();
    }

    static String analytic(JsonNode finding) {
        return finding.path("finding_info").path("analytic").path("uid").asText();
    }

    static Set<String> related(JsonNode finding) {
        Set<String> ids = new HashSet<>();
        finding.path("finding_info").path("related_events").forEach(e -> ids.add(e.path("uid").asText()));
        return ids;
    }
}
