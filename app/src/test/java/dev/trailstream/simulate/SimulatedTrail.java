package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.Principals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A simulation as read back from its folder: every CloudTrail record in event-time order, and the labels of the
 * attacks. Read from the files, as the connector reads them, rather than from the simulator's objects, so what is
 * measured is what the pipeline is given.
 *
 * @param records every record of every log file (digests skipped), oldest first
 * @param labels  the lines of {@code labels.jsonl}
 */
record SimulatedTrail(List<TrailRecord> records, List<Label> labels) {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One CloudTrail record.
     *
     * @param principal the principal id the connector keys the record by
     * @param json      the record as compact JSON
     */
    record TrailRecord(String eventId, Instant eventTime, String principal, byte[] json) {
        static TrailRecord of(JsonNode record) throws IOException {
            String principal = Principals.resolve(record).map(Principal::id)
                    .orElseThrow(() -> new IllegalStateException("no principal in " + record));
            return new TrailRecord(record.path("eventID").asText(), Instant.parse(record.path("eventTime").asText()),
                    principal, JSON.writeValueAsBytes(record));
        }
    }

    /** One line of {@code labels.jsonl}: an injected attack, its principal and its events. */
    record Label(String scenario, String principal, Set<String> eventIds, Instant start, Instant end) {
        static Label of(JsonNode line) {
            Set<String> ids = new LinkedHashSet<>();
            line.path("event_ids").forEach(id -> ids.add(id.asText()));
            return new Label(line.path("scenario").asText(), line.path("principal").asText(), Set.copyOf(ids),
                    Instant.parse(line.path("start").asText()), Instant.parse(line.path("end").asText()));
        }
    }

    SimulatedTrail {
        records = List.copyOf(records);
        labels = List.copyOf(labels);
    }

    static SimulatedTrail read(Path simulation) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(simulation.resolve("AWSLogs"))) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().contains("_CloudTrail_")).sorted().toList();
        }
        List<TrailRecord> records = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                for (JsonNode record : JSON.readTree(in).path("Records")) {
                    records.add(TrailRecord.of(record));
                }
            }
        }
        // Stable: records of one time keep their file order.
        records.sort(Comparator.comparing(TrailRecord::eventTime));
        List<Label> labels = new ArrayList<>();
        for (String line : Files.readAllLines(simulation.resolve("labels.jsonl"))) {
            labels.add(Label.of(JSON.readTree(line)));
        }
        return new SimulatedTrail(records, labels);
    }

    /** The event ids of every label. */
    Set<String> labelledEventIds() {
        Set<String> ids = new HashSet<>();
        labels.forEach(label -> ids.addAll(label.eventIds()));
        return ids;
    }

    /** The same trail with more records merged in, in event-time order. */
    SimulatedTrail with(List<TrailRecord> more) {
        List<TrailRecord> all = new ArrayList<>(records);
        all.addAll(more);
        all.sort(Comparator.comparing(TrailRecord::eventTime));
        return new SimulatedTrail(all, labels);
    }
}
