package dev.trailstream.topology;

import dev.trailstream.anomaly.AnomalySettings;
import dev.trailstream.detect.AllowList;
import dev.trailstream.detect.FindingWindows;
import dev.trailstream.detect.RulePack;
import dev.trailstream.profile.ProfileLimits;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the topology's shape and state depend on. Immutable; start from {@link #defaults()} and use the
 * {@code with...} methods.
 *
 * @param topics                 the topic catalogue
 * @param dedupHorizon           how long (event time) an eventID is remembered to drop redeliveries; also the
 *                               retention of {@value Stores#SEEN_EVENT_IDS}
 * @param profileLimits          caps on the distinct names a principal profile keeps
 * @param maxRelatedEvents       how many event ids a finding lists (the count goes on beyond it)
 * @param openFindingRetention   how far behind stream time a finding group's newest event may be before the group is
 *                               dropped from {@value Stores#OPEN_FINDINGS}
 * @param hourlyActivityRetention how far behind stream time (event time) hourly activity windows are kept; events
 *                               older than that still count in profiles but in no hourly window
 * @param dailyActivityRetention the same for daily windows
 * @param rules                  the detection rules; the built-in pack by default
 * @param anomalies              learning period and denied-burst thresholds of the behavioural anomalies
 * @param allowList              known-good activity that raises no finding, rule or anomaly; none by default
 * @param findingWindows         suppression windows: how long one finding takes the matches of its analytic and
 *                               principal; each analytic's built-in window by default
 * @param processingObserver     told of each event the profile step handles (for the processing latency); not part
 *                               of the topology's shape
 * @param principalRetention     how long (event time) a principal may stay idle before its entries in the stores keyed
 *                               by principal (profile, rate baseline, denied calls, chain steps, key usage) are
 *                               deleted; see {@code IdlePrincipals}. Not part of the topology's shape
 */
public record TopologyConfig(Topics topics, Duration dedupHorizon, ProfileLimits profileLimits, int maxRelatedEvents,
                             Duration openFindingRetention, Duration hourlyActivityRetention,
                             Duration dailyActivityRetention, RulePack rules,
                             AnomalySettings anomalies, AllowList allowList,
                             FindingWindows findingWindows, ProcessingObserver processingObserver,
                             Duration principalRetention) {
    public static final Duration DEFAULT_DEDUP_HORIZON = Duration.ofDays(1);
    public static final int DEFAULT_MAX_RELATED_EVENTS = 100;
    public static final Duration DEFAULT_OPEN_FINDING_RETENTION = Duration.ofDays(2);
    public static final Duration DEFAULT_HOURLY_ACTIVITY_RETENTION = Duration.ofDays(8);
    public static final Duration DEFAULT_DAILY_ACTIVITY_RETENTION = Duration.ofDays(35);
    /**
     * IAM's own last-accessed information covers 400 days, and Access Analyzer's unused-access window is at most 365
     * days: a principal idle longer is "unused" for every review anyway, so its history has nothing left to tell.
     */
    public static final Duration DEFAULT_PRINCIPAL_RETENTION = Duration.ofDays(400);

    public TopologyConfig {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(profileLimits, "profileLimits");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(anomalies, "anomalies");
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(findingWindows, "findingWindows");
        Objects.requireNonNull(processingObserver, "processingObserver");
        requirePositive("dedupHorizon", dedupHorizon);
        requirePositive("openFindingRetention", openFindingRetention);
        requireAtLeast("hourlyActivityRetention", hourlyActivityRetention, Duration.ofHours(1));
        requireAtLeast("dailyActivityRetention", dailyActivityRetention, Duration.ofDays(1));
        requireAtLeast("principalRetention", principalRetention, Duration.ofDays(1));
        if (maxRelatedEvents < 1) {
            throw new IllegalArgumentException("maxRelatedEvents must be at least 1, was " + maxRelatedEvents);
        }
    }

    public static TopologyConfig defaults() {
        return new TopologyConfig(Topics.defaults(), DEFAULT_DEDUP_HORIZON, ProfileLimits.defaults(),
                DEFAULT_MAX_RELATED_EVENTS, DEFAULT_OPEN_FINDING_RETENTION, DEFAULT_HOURLY_ACTIVITY_RETENTION,
                DEFAULT_DAILY_ACTIVITY_RETENTION, RulePack.builtIn(), AnomalySettings.defaults(), AllowList.NONE,
                FindingWindows.DEFAULTS, ProcessingObserver.NONE, DEFAULT_PRINCIPAL_RETENTION);
    }

    public TopologyConfig withTopics(Topics value) {
        return new TopologyConfig(value, dedupHorizon, profileLimits, maxRelatedEvents, openFindingRetention,
                hourlyActivityRetention, dailyActivityRetention, rules, anomalies, allowList, findingWindows,
                processingObserver, principalRetention);
    }

    public TopologyConfig withDedupHorizon(Duration value) {
        return new TopologyConfig(topics, value, profileLimits, maxRelatedEvents, openFindingRetention,
                hourlyActivityRetention, dailyActivityRetention, rules, anomalies, allowList, findingWindows,
                processingObserver, principalRetention);
    }

    public TopologyConfig withProfileLimits(ProfileLimits value) {
        return new TopologyConfig(topics, dedupHorizon, value, maxRelatedEvents, openFindingRetention,
                hourlyActivityRetention, dailyActivityRetention, rules, anomalies, allowList, findingWindows,
                processingObserver, principalRetention);
    }

    public TopologyConfig withMaxRelatedEvents(int value) {
        return new TopologyConfig(topics, dedupHorizon, profileLimits, value, openFindingRetention,
                hourlyActivityRetention, dailyActivityRetention, rules, anomalies, allowList, findingWindows,
                processingObserver, principalRetention);
    }

    public TopologyConfig withOpenFindingRetention(Duration value) {
        return new TopologyConfig(topics, dedupHorizon, profileLimits, maxRelatedEvents, value,
                hourlyActivityRetention, dailyActivityRetention, rules, anomalies, allowList, findingWindows,
                processingObserver, principalRetention);
    }

    public TopologyConfig withHourlyActivityRetention(Duration value) {
        return new TopologyConfig(topics, dedupHorizon, profileLimits, maxRelatedEvents, openFindingRetention,
                value, dailyActivityRetention, rules, anomalies, allowList, findingWindows, processingObserver, principalRetention);
    }

    public TopologyConfig withDailyActivityRetention(Duration value) {
        return new TopologyConfig(topics, dedupHorizon, profileLimits, maxRelatedEvents, openFindingRetention,
                hourlyActivityRetention, value, rules, anomalies, allowList, findingWindows, processingObserver, principalRetention);
    }

    /** The rules to run, e.g. {@code RulePack.load(folders)} for the built-in pack plus user rule folders. */
    public TopologyConfig withRules(RulePack value) {
        return new TopologyConfig(topics, dedupHorizon, profileLimits, maxRelatedEvents, openFindingRetention,
                hourlyActivityRetention, dailyActivityRetention, value, anomalies, allowList, findingWindows,
                processingObserver, principalRetention);
    }

    /** The learning period and denied-burst thresholds of the behavioural anomalies. */
    public TopologyConfig withAnomalies(AnomalySettings value) {
        return new TopologyConfig(topics, dedupHorizon, profileLimits, maxRelatedEvents, openFindingRetention,
                hourlyActivityRetention, dailyActivityRetention, rules, value, allowList, findingWindows,
                processingObserver, principalRetention);
    }

    /**
     * Known-good activity to silence, e.g. {@code AllowList.load(file)}. Suppressed matches are counted in
     * {@value Stores#PIPELINE_STATS} as {@code findings.allowed|<analytic id>}.
     */
    public TopologyConfig withAllowList(AllowList value) {
        return new TopologyConfig(topics, dedupHorizon, profileLimits, maxRelatedEvents, openFindingRetention,
                hourlyActivityRetention, dailyActivityRetention, rules, anomalies, value, findingWindows,
                processingObserver, principalRetention);
    }

    /**
     * Suppression windows per analytic, e.g. the {@code suppress:} section of {@code FindingsFile.load(file)}. Open
     * groups are kept at least a day longer than the longest window.
     */
    public TopologyConfig withFindingWindows(FindingWindows value) {
        return new TopologyConfig(topics, dedupHorizon, profileLimits, maxRelatedEvents, openFindingRetention,
                hourlyActivityRetention, dailyActivityRetention, rules, anomalies, allowList, value,
                processingObserver, principalRetention);
    }

    /** Who is told of each event the profile step handles; {@link ProcessingObserver#NONE} by default. */
    public TopologyConfig withProcessingObserver(ProcessingObserver value) {
        return new TopologyConfig(topics, dedupHorizon, profileLimits, maxRelatedEvents, openFindingRetention,
                hourlyActivityRetention, dailyActivityRetention, rules, anomalies, allowList, findingWindows, value,
                principalRetention);
    }

    /** How long a principal may stay idle before its per-principal state goes ({@code IdlePrincipals}). */
    public TopologyConfig withPrincipalRetention(Duration value) {
        return new TopologyConfig(topics, dedupHorizon, profileLimits, maxRelatedEvents, openFindingRetention,
                hourlyActivityRetention, dailyActivityRetention, rules, anomalies, allowList, findingWindows,
                processingObserver, value);
    }

    private static void requireAtLeast(String name, Duration value, Duration least) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(least) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + least + ", was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
