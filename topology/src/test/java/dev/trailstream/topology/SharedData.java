package dev.trailstream.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The public data sets next to the repository; tests using them are skipped where they are absent. */
public final class SharedData {
    public static final Path ROOT = Path.of("..", "..", "shared", "data");
    public static final Path PANTHER = ROOT.resolve("panther-analysis-tests/aws_cloudtrail_rule_tests.jsonl");
    public static final Path STRATUS = ROOT.resolve("stratus-red-team/docs/detonation-logs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedData() {
    }

    /** Panther's rule tests: {@code {"rule_id", "expected_result", "log": {CloudTrail event}}} per line. */
    public static List<JsonNode> pantherTests() {
        assumeTrue(Files.isRegularFile(PANTHER), "no Panther fixtures at " + PANTHER.toAbsolutePath());
        try (Stream<String> lines = Files.lines(PANTHER)) {
            return lines.filter(line -> !line.isBlank()).map(SharedData::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stratus Red Team detonation logs: each file a JSON array of CloudTrail events. */
    public static List<JsonNode> stratusEvents() {
        assumeTrue(Files.isDirectory(STRATUS), "no Stratus Red Team logs at " + STRATUS.toAbsolutePath());
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(STRATUS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JSON.readTree(file.toFile()).forEach(events::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
