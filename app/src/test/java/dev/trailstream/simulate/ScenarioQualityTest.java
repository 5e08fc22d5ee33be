package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.TopologyConfig;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detection quality on the simulator's labelled attacks, through the real topology: which scenarios are detected and
 * by which analytics, how many of each attack's events the findings cite, and how many findings ordinary activity
 * raises per 10,000 of its events. Prints both tables (the ones in {@code topology/RULES.md}, "Measured quality") and
 * fails when a scenario is detected differently from {@link #EXPECTED} or ordinary activity raises more than
 * {@link #MAX_ORDINARY_FINDINGS_PER_10K}.
 *
 * <pre>./mvnw -B -pl topology,app test -Dtest=ScenarioQualityTest -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>The organisation is simulated for {@value #DAYS} days with every attack from day {@value #FIRST_ATTACK_DAY} on,
 * after the 7-day learning period of first-time behaviour, and replayed in event-time order through a
 * {@code TopologyTestDriver} ({@link TopologyReplay}). 5,000 events a day is the smallest volume at which ordinary
 * work raises no first-time finding (thinner simulated baselines do; see RULES.md), and keeps the class at about 25 s:
 * the replay costs about 0.2 ms of CPU an event.
 */
class ScenarioQualityTest {
    private static final String ANOMALY = "trailstream.anomaly.";
    private static final String FIRST_TIME_ACTION = ANOMALY + "first-time-action";
    private static final String FIRST_TIME_SOURCE_IP = ANOMALY + "first-time-source-ip";
    private static final String FIRST_TIME_REGION = ANOMALY + "first-time-region";
    private static final String FIRST_TIME_USER_AGENT = ANOMALY + "first-time-user-agent";
    private static final String DENIED_BURST = ANOMALY + "denied-burst";
    private static final String RATE_SPIKE = ANOMALY + "rate-spike";
    private static final String ERROR_RATE_SPIKE = ANOMALY + "error-rate-spike";
    private static final String CHAIN = ANOMALY + "chain";
    /**
     * Advice rather than alerts: the simulated organisation has an IAM user whose long-term key an application uses
     * around the clock, and it is right to say so every day. Counted apart from the alerts on ordinary activity.
     */
    private static final Set<String> ADVICE = Set.of(ANOMALY + "long-term-key-workload");

    private static final Expected NOT_DETECTED = new Expected(Set.of(), 0);

    /**
     * What detects each scenario today, as measured on this simulation: at least these analytics cite the attack's
     * events, and together at least this share of them. An analytic detecting more passes (the test prints it: add
     * it here); one detecting less fails. A scenario no analytic covers is asserted not detected at all, so that the
     * analytic that first covers it fails the test until its line is raised.
     */
    private static final Map<String, Expected> EXPECTED = Map.ofEntries(
            entry("stolen-credentials", detectedBy(0.58, FIRST_TIME_ACTION, FIRST_TIME_REGION, FIRST_TIME_SOURCE_IP,
                    FIRST_TIME_USER_AGENT)),
            entry("iam-enumeration", detectedBy(0.96, DENIED_BURST, FIRST_TIME_ACTION, FIRST_TIME_USER_AGENT,
                    RATE_SPIKE, ERROR_RATE_SPIKE)),
            entry("privilege-escalation", detectedBy(0.87, FIRST_TIME_ACTION, "trailstream.admin-policy-attached",
                    "trailstream.inline-policy-grants-all", "trailstream.policy-version-set-default")),
            entry("persistence", detectedBy(0.83, CHAIN, FIRST_TIME_ACTION, FIRST_TIME_SOURCE_IP, FIRST_TIME_USER_AGENT,
                    "trailstream.access-key-for-another-user", "trailstream.login-profile-for-another-user",
                    "trailstream.role-trust-policy-opened")),
            entry("defense-evasion", detectedBy(1.0, FIRST_TIME_ACTION, FIRST_TIME_SOURCE_IP, FIRST_TIME_USER_AGENT,
                    "trailstream.cloudtrail-logging-stopped", "trailstream.cloudtrail-trail-changed",
                    "trailstream.network-logs-deleted", "trailstream.security-monitoring-disabled")),
            entry("exfiltration", detectedBy(1.0, FIRST_TIME_ACTION, "trailstream.s3-bucket-made-public",
                    "trailstream.snapshot-or-image-shared")),
            entry("root-usage", detectedBy(1.0, "trailstream.root-account-usage")),
            entry("console-login-without-mfa", detectedBy(0.6, FIRST_TIME_ACTION, FIRST_TIME_SOURCE_IP,
                    FIRST_TIME_USER_AGENT, "trailstream.console-login-without-mfa",
                    "trailstream.secret-read-by-person")),
            entry("probe-then-persist", detectedBy(0.88, CHAIN, DENIED_BURST, ERROR_RATE_SPIKE, FIRST_TIME_ACTION,
                    FIRST_TIME_SOURCE_IP, FIRST_TIME_USER_AGENT, "trailstream.access-key-for-another-user",
                    "trailstream.login-profile-for-another-user")),
            // Not at this volume: a Lambda role making fifty times its usual calls for ten minutes is 15 calls a
            // minute at 5,000 events a day, under rate-spike's floor of 30 a minute (which keeps ordinary bursts, a
            // console page load or a deploy, quiet). At 143,000 events a day (RULES.md) the same scenario is
            // detected. Asserted NOT detected here, so that a change of the floor shows.
            entry("api-rate-spike", NOT_DETECTED));

    /** Alerts (findings but advice) citing no labelled event, per 10,000 unlabelled events: measured 4.73. */
    private static final double MAX_ORDINARY_FINDINGS_PER_10K = 5.5;
    /** Advice on ordinary activity per 10,000 unlabelled events: measured 1.97 (one key user, every day). */
    private static final double MAX_ADVICE_PER_10K = 2.5;
    /** What "a handful" of findings means for a storm of denied calls by an AWS service. */
    private static final int HANDFUL = 3;

    static final int DAYS = 10;
    static final int FIRST_ATTACK_DAY = 8;
    static final SimulationSpec SPEC = new SimulationSpec(2, 16, DAYS, 5_000, LocalDate.parse("2026-11-02"), 1,
            Scenarios.IDS);

    @TempDir
    static Path tmp;
    static SimulatedTrail trail;
    static DetectionQuality quality;
    static long began;

    /**
     * @param analytics      the analytic ids whose findings cite the attack's events; none: not detected
     * @param minEventRecall the share of the attack's events they cite, at least
     */
    record Expected(Set<String> analytics, double minEventRecall) {
    }

    private static Expected detectedBy(double minEventRecall, String... analytics) {
        return new Expected(Set.of(analytics), minEventRecall);
    }

    @BeforeAll
    static void simulateAndReplay() throws IOException {
        began = System.nanoTime();
        Path simulation = tmp.resolve("sim");
        Simulator.run(SPEC, simulation, FIRST_ATTACK_DAY);
        trail = SimulatedTrail.read(simulation);
        try (TopologyReplay replay = new TopologyReplay(TopologyConfig.defaults(), tmp.resolve("state"))) {
            trail.records().forEach(replay::send);
            assertThat(replay.stats()).containsEntry(PipelineStats.EVENTS_UNIQUE, (long) trail.records().size());
            quality = DetectionQuality.of(trail, replay.findings().values(), learned());
        }
        System.out.printf("%nScenarioQualityTest: %,d events (%d accounts, %d principals, %d days, %,d a day), "
                        + "simulated and replayed in %.1f s%n%n%s%n", trail.records().size(), SPEC.accounts(),
                SPEC.principals(), SPEC.days(), SPEC.eventsPerDay(), (System.nanoTime() - began) / 1e9,
                quality.table());
    }

    @AfterAll
    static void printTime() {
        // CPU time too: the wall-clock time of a shared machine says more about its other users than about the test.
        System.out.printf("ScenarioQualityTest: %.1f s in all, %.1f s of CPU in this JVM%n",
                (System.nanoTime() - began) / 1e9, processCpuSeconds());
    }

    private static double processCpuSeconds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /** Midnight of the first attack day: every principal seen on day 0 has been learned by then. */
    private static Instant learned() {
        return SPEC.start().plusDays(FIRST_ATTACK_DAY).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Test
    void injectsEveryAttackAfterTheLearningPeriodOfItsPrincipal() {
        assertThat(trail.labels()).extracting(SimulatedTrail.Label::scenario)
                .containsExactlyInAnyOrderElementsOf(Scenarios.IDS);
        Map<String, Instant> firstSeen = new HashMap<>();
        trail.records().forEach(r -> firstSeen.putIfAbsent(r.principal(), r.eventTime()));
        for (SimulatedTrail.Label label : trail.labels()) {
            assertThat(label.start()).as(label.scenario()).isAfterOrEqualTo(learned());
            // Root acts in its attack only: nothing to learn, and nothing first-time behaviour could say about it.
            Instant first = firstSeen.get(label.principal());
            assertThat(first.equals(label.start())
                    || !first.plus(Duration.ofDays(7)).isAfter(label.start()))
                    .as("%s: %s first seen %s, attacks %s", label.scenario(), label.principal(), first, label.start())
                    .isTrue();
        }
    }

    @Test
    void detectsEachScenarioAtLeastAsWellAsTheTableSays() {
        SoftAssertions softly = new SoftAssertions();
        for (DetectionQuality.ScenarioResult result : quality.scenarios()) {
            Expected expected = EXPECTED.get(result.scenario());
            softly.assertThat(expected).as("no expectation for scenario %s: add it to EXPECTED", result.scenario())
                    .isNotNull();
            if (expected == null) {
                continue;
            }
            if (expected.analytics().isEmpty()) {
                softly.assertThat(result.analytics())
                        .as("%s was not detected by any analytic: now it is, raise its line in EXPECTED",
                                result.scenario())
                        .isEmpty();
            } else {
                softly.assertThat(result.analytics())
                        .as("analytics detecting %s (fewer than in EXPECTED)", result.scenario())
                        .containsAll(expected.analytics());
                Set<String> more = new TreeSet<>(result.analytics());
                more.removeAll(expected.analytics());
                if (!more.isEmpty()) {
                    System.out.printf("%s is also detected by %s: add to its line in EXPECTED%n", result.scenario(),
                            more);
                }
            }
            if (result.detected()) {
                softly.assertThat(result.eventRecall()).as("share of the events of %s cited", result.scenario())
                        .isGreaterThanOrEqualTo(expected.minEventRecall());
            }
        }
        softly.assertAll();
    }

    @Test
    void raisesFewFindingsOnOrdinaryActivity() {
        assertThat(quality.benignEvents()).isGreaterThan(40_000);
        assertThat(quality.benignPer10k() - quality.benignPer10k(ADVICE)).as(quality.table())
                .isLessThanOrEqualTo(MAX_ORDINARY_FINDINGS_PER_10K);
        assertThat(quality.benignPer10k(ADVICE)).as(quality.table()).isLessThanOrEqualTo(MAX_ADVICE_PER_10K);
    }

    /**
     * An AWS service denied thousands of times (a service retrying what its role may not do) is a misconfiguration
     * for a dashboard, not a series of alerts. The topology's {@code AnomaliesTest} checks that such a storm is no
     * denied burst, on a principal still in its learning period; here it comes from a service the pipeline has
     * watched for nine days, after its learning period, and no analytic may make more than a handful of it.
     */
    @Test
    void aStormOfDeniedCallsFromAnAwsServiceRaisesAtMostAHandfulOfFindings() {
        Map<String, Long> byService = trail.records().stream().filter(r -> r.principal().startsWith("service:"))
                .collect(Collectors.groupingBy(SimulatedTrail.TrailRecord::principal, Collectors.counting()));
        String service = byService.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<SimulatedTrail.TrailRecord> history = trail.records().stream()
                .filter(r -> r.principal().equals(service)).toList();
        Instant stormStart = SPEC.start().plusDays(DAYS - 1).atTime(10, 0).toInstant(ZoneOffset.UTC);
        List<SimulatedTrail.TrailRecord> storm = storm(history.stream()
                .filter(r -> r.eventTime().isBefore(stormStart)).max(Comparator.comparing(
                        SimulatedTrail.TrailRecord::eventTime)).orElseThrow(), stormStart, 3_000);
        Set<String> stormIds = new HashSet<>();
        storm.forEach(r -> stormIds.add(r.eventId()));

        List<JsonNode> findings = new ArrayList<>();
        // The service's own history only: every analytic keeps its state per principal, so the others change nothing.
        SimulatedTrail withStorm = new SimulatedTrail(history, List.of()).with(storm);
        try (TopologyReplay replay = new TopologyReplay(TopologyConfig.defaults(), tmp.resolve("storm-state"))) {
            withStorm.records().forEach(replay::send);
            assertThat(replay.stats()).containsEntry(PipelineStats.EVENTS_UNIQUE, (long) withStorm.records().size());
            findings.addAll(replay.findings().values());
        }
        List<JsonNode> onStorm = findings.stream()
                .filter(f -> DetectionQuality.related(f).stream().anyMatch(stormIds::contains)).toList();
        System.out.printf("Storm of %,d AccessDenied by %s after %,d of its ordinary events: %d findings (%s)%n",
                storm.size(), service, history.size(), onStorm.size(),
                onStorm.stream().map(DetectionQuality::analytic).toList());
        assertThat(history).hasSizeGreaterThan(1_000);
        assertThat(onStorm).hasSizeLessThanOrEqualTo(HANDFUL);
        assertThat(onStorm).extracting(DetectionQuality::analytic).doesNotContain(DENIED_BURST);
    }

    /**
     * {@code count} calls denied to the service of {@code template} within half an hour from {@code start}, spread
     * over six read actions of five services: enough actions for a denied burst, were services not left out.
     */
    private static List<SimulatedTrail.TrailRecord> storm(SimulatedTrail.TrailRecord template, Instant start,
                                                          int count) {
        String[][] calls = {{"s3.amazonaws.com", "GetBucketPolicy"}, {"s3.amazonaws.com", "GetBucketAcl"},
                {"ec2.amazonaws.com", "DescribeInstances"}, {"iam.amazonaws.com", "GetRole"},
                {"kms.amazonaws.com", "DescribeKey"}, {"lambda.amazonaws.com", "GetFunction"}};
        List<SimulatedTrail.TrailRecord> storm = new ArrayList<>(count);
        try {
            ObjectNode base = (ObjectNode) SimulatedTrail.JSON.readTree(template.json());
            for (int i = 0; i < count; i++) {
                ObjectNode event = base.deepCopy();
                String[] call = calls[i % calls.length];
                event.put("eventID", UUID.nameUUIDFromBytes(("storm-" + i).getBytes(StandardCharsets.UTF_8))
                        .toString());
                event.put("requestID", UUID.nameUUIDFromBytes(("storm-request-" + i)
                        .getBytes(StandardCharsets.UTF_8)).toString());
                event.put("eventTime", start.plusMillis(600L * i).truncatedTo(ChronoUnit.SECONDS).toString());
                event.put("eventSource", call[0]);
                event.put("eventName", call[1]);
                event.put("errorCode", "AccessDenied");
                event.put("errorMessage", "User is not authorized to perform this operation");
                event.putNull("requestParameters");
                event.putNull("responseElements");
                storm.add(SimulatedTrail.TrailRecord.of(event));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return storm;
    }
}
