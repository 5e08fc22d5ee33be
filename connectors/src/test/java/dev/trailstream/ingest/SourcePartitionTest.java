package dev.trailstream.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connect keys committed offsets by the source partition map serialised as JSON in iteration order, so that order
 * must not change between JVM runs: if it did, a restarted worker would miss its offsets and read everything again
 * (it did, with {@code Map.of}, whose order is salted per JVM).
 */
class SourcePartitionTest {
    @Test
    void givesEachPartitionTheSameKeyOrderInEveryJvm() throws Exception {
        Set<String> orders = new HashSet<>();
        for (int run = 0; run < 4; run++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PartitionOrderMain.class.getName())
                    .redirectErrorStream(true).start();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(child.exitValue()).as(out).isZero();
            orders.add(out.lines().reduce((a, b) -> b).orElse(""));
        }
        assertThat(orders).containsExactly("source,prefix");
    }
}
