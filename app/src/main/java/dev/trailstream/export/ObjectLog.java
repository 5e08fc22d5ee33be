package dev.trailstream.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Set;

/**
 * Counts of the connector's logs: objects by status from {@code cloudtrail.objects}, errors from
 * {@code cloudtrail.ingest-errors}.
 */
public record ObjectLog(long read, long failed, long skipped, long errors, long recordErrors) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Errors that lose one record and let the reading of its object go on (the others end the object). */
    private static final Set<String> RECORD_LEVEL = Set.of("not_an_object", "record_too_large", "invalid_utf8");

    public static ObjectLog read(String bootstrapServers, String objectsTopic, String errorsTopic) {
        long[] objects = new long[3];
        CommittedTopic.forEach(bootstrapServers, objectsTopic, r -> {
            switch (field(r.value(), "status")) {
                case "read" -> objects[0]++;
                case "failed" -> objects[1]++;
                default -> objects[2]++;
            }
        });
        long[] errors = new long[2];
        CommittedTopic.forEach(bootstrapServers, errorsTopic, r -> {
            errors[0]++;
            if (RECORD_LEVEL.contains(field(r.value(), "error"))) {
                errors[1]++;
            }
        });
        return new ObjectLog(objects[0], objects[1], objects[2], errors[0], errors[1]);
    }

    private static String field(byte[] json, String name) {
        try {
            JsonNode node = JSON.readTree(json);
            return node.path(name).asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
