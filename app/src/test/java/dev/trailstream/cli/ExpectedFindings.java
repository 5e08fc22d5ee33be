package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.detect.FindingGroup;
import dev.trailstream.detect.Rule;
import dev.trailstream.detect.RulePack;
import dev.trailstream.event.CloudTrailEventParser;
import dev.trailstream.event.ParseResult;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.normalize.Principals;
import dev.trailstream.topology.TopologyConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The findings a folder of CloudTrail files calls for, worked out from the files themselves and never from a run: one
 * per rule, principal and UTC day of a matching event, holding every matching event.
 *
 * <p>For simulated organisations ({@link #ofSimulated}) the built-in rules that its ordinary traffic and the root-usage
 * scenario can trigger are re-stated here as plain predicates on the raw JSON, from each rule's description: an
 * answer the rule engine did not compute. Real logs ({@link #byRulePack}) would need all twenty rules re-stated, so
 * there the pack's own matchers are applied to each raw event, outside Kafka; the rules themselves are tested rule by
 * rule in the topology module, and what is checked here is that the pipeline raises each finding exactly once with
 * all its events, across restarts and partitions.
 */
public record ExpectedFindings(Map<Key, Set<String>> groups) {
    public static final String ROOT_USAGE = "trailstream.root-account-usage";
    public static final String CONSOLE_LOGIN_WITHOUT_MFA = "trailstream.console-login-without-mfa";
    public static final String SECRET_READ_BY_PERSON = "trailstream.secret-read-by-person";
    /** The one behavioural anomaly ordinary simulated traffic raises: the simulated applications' IAM user keys. */
    public static final String LONG_TERM_KEY_WORKLOAD = "trailstream.anomaly.long-term-key-workload";

    /**
     * The built-in rules a simulated organisation can trigger without attack scenarios other than root usage: root
     * itself, IAM users who sign in without MFA (a third of the simulated console users do, every day) and people who
     * read secrets (the simulated developers' CLI work includes GetSecretValue and decrypted GetParameter).
     */
    public static final Map<String, Predicate<JsonNode>> SIMULATED_BUILT_IN = Map.of(
            ROOT_USAGE, ExpectedFindings::rootUsage,
            CONSOLE_LOGIN_WITHOUT_MFA, ExpectedFindings::consoleLoginWithoutMfa,
            SECRET_READ_BY_PERSON, ExpectedFindings::secretReadByPerson);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One finding: its rule, principal and UTC day. */
    public record Key(String rule, String principal, LocalDate day) {
        /** The uid the finding must carry, the same on every run. */
        public String uid() {
            return FindingGroup.uid(rule, principal, day);
        }
    }

    public ExpectedFindings {
        groups = Map.copyOf(groups);
    }

    public static ExpectedFindings ofSimulated(Path folder) throws IOException {
        return matching(folder, SIMULATED_BUILT_IN);
    }

    /** The findings of rules given as predicates on the raw events. */
    public static ExpectedFindings matching(Path folder, Map<String, Predicate<JsonNode>> rules) throws IOException {
        return grouped(folder, event -> rules.entrySet().stream().filter(rule -> rule.getValue().test(event))
                .map(Map.Entry::getKey).toList());
    }

    /** The findings of a pack's rules, matched by the pack on each raw event that parses. */
    public static ExpectedFindings byRulePack(Path folder, RulePack pack) throws IOException {
        return grouped(folder, raw -> {
            ParseResult parsed = CloudTrailEventParser.parse(raw.toString().getBytes(StandardCharsets.UTF_8));
            if (!(parsed instanceof ParseResult.Parsed event)) {
                return List.of();
            }
            return pack.candidates(event.event()).stream().filter(rule -> rule.matches(event.event()))
                    .map(Rule::id).toList();
        });
    }

    private static ExpectedFindings grouped(Path folder, Function<JsonNode, List<String>> rulesOf) throws IOException {
        Map<Key, Set<String>> groups = new HashMap<>();
        Set<String> seen = new HashSet<>();
        WorkloadKeyDays keyDays = new WorkloadKeyDays();
        for (Path file : CloudTrailFolder.eventFiles(folder)) {
            for (JsonNode event : CloudTrailFolder.records(file)) {
                // A copy of an event is dropped by de-duplication before any rule sees it.
                if (!seen.add(event.path("eventID").asText())) {
                    continue;
                }
                List<String> rules = new ArrayList<>(rulesOf.apply(event));
                if (keyDays.signals(event)) {
                    rules.add(LONG_TERM_KEY_WORKLOAD);
                }
                if (rules.isEmpty()) {
                    continue;
                }
                String principal = Principals.resolve(event).map(Principal::id).orElseThrow();
                LocalDate day = LocalDate.ofInstant(Instant.parse(event.path("eventTime").asText()), ZoneOffset.UTC);
                for (String rule : rules) {
                    groups.computeIfAbsent(new Key(rule, principal, day), k -> new HashSet<>())
                            .add(event.path("eventID").asText());
                }
            }
        }
        return new ExpectedFindings(groups);
    }

    /** How many findings each rule must raise, by rule id: what {@code summary.json}'s findings_by_rule says. */
    public Map<String, Long> byRule() {
        Map<String, Long> counts = new TreeMap<>();
        groups.keySet().forEach(key -> counts.merge(key.rule(), 1L, Long::sum));
        return counts;
    }

    /** The matching events of all findings: each writes one finding record (the first creates, the others update). */
    public long events() {
        return groups.values().stream().mapToLong(Set::size).sum();
    }

    public Set<String> eventIds(String rule) {
        Set<String> ids = new TreeSet<>();
        groups.forEach((key, events) -> {
            if (key.rule().equals(rule)) {
                ids.addAll(events);
            }
        });
        return ids;
    }

    /** {@code summary.json} counts exactly the expected findings, by rule id. */
    public void assertSummary(JsonNode summary, String context) {
        assertThat(summary.path("findings").asLong()).as(context).isEqualTo(groups.size());
        Map<String, Long> counted = new TreeMap<>();
        summary.path("findings_by_rule").fields()
                .forEachRemaining(entry -> counted.put(entry.getKey(), entry.getValue().asLong()));
        assertThat(counted).as(context).isEqualTo(byRule());
    }

    /**
     * The lines of {@code findings.jsonl} are exactly the expected findings: one line per finding and uid, under the
     * uid of its rule, principal and day, counting all of its events and listing them up to the cap.
     */
    public void assertFindingsFile(Path findingsJsonl, String context) throws IOException {
        List<String> lines = Files.readAllLines(findingsJsonl);
        Map<Key, JsonNode> actual = new LinkedHashMap<>();
        Set<String> uids = new HashSet<>();
        for (String line : lines) {
            JsonNode finding = JSON.readTree(line);
            JsonNode info = finding.path("finding_info");
            assertThat(finding.path("class_uid").asInt()).as(context).isEqualTo(2004);
            assertThat(uids.add(info.path("uid").asText())).as("finding uid listed once: " + line + "; " + context)
                    .isTrue();
            Key key = new Key(info.path("analytic").path("uid").asText(),
                    finding.path("actor").path("user").path("uid").asText(),
                    LocalDate.ofInstant(Instant.ofEpochMilli(info.path("first_seen_time").asLong()), ZoneOffset.UTC));
            assertThat(actual.put(key, finding)).as("one finding per rule, principal and day: " + key + "; " + context)
                    .isNull();
        }
        assertThat(actual.keySet()).as(context).containsExactlyInAnyOrderElementsOf(groups.keySet());
        actual.forEach((key, finding) -> {
            JsonNode info = finding.path("finding_info");
            Set<String> expected = groups.get(key);
            Set<String> related = new HashSet<>();
            info.path("related_events").forEach(e -> related.add(e.path("uid").asText()));
            String what = key + "; " + context;
            assertThat(info.path("uid").asText()).as(what).isEqualTo(key.uid());
            assertThat(info.path("related_events_count").asLong()).as(what).isEqualTo(expected.size());
            assertThat(expected).as(what).containsAll(related);
            assertThat(related).as(what).hasSize(Math.min(expected.size(), TopologyConfig.DEFAULT_MAX_RELATED_EVENTS));
        });
    }

    /**
     * The long-term-key-workload anomaly, re-stated from topology/RULES.md with its default thresholds: per IAM user,
     * long-term key ({@code AKIA}) and UTC day, calls not made by a service for the user nor in a console session;
     * the call that first brings the day to 20 distinct UTC hours, and the one that first brings it to 5 distinct
     * source addresses, are the related events of the user's finding of that day. Files are read in the order the
     * pipeline reads them, so "first" is the same call (the simulator's key users work in one region).
     */
    private static final class WorkloadKeyDays {
        private static final Pattern ADDRESS = Pattern.compile(
                "\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
        private final Map<String, Integer> hours = new HashMap<>();
        private final Map<String, Set<String>> addresses = new HashMap<>();
        private final Map<String, Integer> signalled = new HashMap<>();

        boolean signals(JsonNode e) {
            JsonNode identity = e.path("userIdentity");
            String key = identity.path("accessKeyId").asText("");
            if (!identity.path("type").asText().equals("IAMUser") || !key.startsWith("AKIA")
                    || identity.has("invokedBy")
                    || identity.path("sessionContext").path("attributes").has("mfaAuthenticated")) {
                return false;
            }
            Instant time = Instant.parse(e.path("eventTime").asText());
            String keyDay = Principals.resolve(e).map(Principal::id).orElseThrow() + "|" + key + "|"
                    + LocalDate.ofInstant(time, ZoneOffset.UTC);
            int mask = hours.merge(keyDay, 1 << time.atZone(ZoneOffset.UTC).getHour(), (a, b) -> a | b);
            Set<String> ips = addresses.computeIfAbsent(keyDay, k -> new HashSet<>());
            String ip = e.path("sourceIPAddress").asText("");
            if (ADDRESS.matcher(ip).matches()) {
                ips.add(ip);
            }
            int reached = (Integer.bitCount(mask) >= 20 ? 1 : 0) | (ips.size() >= 5 ? 2 : 0);
            int before = signalled.getOrDefault(keyDay, 0);
            signalled.put(keyDay, before | reached);
            return (reached & ~before) != 0;
        }
    }

    // The built-in rules, re-stated from their descriptions in topology/RULES.md and the rule files.

    /** Any call by the root user, except those an AWS service makes itself or on root's behalf outside the console. */
    static boolean rootUsage(JsonNode e) {
        JsonNode identity = e.path("userIdentity");
        String invokedBy = identity.path("invokedBy").asText("");
        return identity.path("type").asText().equals("Root") && !e.path("eventType").asText().equals("AwsServiceEvent")
                && (invokedBy.isEmpty() || invokedBy.equals("signin.amazonaws.com"));
    }

    /** A successful console sign-in of the root user or an IAM user with a password alone, not through SAML. */
    static boolean consoleLoginWithoutMfa(JsonNode e) {
        String type = e.path("userIdentity").path("type").asText();
        return e.path("eventName").asText().equals("ConsoleLogin")
                && e.path("responseElements").path("ConsoleLogin").asText().equals("Success")
                && e.path("additionalEventData").path("MFAUsed").asText().equals("No")
                && e.path("additionalEventData").path("SamlProviderArn").isMissingNode()
                && (type.equals("IAMUser") || type.equals("Root"));
    }

    /** GetSecretValue or a decrypted GetParameter(s) by someone not a workload, done or denied. */
    static boolean secretReadByPerson(JsonNode e) {
        String source = e.path("eventSource").asText();
        String name = e.path("eventName").asText();
        boolean read = source.equals("secretsmanager.amazonaws.com") && name.equals("GetSecretValue")
                || source.equals("ssm.amazonaws.com") && (name.equals("GetParameter") || name.equals("GetParameters"))
                && e.path("requestParameters").path("withDecryption").asBoolean(false);
        PrincipalKind kind = Principals.resolve(e).map(Principal::kind).orElse(PrincipalKind.UNKNOWN);
        return read && kind != PrincipalKind.WORKLOAD && kind != PrincipalKind.SERVICE && doneOrDenied(e);
    }

    private static boolean doneOrDenied(JsonNode e) {
        String code = e.path("errorCode").asText("");
        return code.isEmpty() || code.startsWith("AccessDenied") || code.contains("Unauthorized")
                || code.equals("AuthorizationError") || code.equals("Forbidden");
    }
}
