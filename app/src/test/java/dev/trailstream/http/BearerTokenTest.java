package dev.trailstream.http;

import dev.trailstream.runtime.UsageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The optional bearer token: every endpoint but {@code /health} refuses a request without it, instances forward it
 * to each other, and it is read from a file or the environment, never shown.
 */
class BearerTokenTest {
    private static final String SECRET = "9f2c1e7a4b8d3f60a1c5e9b2d7f4a8c3";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    @TempDir
    Path tmp;
    private HttpEndpoints http;

    @AfterEach
    void close() {
        if (http != null) {
            http.close();
        }
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static BearerToken token() {
        return BearerToken.resolve(null, Map.of(BearerToken.ENV, SECRET), "--http-token-file").orElseThrow();
    }

    @Test
    void refusesEveryEndpointButHealthWithoutTheToken() throws Exception {
        http = HttpEndpoints.start("127.0.0.1", 0, token());

        for (String path : new String[]{"/metrics", "/api/principals", "/api/access", "/api/principals/x/access",
                "/anything"}) {
            HttpResponse<String> none = get(path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).contains("Bearer realm=\"trailstream\"");
            assertThat(get(path, "Bearer " + SECRET + "x").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Basic " + SECRET).statusCode()).as(path).isEqualTo(401);
            // With the token, the request reaches its handler: 503 before the pipeline runs, 404 for no such path.
            assertThat(get(path, "Bearer " + SECRET).statusCode()).as(path).isIn(503, 404);
        }
        assertThat(get("/health", null).statusCode()).isEqualTo(503);
        assertThat(get("/metrics", "bearer " + SECRET).statusCode()).as("scheme ignores case").isEqualTo(503);
    }

    @Test
    void servesEverythingWithoutATokenWhenNoneIsSet() throws Exception {
        http = HttpEndpoints.start("127.0.0.1", 0, null);

        assertThat(get("/metrics", null).statusCode()).isEqualTo(503);
        assertThat(get("/api/principals", null).statusCode()).isEqualTo(503);
    }

    @Test
    void readsTheTokenFromAFileBeforeTheEnvironmentAndNeverPrintsIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("token"), "  " + SECRET + "\n");

        BearerToken fromFile = BearerToken.resolve(file, Map.of(BearerToken.ENV, "another-token-of-enough-length"),
                "--http-token-file").orElseThrow();

        assertThat(fromFile.admits("Bearer " + SECRET)).isTrue();
        assertThat(fromFile.admits("Bearer another-token-of-enough-length")).isFalse();
        assertThat(fromFile.admits(null)).isFalse();
        assertThat(fromFile.header()).isEqualTo("Bearer " + SECRET);
        assertThat(fromFile.toString()).doesNotContain(SECRET);
        assertThat(BearerToken.resolve(null, Map.of(), "--http-token-file")).isEmpty();
    }

    @Test
    void refusesAShortTokenOrAnUnreadableFileWithAHint() {
        assertThatThrownBy(() -> BearerToken.resolve(null, Map.of(BearerToken.ENV, "short"), "--http-token-file"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(BearerToken.ENV).hasMessageContaining("at least 16").hasMessageNotContaining("short");
        assertThatThrownBy(() -> BearerToken.resolve(tmp.resolve("missing"), Map.of(), "--http-token-file"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--http-token-file");
    }
}
