package dev.trailstream.http;

import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The other instances of the application, asked over HTTP for what their stores hold. Their addresses come only from
 * Kafka Streams' metadata ({@code application.server} of each member), never from a request, and every request
 * carries {@link ProfileApi#FORWARDED} so that the peer answers from its own stores and never forwards again.
 * Timeouts are short: a peer that does not answer within seconds is in trouble, and the caller gets a 503 to retry.
 */
final class Peers {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String self;
    private final BearerToken token;

    /**
     * @param self  this instance's {@code host:port}, so a peer's logs can tell who asked
     * @param token the token every instance of the application is given, or null
     */
    Peers(String self, BearerToken token) {
        this.self = self;
        this.token = token;
    }

    /** The peer's answer, passed on as it is (status, body, which instance answered, Retry-After). */
    CompletableFuture<Reply> get(HostInfo peer, String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(peer, pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header(ProfileApi.FORWARDED, self)
                .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", token.header());
        }
        HttpRequest request = builder.GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        throw ApiException.unavailable("instance " + peer.host() + ":" + peer.port()
                                + " did not answer (" + describe(cause) + "): retry shortly");
                    }
                    Map<String, String> headers = new LinkedHashMap<>();
                    response.headers().firstValue(ProfileApi.ANSWERED_BY)
                            .ifPresent(v -> headers.put(ProfileApi.ANSWERED_BY, v));
                    response.headers().firstValue("Retry-After").ifPresent(v -> headers.put("Retry-After", v));
                    // A policy diff is text: passed on as such.
                    response.headers().firstValue("Content-Type").ifPresent(v -> headers.put("Content-Type", v));
                    return new Reply(response.statusCode(), response.body(), headers);
                });
    }

    /** Waits for a peer's answer; its failure is the ApiException it carries. */
    static Reply await(CompletableFuture<Reply> reply) {
        try {
            return reply.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw ApiException.unavailable("a peer instance failed to answer: retry shortly");
        }
    }

    static URI uri(HostInfo peer, String pathAndQuery) {
        String host = peer.host().contains(":") && !peer.host().startsWith("[") ? "[" + peer.host() + "]"
                : peer.host();
        return URI.create("http://" + host + ":" + peer.port() + pathAndQuery);
    }

    private static String describe(Throwable t) {
        if (t instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (t instanceof IOException && t.getMessage() == null) {
            return t.getClass().getSimpleName();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
