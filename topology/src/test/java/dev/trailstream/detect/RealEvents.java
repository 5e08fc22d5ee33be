package dev.trailstream.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.event.CloudTrailEventParser;
import dev.trailstream.event.ParseResult;
import dev.trailstream.topology.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The labelled real events of {@code ../shared/data}, for rule tests; tests using them skip when it is absent. */
final class RealEvents {
    private static final Pattern PANTHER_TIME =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2})(\\.\\d+)?Z?");

    private RealEvents() {
    }

    /** Stratus Red Team detonations: technique id (the file name) → its events. */
    static Map<String, List<JsonNode>> stratus() {
        SharedData.stratusEvents();   // skips the test when the logs are absent
        Map<String, List<JsonNode>> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(SharedData.STRATUS)) {
            for (Path file : list.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString();
                List<JsonNode> events = new ArrayList<>();
                Events.read(Files.readString(file)).forEach(events::add);
                files.put(name.substring(0, name.length() - ".json".length()), events);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The first event of a Stratus technique with the given name. */
    static CloudTrailEvent stratus(String technique, String eventName) {
        return stratus().get(technique).stream().filter(e -> eventName.equals(e.path("eventName").asText()))
                .findFirst().map(Events::parse)
                .orElseThrow(() -> new IllegalArgumentException("no " + eventName + " in " + technique));
    }

    /** Panther's rule tests: {@code {rule_id, expected_result, log}}. */
    static List<JsonNode> panther() {
        return SharedData.pantherTests();
    }

    /** The {@code n}-th (from 0) test event of a Panther rule, parsed leniently. */
    static CloudTrailEvent panther(String ruleId, int n) {
        JsonNode test = panther().stream().filter(t -> ruleId.equals(t.path("rule_id").asText())).skip(n)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no test " + n + " of " + ruleId));
        return lenient(test.path("log")).orElseThrow();
    }

    /**
     * A Panther test event as CloudTrail would have written it: the hand-made fixtures often lack an eventID or use
     * Panther's zone-less time format, which the pipeline rightly rejects; rules only need the event's content. Empty
     * when the event has no identity to resolve at all.
     */
    static Optional<CloudTrailEvent> lenient(JsonNode log) {
        ObjectNode event = log.deepCopy();
        if (!event.path("eventID").isTextual() || event.path("eventID").asText().isBlank()) {
            event.put("eventID", "panther-fixture");
        }
        Matcher time = PANTHER_TIME.matcher(event.path("eventTime").asText());
        event.put("eventTime", time.matches() ? time.group(1) + "T" + time.group(2) + "Z" : "2024-01-01T00:00:00Z");
        ParseResult result = CloudTrailEventParser.parse(event.toString().getBytes(StandardCharsets.UTF_8));
        return result instanceof ParseResult.Parsed parsed ? Optional.of(parsed.event()) : Optional.empty();
    }
}
