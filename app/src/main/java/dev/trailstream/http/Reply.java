package dev.trailstream.http;

import dev.trailstream.topology.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An API response before it is written: handlers return one instead of writing to the exchange, so that routing and
 * validation are testable without a server and a forwarded answer can be passed on unchanged.
 *
 * @param status  HTTP status
 * @param body    JSON
 * @param headers extra response headers (which instance answered, {@code Retry-After}; {@code Content-Type} when
 *                the body is not JSON)
 */
record Reply(int status, String body, Map<String, String> headers) {
    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply json(String body, String answeredBy) {
        return new Reply(200, body, Map.of(ProfileApi.ANSWERED_BY, answeredBy));
    }

    /** Plain text, e.g. a policy diff for a terminal: the {@code Content-Type} header overrides JSON's. */
    static Reply text(String body, String answeredBy) {
        return new Reply(200, body, Map.of(ProfileApi.ANSWERED_BY, answeredBy,
                "Content-Type", "text/plain; charset=utf-8"));
    }

    static Reply error(ApiException e) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (e.status() == 503) {
            headers.put("Retry-After", String.valueOf(ApiException.RETRY_AFTER_SECONDS));
        }
        if (e.status() == 405) {
            headers.put("Allow", "GET");
        }
        return new Reply(e.status(), Json.line(Map.of("error", e.getMessage())), headers);
    }
}
