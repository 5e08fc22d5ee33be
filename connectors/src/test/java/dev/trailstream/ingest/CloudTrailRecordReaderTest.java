package dev.trailstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class CloudTrailRecordReaderTest {
    static final Path STRATUS = Path.of("../../shared/data/stratus-red-team/docs/detonation-logs");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheCloudTrailWrapperIgnoringOtherTopLevelFields() {
        List<ReadResult> results = readAll("{\"version\":1,\"Records\":[{\"a\":1},  {\"b\" : [1,{\"c\":2}]}],"
                + "\"trailer\":{\"Records\":\"not a list\"}}");

        assertThat(eventTexts(results)).containsExactly("{\"a\":1}", "{\"b\" : [1,{\"c\":2}]}");
        assertThat(results).extracting(ReadResult::index).containsExactly(0L, 1L);
    }

    @Test
    void readsABareArray() {
        assertThat(eventTexts(readAll(" [ {\"a\":1} ,\n{\"b\":2}\n]\n"))).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void readsJsonLinesAndConcatenatedObjects() {
        List<ReadResult> results = readAll("{\"a\":1}\n{\"b\":{\"x\":[]}}{\"c\":3}\n\n{\"Records\":[{\"d\":4}]}\n");

        assertThat(eventTexts(results))
                .containsExactly("{\"a\":1}", "{\"b\":{\"x\":[]}}", "{\"c\":3}", "{\"d\":4}");
        assertThat(results).extracting(ReadResult::index).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void detectsGzipByItsMagicBytes() {
        byte[] plain = utf8("{\"Records\":[{\"a\":1},{\"b\":2}]}");

        List<ReadResult> results = readAll(gzip(plain), 1000);

        assertThat(eventTexts(results)).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void keepsEveryByteOfARecordAsWritten() {
        String record = "{ \"zeta\" : \"\\u00e9t\\u00e9\\\"q\",\n\t\"alpha\":[1.50, -0e3, null, true],"
                + "\"n\\u0061me\":\"caf\u00e9 \u2603 \uD83D\uDE00\", \"empty\":{} }";
        String file = "\uFEFF{\"Records\": [\n  " + record + " ,\n  {\"b\":2}  ]}";

        List<ReadResult> results = readAll(file);

        assertThat(((ReadResult.Event) results.get(0)).bytes()).isEqualTo(utf8(record));
        assertThat(eventTexts(results)).containsExactly(record, "{\"b\":2}");
    }

    @Test
    void keepsTheRecordsBeforeATruncatedGzipAndReportsIt() {
        List<String> records = manyRecords(3000);
        byte[] gzipped = gzip(utf8("{\"Records\":[" + String.join(",", records) + "]}"));
        byte[] truncated = Arrays.copyOf(gzipped, gzipped.length / 2);

        List<ReadResult> results = readAll(truncated, 1_000_000);

        List<String> events = eventTexts(results);
        assertThat(events).isNotEmpty().hasSizeLessThan(records.size());
        assertThat(events).isEqualTo(records.subList(0, events.size()));
        ReadResult last = results.get(results.size() - 1);
        assertThat(last).isInstanceOf(ReadResult.Failed.class);
        assertThat(((ReadResult.Failed) last).error()).isEqualTo(IngestErrorCode.TRUNCATED_GZIP);
        assertThat(last.index()).isEqualTo(events.size());
    }

    @Test
    void keepsTheRecordsBeforeInvalidJsonAndEndsTheObject() {
        List<ReadResult> results = readAll("[{\"a\":1},{\"b\":2},{\"c\":],{\"d\":4}]");

        assertThat(eventTexts(results)).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(results.get(2)).isInstanceOfSatisfying(ReadResult.Failed.class, failed -> {
            assertThat(failed.index()).isEqualTo(2);
            assertThat(failed.error()).isEqualTo(IngestErrorCode.INVALID_JSON);
            assertThat(failed.reason()).isNotBlank().doesNotContain("\n");
        });
        assertThat(results).hasSize(3);
    }

    @Test
    void reportsJsonCutShortAsInvalidJson() {
        List<ReadResult> results = readAll("{\"Records\":[{\"a\":1},{\"b\":");

        assertThat(eventTexts(results)).containsExactly("{\"a\":1}");
        assertThat(results.get(1)).isInstanceOfSatisfying(ReadResult.Failed.class, failed -> {
            assertThat(failed.index()).isEqualTo(1);
            assertThat(failed.error()).isEqualTo(IngestErrorCode.INVALID_JSON);
        });
    }

    @Test
    void skipsElementsThatAreNotObjectsAndReadsOn() {
        List<ReadResult> results = readAll("{\"Records\":[{\"a\":1}, 42, \"x\", [1,{\"y\":2}], null, {\"b\":2}]}");

        assertThat(results).extracting(ReadResult::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(results.subList(1, 5)).allSatisfy(result -> assertThat(result)
                .isInstanceOfSatisfying(ReadResult.Skipped.class,
                        skipped -> assertThat(skipped.error()).isEqualTo(IngestErrorCode.NOT_AN_OBJECT)));
        assertThat(eventTexts(results)).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void skipsRecordsOverTheSizeLimitAndReadsOn() {
        String big = "{\"pad\":\"" + "x".repeat(150) + "\"}";
        List<ReadResult> results = readAll(utf8("[{\"a\":1}," + big + ",{\"b\":2}]"), 100);

        assertThat(results.get(1)).isInstanceOfSatisfying(ReadResult.Skipped.class, skipped -> {
            assertThat(skipped.error()).isEqualTo(IngestErrorCode.RECORD_TOO_LARGE);
            assertThat(skipped.reason()).contains(Integer.toString(big.length())).contains("100");
        });
        assertThat(eventTexts(results)).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void skipsAHugeRecordWithoutHoldingItAndKeepsTheNextOneExact() {
        // Far over limit + read-ahead, so the retained bytes overflow and are dropped while the parser skips it.
        String huge = "{\"pad\":[" + "\"abcdefghij\",".repeat(400_000) + "1]}";
        String after = "{\"after\": \"" + "y".repeat(500) + "\"}";

        List<ReadResult> results = readAll(utf8("{\"Records\":[{\"a\":1}," + huge + "," + after + "]}"), 2048);

        assertThat(results.get(1)).isInstanceOfSatisfying(ReadResult.Skipped.class,
                skipped -> assertThat(skipped.error()).isEqualTo(IngestErrorCode.RECORD_TOO_LARGE));
        assertThat(eventTexts(results)).containsExactly("{\"a\":1}", after);
    }

    @Test
    void opensOnlyOnTheFirstReadAndClosesTheStreamOnFailure() {
        AtomicInteger opened = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();
        CloudTrailRecordReader reader = new CloudTrailRecordReader(() -> {
            opened.incrementAndGet();
            return new FilterInputStream(new ByteArrayInputStream(utf8("[{\"a\":1}, oops"))) {
                @Override
                public void close() throws IOException {
                    closed.set(true);
                    super.close();
                }
            };
        }, 1000);
        assertThat(opened).hasValue(0);

        assertThat(reader.next()).containsInstanceOf(ReadResult.Event.class);
        assertThat(closed).isFalse();
        assertThat(reader.next()).containsInstanceOf(ReadResult.Failed.class);

        assertThat(opened).hasValue(1);
        assertThat(closed).isTrue();
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void reportsAnObjectThatCannotBeOpenedAsAnIoError() {
        CloudTrailRecordReader reader = new CloudTrailRecordReader(() -> {
            throw new IOException("Cannot read s3://bucket/denied.json: AccessDenied (HTTP 403)");
        }, 1000);

        assertThat(reader.next()).get().isInstanceOfSatisfying(ReadResult.Failed.class, failed -> {
            assertThat(failed.index()).isZero();
            assertThat(failed.error()).isEqualTo(IngestErrorCode.IO_ERROR);
            assertThat(failed.reason()).contains("denied.json").contains("AccessDenied");
        });
    }

    @Test
    void reportsAnObjectThatVanishedBetweenListingAndReadingAsMissing() {
        CloudTrailRecordReader reader = new CloudTrailRecordReader(() -> {
            throw new NoSuchFileException("gone.json");
        }, 1000);

        assertThat(reader.next()).get().isInstanceOfSatisfying(ReadResult.Failed.class, failed -> {
            assertThat(failed.index()).isZero();
            assertThat(failed.error()).isEqualTo(IngestErrorCode.OBJECT_MISSING);
            assertThat(failed.reason()).contains("vanished between listing and reading").contains("gone.json");
        });
    }

    @Test
    void readsNothingFromAnEmptyOrBlankFile() {
        assertThat(readAll("")).isEmpty();
        assertThat(readAll(" \n\t ")).isEmpty();
        assertThat(readAll("{\"Records\":[]}")).isEmpty();
    }

    @Test
    void readsEveryStratusRedTeamFileRecordForRecord() throws IOException {
        assumeThat(STRATUS).as("stratus-red-team detonation logs under ../../shared").isDirectory();
        List<Path> files;
        try (Stream<Path> listing = Files.list(STRATUS)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int total = 0;
        for (Path file : files) {
            JsonNode expected = JSON.readTree(file.toFile());
            List<ReadResult> results = readAll(Files.readAllBytes(file), 1_048_576);
            assertThat(results).allSatisfy(result -> assertThat(result).isInstanceOf(ReadResult.Event.class));
            List<JsonNode> trees = new ArrayList<>();
            for (ReadResult result : results) {
                trees.add(JSON.readTree(((ReadResult.Event) result).bytes()));
            }
            assertThat(trees).as(file.getFileName().toString()).containsExactlyElementsOf(expected);
            total += results.size();
        }
        assertThat(files).hasSize(35);
        assertThat(total).isEqualTo(310);
    }

    static List<String> manyRecords(int count) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add("{\"eventID\":\"" + i + "\",\"eventName\":\"Describe" + (i * 7919 % 1000)
                    + "\",\"n\":" + i + "}");
        }
        return records;
    }

    static List<ReadResult> readAll(String text) {
        return readAll(utf8(text), 1_000_000);
    }

    static List<ReadResult> readAll(byte[] bytes, int maxRecordBytes) {
        CloudTrailRecordReader reader = new CloudTrailRecordReader(() -> new ByteArrayInputStream(bytes),
                maxRecordBytes);
        List<ReadResult> results = new ArrayList<>();
        for (var next = reader.next(); next.isPresent(); next = reader.next()) {
            results.add(next.get());
        }
        return results;
    }

    static List<String> eventTexts(List<ReadResult> results) {
        return results.stream()
                .filter(ReadResult.Event.class::isInstance)
                .map(result -> new String(((ReadResult.Event) result).bytes(), StandardCharsets.UTF_8))
                .toList();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
