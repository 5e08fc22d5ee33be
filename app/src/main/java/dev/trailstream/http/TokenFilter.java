package dev.trailstream.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers 401 to a request without the {@link BearerToken}; the rest go on to their handler. */
final class TokenFilter extends Filter {
    private static final byte[] BODY = "{\"error\":\"missing or wrong bearer token: send Authorization: Bearer <token>\"}"
            .getBytes(StandardCharsets.UTF_8);
    private final BearerToken token;

    TokenFilter(BearerToken token) {
        this.token = token;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (token.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
            chain.doFilter(exchange);
            return;
        }
        // The request body, if any, is not read: the connection closes rather than be reused half-read.
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"trailstream\"");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(401, BODY.length);
        try (var out = exchange.getResponseBody()) {
            out.write(BODY);
        }
    }

    @Override
    public String description() {
        return "bearer token";
    }
}
