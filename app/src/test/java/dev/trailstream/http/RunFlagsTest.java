package dev.trailstream.http;

import dev.trailstream.cli.TrailStreamCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code run} flags that go with the HTTP server, refused as every usage error is: one line, exit code 2
 * (the same checks as {@code UsageErrorsTest.assertOneLineUsageError}).
 */
class RunFlagsTest {
    @TempDir
    Path tmp;

    private static void assertOneLineUsageError(String expected, String... args) {
        StringWriter err = new StringWriter();
        int rc = TrailStreamCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        assertThat(rc).as(err.toString()).isEqualTo(2);
        String[] lines = err.toString().strip().split("\n");
        assertThat(lines.length).as(err.toString()).isLessThanOrEqualTo(2);
        assertThat(lines[lines.length - 1]).startsWith("trailstream: ").contains(expected);
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void refusesTopPrincipalsOutsideOneToAThousand() {
        assertOneLineUsageError("--top-principals 0: must be between 1 and 1000",
                "run", "--source", tmp.toString(), "--top-principals", "0");
        assertOneLineUsageError("--top-principals 1001: must be between 1 and 1000",
                "run", "--source", tmp.toString(), "--top-principals", "1001");
        assertOneLineUsageError("Invalid value for option '--top-principals'",
                "run", "--source", tmp.toString(), "--top-principals", "all");
    }

    @Test
    void refusesAnHttpPortInUseBeforeStartingKafka() throws Exception {
        Files.writeString(tmp.resolve("empty.json"), "{\"Records\":[]}");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertOneLineUsageError("cannot listen on 127.0.0.1:" + taken.getLocalPort(), "run", "--source",
                    tmp.toString(), "--state-dir", tmp.resolve("state").toString(), "--http-port",
                    String.valueOf(taken.getLocalPort()));
        }
        assertThat(tmp.resolve("state").resolve("kafka")).doesNotExist();
    }
}
