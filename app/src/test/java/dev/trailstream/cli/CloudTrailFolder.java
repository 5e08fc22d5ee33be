package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.normalize.Principals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What a folder of CloudTrail files holds, read independently of the connector (whole files, tree model), so that
 * tests compare the pipeline's counts with an answer it did not compute itself.
 */
public record CloudTrailFolder(int eventFiles, int digestFiles, int events, Set<String> eventIds, Set<String> principals,
                        Set<String> rootEventIds) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static CloudTrailFolder of(Path root) throws IOException {
        int files = 0;
        int digests = 0;
        int events = 0;
        Set<String> ids = new HashSet<>();
        Set<String> principals = new HashSet<>();
        Set<String> rootIds = new HashSet<>();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : all) {
            String name = f.getFileName().toString();
            if (name.contains("CloudTrail-Digest")) {
                digests++;
                continue;
            }
            if (!name.endsWith(".json") && !name.endsWith(".json.gz")) {
                continue;
            }
            files++;
            for (JsonNode e : records(f)) {
                events++;
                ids.add(e.path("eventID").asText());
                Principals.resolve(e).ifPresent(p -> principals.add(p.id()));
                if ("Root".equals(e.path("userIdentity").path("type").asText())) {
                    rootIds.add(e.path("eventID").asText());
                }
            }
        }
        return new CloudTrailFolder(files, digests, events, ids, principals, rootIds);
    }

    /** The event files below {@code root} (no digests), in key order. */
    public static List<Path> eventFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(f -> {
                String name = f.getFileName().toString();
                return !name.contains("CloudTrail-Digest") && (name.endsWith(".json") || name.endsWith(".json.gz"));
            }).sorted().toList();
        }
    }

    /** The records of one file, parsed whole: for tests only. */
    /**
     * The IAM user or role that made a call, as an IAM policy names it: the user's ARN, or for a role session the
     * role's ARN from {@code sessionIssuer}; null for anyone else (root, services, federated users).
     */
    public static String callerArn(JsonNode event) {
        JsonNode identity = event.path("userIdentity");
        return switch (identity.path("type").asText()) {
            case "IAMUser" -> identity.path("arn").asText(null);
            case "AssumedRole" -> identity.path("sessionContext").path("sessionIssuer").path("arn").asText(null);
            default -> null;
        };
    }

    public static JsonNode records(Path f) {
        try (InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f))
                : Files.newInputStream(f)) {
            JsonNode tree = JSON.readTree(in);
            return tree.isArray() ? tree : tree.path("Records");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
