package dev.trailstream.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The decompression limits and Jackson read constraints of {@link CloudTrailRecordReader}. */
class ReadLimitsTest {
    private static final String TWO_RECORDS = "{\"Records\":[{\"eventID\":\"a\"},{\"eventID\":\"b\"},";

    @Test
    void endsAGzipBombAtTheRatioLimitKeepingTheRecordsBefore() throws IOException {
        // 64 gzip members of 1 MiB of blanks each: 64 MiB of valid JSON whitespace from about 64 KiB.
        byte[] bomb = concat(gzip(TWO_RECORDS.getBytes(StandardCharsets.UTF_8)), blankMembers(64));

        List<ReadResult> results = read(bomb, ReadLimits.DEFAULTS);

        assertThat(CloudTrailRecordReaderTest.eventTexts(results))
                .containsExactly("{\"eventID\":\"a\"}", "{\"eventID\":\"b\"}");
        assertThat(results.get(results.size() - 1)).isInstanceOfSatisfying(ReadResult.Failed.class, failed -> {
            assertThat(failed.index()).isEqualTo(2);
            assertThat(failed.error()).isEqualTo(IngestErrorCode.DECOMPRESSION_LIMIT);
            assertThat(failed.reason()).contains("max.compression.ratio=200").contains("gzip bomb");
        });
    }

    @Test
    void endsAFileLargerThanMaxObjectBytesKeepingTheRecordsBefore() {
        byte[] file = ("{\"Records\":[" + String.join(",", CloudTrailRecordReaderTest.manyRecords(2000)) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        ReadLimits limits = new ReadLimits(1000, 65_536, 200);

        List<ReadResult> results = read(file, limits);

        ReadResult.Failed failed = (ReadResult.Failed) results.get(results.size() - 1);
        assertThat(failed.error()).isEqualTo(IngestErrorCode.DECOMPRESSION_LIMIT);
        assertThat(failed.reason()).contains("max.object.bytes=65536");
        // Everything before the parser's read-ahead crossed the limit is kept; nothing after it is read.
        assertThat(results.subList(0, results.size() - 1)).allMatch(ReadResult.Event.class::isInstance);
        assertThat(failed.index()).isEqualTo(results.size() - 1).isBetween(500L, 1999L);
    }

    @Test
    void readsAWellCompressedFileBelowTheRatioFloor() throws IOException {
        // 900 KiB of blanks compress about a thousandfold, yet stay under the 1 MiB floor.
        byte[] blanks = new byte[900 * 1024];
        Arrays.fill(blanks, (byte) ' ');
        byte[] file = gzip(concat(TWO_RECORDS.getBytes(StandardCharsets.UTF_8), blanks,
                "{\"eventID\":\"c\"}]}".getBytes(StandardCharsets.UTF_8)));

        assertThat(CloudTrailRecordReaderTest.eventTexts(read(file, ReadLimits.DEFAULTS))).hasSize(3);
    }

    @Test
    void readsAnOrdinaryCloudTrailLikeFileOfManyMegabytes() throws IOException {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder("{\"Records\":[");
        int count = 12_000;
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ",")
                    .append("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\","
                            + "\"arn\":\"arn:aws:sts::111122223333:assumed-role/app/i-0")
                    .append(Long.toHexString(random.nextLong()))
                    .append("\"},\"eventTime\":\"2026-11-02T10:").append(i % 60).append(":00Z\",\"eventSource\":"
                            + "\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"sourceIPAddress\":\"10.0.")
                    .append(random.nextInt(256)).append('.').append(random.nextInt(256))
                    .append("\",\"requestID\":\"").append(Long.toHexString(random.nextLong()))
                    .append("\",\"eventID\":\"").append(new UUID(random.nextLong(), random.nextLong())).append("\"}");
        }
        byte[] plain = text.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        byte[] file = gzip(plain);
        assertThat(plain.length).as("decompressed size").isGreaterThan(3 << 20);

        List<ReadResult> results = read(file, ReadLimits.DEFAULTS);

        assertThat(results).hasSize(count).allMatch(ReadResult.Event.class::isInstance);
    }

    @Test
    void acceptsNestingUpToItsDepthAndEndsTheObjectBeyondIt() {
        String deepButAccepted = "{\"eventID\":\"deep\",\"x\":" + nested(900) + "}";
        String tooDeep = "{\"eventID\":\"too deep\",\"x\":" + nested(1500) + "}";
        List<ReadResult> results = read(("{\"Records\":[{\"eventID\":\"a\"}," + deepButAccepted + "," + tooDeep
                + ",{\"eventID\":\"never read\"}]}").getBytes(StandardCharsets.UTF_8), ReadLimits.DEFAULTS);

        assertThat(results).hasSize(3);
        assertThat(CloudTrailRecordReaderTest.eventTexts(results)).containsExactly("{\"eventID\":\"a\"}",
                deepButAccepted);
        assertThat(results.get(2)).isInstanceOfSatisfying(ReadResult.Failed.class, failed -> {
            assertThat(failed.index()).isEqualTo(2);
            assertThat(failed.error()).isEqualTo(IngestErrorCode.INVALID_JSON);
            assertThat(failed.reason()).contains("nesting depth").contains("1000");
        });
    }

    @Test
    void passesLongNumbersStringsAndNamesWithinTheRecordSizeToTheTopology() {
        String digits = "9".repeat(5000);
        String name = "n".repeat(60_000);
        String record = "{\"eventID\":\"long\",\"count\":" + digits + ",\"" + name + "\":\"" + "s".repeat(100_000)
                + "\"}";

        List<ReadResult> results = read(("[" + record + ",{\"eventID\":\"next\"}]").getBytes(StandardCharsets.UTF_8),
                ReadLimits.DEFAULTS);

        assertThat(CloudTrailRecordReaderTest.eventTexts(results)).containsExactly(record, "{\"eventID\":\"next\"}");
    }

    @Test
    void boundsStringsNumbersAndNamesByTheRecordSize() {
        ReadLimits limits = new ReadLimits(4096, ReadLimits.DEFAULT_MAX_OBJECT_BYTES, 200);

        assertThat(limits.constraints().getMaxStringLength()).isEqualTo(4096);
        assertThat(limits.constraints().getMaxNumberLength()).isEqualTo(4096);
        assertThat(limits.constraints().getMaxNameLength()).isEqualTo(4096);
        assertThat(limits.constraints().getMaxNestingDepth()).isEqualTo(1000);
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static List<ReadResult> read(byte[] bytes, ReadLimits limits) {
        CloudTrailRecordReader reader = new CloudTrailRecordReader(() -> new ByteArrayInputStream(bytes), limits);
        List<ReadResult> results = new ArrayList<>();
        for (var next = reader.next(); next.isPresent(); next = reader.next()) {
            results.add(next.get());
        }
        return results;
    }

    /** {@code count} gzip members of 1 MiB of blanks: a gzip reader reads concatenated members as one stream. */
    static byte[] blankMembers(int count) throws IOException {
        byte[] blanks = new byte[1 << 20];
        Arrays.fill(blanks, (byte) ' ');
        byte[] member = gzip(blanks);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.write(member);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
