package dev.trailstream.simulate;

import dev.trailstream.cli.TrailStreamCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void badFlagsAreUsageErrors() {
        String dir = tmp.resolve("out").toString();
        assertUsage("--principals 3: must be between", "simulate", "--out", dir, "--principals", "3");
        assertUsage("--attacks: unknown scenario 'ddos'", "simulate", "--out", dir, "--attacks", "root-usage,ddos");
        assertUsage("--start tomorrow", "simulate", "--out", dir, "--start", "tomorrow");
        assertUsage("--days 0", "simulate", "--out", dir, "--days", "0");
        assertUsage("Missing required option: '--out=DIR'", "simulate");
        assertUsage("Invalid value for option '--seed'", "simulate", "--out", dir, "--seed", "x");
    }

    @Test
    void simulatesAndSummarises() {
        StringWriter out = new StringWriter();
        int rc = TrailStreamCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "simulate",
                "--out", tmp.resolve("sim").toString(), "--accounts", "1", "--principals", "10", "--days", "1",
                "--events-per-day", "500", "--attacks", "root-usage,persistence");
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("1 account", "10 principals", "2 labelled attacks", "root-usage");
    }

    private static void assertUsage(String message, String... args) {
        StringWriter err = new StringWriter();
        int rc = TrailStreamCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertThat(rc).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).contains(message).hasLineCount(1);
    }
}
