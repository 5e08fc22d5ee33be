package dev.trailstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API's HTTP surface before any Streams application is attached: every parameter is checked first (400), and a
 * valid request is a 503 to retry rather than a wrong answer.
 */
class ProfileApiRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static HttpEndpoints http;

    @BeforeAll
    static void bind() throws IOException {
        http = HttpEndpoints.start("127.0.0.1", 0);
    }

    @AfterAll
    static void close() {
        http.close();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + pathAndQuery))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).doesNotContain("\n");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.size()).isEqualTo(1);
        return body.path("error").asText();
    }

    @Test
    void advertisesTheBoundPortNotZeroAndAHostNameRatherThanTheWildcard() {
        assertThat(http.port()).isPositive();
        assertThat(http.applicationServer()).isEqualTo("127.0.0.1:" + http.port());
        assertThat(HttpEndpoints.advertisedHost("0.0.0.0")).isNotEqualTo("0.0.0.0").isNotBlank();
        assertThat(HttpEndpoints.advertisedHost("localhost")).isEqualTo("localhost");
    }

    @Test
    void answersValidRequestsWith503AndRetryAfterUntilStreamsRuns() throws Exception {
        for (String path : new String[]{"/api/principals", "/api/principals?sort=last_seen&limit=5",
                "/api/principals/arn%3Aaws%3Aiam%3A%3A111122223333%3Auser%2Falice",
                "/api/principals/service%3Aec2.amazonaws.com/activity?window=day"}) {
            HttpResponse<String> response = get(path);
            assertThat(error(response, 503)).as(path).contains("not queryable now");
            assertThat(response.headers().firstValue("Retry-After")).as(path).contains("2");
        }
        assertThat(get("/health").statusCode()).isEqualTo(503);
        assertThat(get("/metrics").statusCode()).isEqualTo(503);
    }

    @Test
    void refusesBadParametersWith400EvenBeforeStreamsRuns() throws Exception {
        assertThat(error(get("/api/principals?limit=1000"), 400)).isEqualTo("limit 1000: must be between 1 and 500");
        assertThat(error(get("/api/principals?kind=bot"), 400))
                .isEqualTo("kind 'bot': allowed are human, workload, service, root, unknown");
        assertThat(error(get("/api/principals/abc?limit=1"), 400))
                .isEqualTo("unknown parameter 'limit': this endpoint takes none");
        assertThat(error(get("/api/principals/abc/activity?window=month"), 400))
                .isEqualTo("window 'month': allowed are hour, day");
        assertThat(error(get("/api/principals/abc/activity?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z"), 400))
                .contains("window=hour allows at most 31 days");
    }

    @Test
    void answersUnknownPathsWith404AndWritesWith405() throws Exception {
        assertThat(error(get("/api/principals/arn:aws:iam::111122223333:user/alice"), 404))
                .contains("URL-encoded (an ARN's '/' as %2F)");
        assertThat(error(get("/api/principalsx"), 404)).contains("no such endpoint");
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                + "/api/principals")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(error(post, 405)).contains("use GET");
        assertThat(post.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void decodesPercentEscapesOfAnIdButKeepsItsPlusSigns() {
        assertThat(ProfileApi.decodeId("arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fci%2Bdeploy"))
                .isEqualTo("arn:aws:iam::111122223333:role/ci+deploy");
        assertThat(ProfileApi.decodeId("arn:aws:iam::111122223333:user%2Fa+b%20c"))
                .isEqualTo("arn:aws:iam::111122223333:user/a+b c");
        assertThatThrownBy(() -> ProfileApi.decodeId("a%zz")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("malformed percent-encoding in the principal id"));
        assertThatThrownBy(() -> ProfileApi.decodeId("x".repeat(3000))).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }
}
