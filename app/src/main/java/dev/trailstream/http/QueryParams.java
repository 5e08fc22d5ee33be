package dev.trailstream.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of a request, checked against the parameters an endpoint takes. An unknown parameter is refused
 * rather than ignored: {@code ?limt=10} silently giving 50 items is worse than a 400 naming the allowed ones.
 */
final class QueryParams {
    /** Every parameter of the API fits in far less; anything longer is not a request this API made. */
    static final int MAX_QUERY_CHARS = 4096;
    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** @param rawQuery the still-encoded query string, null when there is none */
    static QueryParams parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParams(values);
        }
        if (rawQuery.length() > MAX_QUERY_CHARS) {
            throw ApiException.badRequest("query string too long: at most " + MAX_QUERY_CHARS + " characters");
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown parameter " + ApiException.quote(name)
                        + (allowed.isEmpty() ? ": this endpoint takes none" : ": allowed are "
                        + String.join(", ", new TreeSet<>(allowed))));
            }
            if (values.put(name, value) != null) {
                throw ApiException.badRequest("parameter " + name + " given twice");
            }
        }
        return new QueryParams(values);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed percent-encoding in the query string");
        }
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when the parameter is absent. */
    int intBetween(String name, int fallback, int min, int max) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        if (!raw.matches("-?\\d{1,9}")) {
            throw ApiException.badRequest(name + " " + ApiException.quote(raw) + ": expected a whole number from "
                    + min + " to " + max);
        }
        int n = Integer.parseInt(raw);
        if (n < min || n > max) {
            throw ApiException.badRequest(name + " " + n + ": must be between " + min + " and " + max);
        }
        return n;
    }
}
