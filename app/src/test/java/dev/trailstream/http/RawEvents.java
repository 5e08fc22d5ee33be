package dev.trailstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.normalize.Principals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The unique events of each principal in a folder of CloudTrail files, read without the pipeline (whole files, tree
 * model), so that API answers are compared with counts the pipeline did not compute.
 *
 * @param times principal id → event time of each unique event (by eventID)
 */
record RawEvents(Map<String, List<Instant>> times) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RawEvents of(Path root) throws IOException {
        Map<String, List<Instant>> times = new HashMap<>();
        Set<String> ids = new HashSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.toString().contains("CloudTrail-Digest"))
                    .filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".json.gz")).toList();
        }
        for (Path f : files) {
            try (InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f))
                    : Files.newInputStream(f)) {
                JsonNode tree = JSON.readTree(in);
                for (JsonNode e : tree.isArray() ? tree : tree.path("Records")) {
                    if (ids.add(e.path("eventID").asText())) {
                        Principals.resolve(e).ifPresent(p -> times.computeIfAbsent(p.id(), k -> new ArrayList<>())
                                .add(Instant.parse(e.path("eventTime").asText())));
                    }
                }
            }
        }
        return new RawEvents(Map.copyOf(times));
    }

    long events(String principal) {
        return times.getOrDefault(principal, List.of()).size();
    }

    long events(String principal, Instant from, Instant to) {
        return times.getOrDefault(principal, List.of()).stream()
                .filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
    }

    /** A principal id as one path segment: percent-escapes throughout, never '+' for a space. */
    static String pathSegment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
