package dev.trailstream.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** One CloudTrail object far larger than the heap is read record by record: memory is one record, not the file. */
class LargeObjectTest {
    @TempDir
    Path tmp;

    @Test
    void readsA100MegabyteObjectWithA32MegabyteHeap() throws Exception {
        Path file = tmp.resolve("big.json.gz");
        long events = 0;
        long bytes = 0;
        String padding = "x".repeat(700);
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            w.write("{\"Records\":[");
            while (bytes < 100L * 1024 * 1024) {
                String event = "{\"eventVersion\":\"1.09\",\"eventID\":\"" + events + "\",\"eventTime\":"
                        + "\"2026-11-02T10:00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                        + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/u" + (events % 50)
                        + "\"},\"requestParameters\":{\"key\":\"" + padding + "\"}}";
                w.write(events == 0 ? event : "," + event);
                bytes += event.length();
                events++;
            }
            w.write("]}");
        }
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), LargeObjectReadMain.class.getName(),
                file.toString()).redirectErrorStream(true).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the reader finished within 120 s").isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).startsWith("events=" + events + " bytes=" + bytes + " ");
        // The heap really was a third of the object: the JVM reports its own limit.
        long maxHeapMb = Long.parseLong(output.substring(output.indexOf("maxHeapMb=") + "maxHeapMb=".length()));
        assertThat(maxHeapMb).isLessThanOrEqualTo(32);
        assertThat(bytes).isGreaterThan(3 * maxHeapMb * 1024 * 1024);
    }
}
