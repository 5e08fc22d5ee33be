package dev.trailstream.normalize;

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

/**
 * The real CloudTrail samples and IAM mappings in {@code ../shared/data}; every method skips the calling test (a JUnit
 * assumption) when its files are absent, as on a fresh clone.
 */
final class SharedSamples {
    static final Path ROOT = Path.of("..", "..", "shared", "data");
    static final Path STRATUS = ROOT.resolve("stratus-red-team/docs/detonation-logs");
    static final Path PANTHER = ROOT.resolve("panther-analysis-tests/aws_cloudtrail_rule_tests.jsonl");
    static final Path OTRF = ROOT.resolve(
            "otrf-security-datasets-aws/datasets/atomic/aws/collection/ec2_proxy_s3_exfiltration_2020-09-14011940.json");
    static final Path IAMLIVE = ROOT.resolve("sdk-iam-map-iamlive/iamlivecore/map.json");
    static final Path CLOUDTRACKER = ROOT.resolve("cloudtracker-mappings");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event and the data set it came from. */
    record Sample(String dataset, JsonNode event) {
        String text(String field) {
            JsonNode value = event.get(field);
            return value != null && value.isTextual() ? value.asText() : null;
        }
    }

    private SharedSamples() {
    }

    /**
     * Every event of the three CloudTrail samples: Stratus Red Team detonation logs (a JSON array per file), Panther's
     * rule tests (the {@code log} of each line) and the OTRF breach lab (one event per line).
     */
    static List<Sample> events() {
        assumeTrue(Files.isDirectory(STRATUS) && Files.isRegularFile(PANTHER) && Files.isRegularFile(OTRF),
                "no CloudTrail samples under " + ROOT.toAbsolutePath());
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(STRATUS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JSON.readTree(file.toFile()).forEach(e -> samples.add(new Sample("stratus-red-team", e)));
            }
            for (String line : Files.readAllLines(PANTHER)) {
                if (!line.isBlank()) {
                    samples.add(new Sample("panther-analysis-tests", JSON.readTree(line).get("log")));
                }
            }
            for (String line : Files.readAllLines(OTRF)) {
                if (!line.isBlank()) {
                    samples.add(new Sample("otrf-security-datasets-aws", JSON.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    /** iamlive's {@code map.json}: SDK operation → IAM actions, SDK service names, permissionless calls. */
    static JsonNode iamlive() {
        return read(IAMLIVE);
    }

    /** cloudtracker's renames and the CloudTrail actions it says need no IAM permission. */
    static JsonNode cloudtrackerMapping() {
        return read(CLOUDTRACKER.resolve("eventsource_iam_mapping.json"));
    }

    /** cloudtracker's list of AWS API operations, {@code prefix:Operation} per line. */
    static List<String> cloudtrackerApiList() {
        Path file = CLOUDTRACKER.resolve("cloudtracker/data/aws_api_list.txt");
        assumeTrue(Files.isRegularFile(file), "no " + file.toAbsolutePath());
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        assumeTrue(Files.isRegularFile(file), "no " + file.toAbsolutePath());
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
