package dev.trailstream.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8GuardTest {

    @Test
    void passesWellFormedUtf8ThroughUnchangedWhateverTheReadSizes() throws IOException {
        String text = "plain ascii, é, €, 𝄞, ü€𝄞 ".repeat(3000);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[]{1, 2, 3, 7, 4096, 100_000}) {
            Utf8Guard guard = new Utf8Guard(trickling(bytes, chunk));
            assertThat(readAll(guard, chunk)).as("read %d at a time", chunk).isEqualTo(bytes);
            assertThat(guard.firstReplacedIn(0, bytes.length)).isEqualTo(-1);
        }
    }

    @Test
    void replacesEachBadByteOneForOneAndRemembersWhere() throws IOException {
        byte[] bytes = {'a', (byte) 0xc3, '(', 'b', (byte) 0x80, (byte) 0xe2, (byte) 0x82, 'c', (byte) 0xc0,
                (byte) 0xaf, (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xf4, (byte) 0x90, (byte) 0x80,
                (byte) 0x80, 'd', (byte) 0xe2, (byte) 0x82};
        for (int chunk : new int[]{1, 2, 3, 64}) {
            Utf8Guard guard = new Utf8Guard(trickling(bytes, chunk));

            assertThat(new String(readAll(guard, chunk), StandardCharsets.US_ASCII))
                    .isEqualTo("a?(b???c?????????d??");
            assertThat(guard.firstReplacedIn(0, 100)).isEqualTo(1);
            assertThat(guard.firstReplacedIn(2, 100)).isEqualTo(4);
            assertThat(guard.firstReplacedIn(17, 18)).isEqualTo(-1);
            assertThat(guard.firstReplacedIn(18, 100)).isEqualTo(18);
        }
    }

    @Test
    void forgetsTheReplacementsOfFinishedRecords() throws IOException {
        Utf8Guard guard = new Utf8Guard(new ByteArrayInputStream(new byte[]{(byte) 0xff, 'a', (byte) 0xff, 'b'}));
        readAll(guard, 16);

        guard.forgetBefore(1);

        assertThat(guard.firstReplacedIn(0, 4)).isEqualTo(2);
    }

    @Test
    void keepsTheRangeOfReplacementsBeyondWhatItRemembersOneByOne() throws IOException {
        byte[] bytes = new byte[Utf8Guard.MAX_REMEMBERED + 1000];
        java.util.Arrays.fill(bytes, (byte) 0xff);
        Utf8Guard guard = new Utf8Guard(new ByteArrayInputStream(bytes));
        readAll(guard, 4096);

        guard.forgetBefore(Utf8Guard.MAX_REMEMBERED + 10);

        assertThat(guard.firstReplacedIn(Utf8Guard.MAX_REMEMBERED + 10, bytes.length))
                .isEqualTo(Utf8Guard.MAX_REMEMBERED + 10);
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() throws IOException {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            byte[] guarded = readAll(new Utf8Guard(new ByteArrayInputStream(bytes)), 5);
            boolean changed = !java.util.Arrays.equals(bytes, guarded);
            boolean valid = isValid(bytes);
            assertThat(changed).as("bytes %s", java.util.HexFormat.of().formatHex(bytes)).isEqualTo(!valid);
            assertThat(isValid(guarded)).isTrue();
        }
    }

    @Test
    void letsTheReaderSkipOnlyTheRecordThatHoldsBadBytes() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("{\"Records\":[{\"eventID\":\"a\"},{\"eventID\":\"b\",\"userAgent\":\"x".getBytes(
                StandardCharsets.UTF_8));
        file.writeBytes(new byte[]{(byte) 0xc3, '(', (byte) 0x80});
        file.writeBytes("\"},{\"eventID\":\"c\",\"name\":\"é\"}]}".getBytes(StandardCharsets.UTF_8));

        List<ReadResult> results = CloudTrailRecordReaderTest.readAll(file.toByteArray(), 1000);

        assertThat(CloudTrailRecordReaderTest.eventTexts(results))
                .containsExactly("{\"eventID\":\"a\"}", "{\"eventID\":\"c\",\"name\":\"é\"}");
        assertThat(results.get(1)).isInstanceOfSatisfying(ReadResult.Skipped.class, skipped -> {
            assertThat(skipped.index()).isEqualTo(1);
            assertThat(skipped.error()).isEqualTo(IngestErrorCode.INVALID_UTF8);
            assertThat(skipped.reason()).contains("not UTF-8").contains("byte 57");
        });
    }

    @Test
    void endsTheFileAtABadByteOutsideAnyString() {
        byte[] file = {'[', '{', '}', ',', (byte) 0xff, '{', '}', ']'};

        List<ReadResult> results = CloudTrailRecordReaderTest.readAll(file, 1000);

        assertThat(results).hasSize(2);
        assertThat(results.get(1)).isInstanceOfSatisfying(ReadResult.Failed.class,
                failed -> assertThat(failed.error()).isEqualTo(IngestErrorCode.INVALID_JSON));
    }

    private static boolean isValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** A stream that hands out at most {@code chunk} bytes per read, as a network or gzip stream may. */
    private static InputStream trickling(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        for (int n; (n = in.read(buffer, 0, chunk)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
