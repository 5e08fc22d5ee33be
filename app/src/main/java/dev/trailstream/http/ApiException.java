package dev.trailstream.http;

/**
 * A request the API answers with an error status and a one-line {@code {"error": "..."}} body: 400 for a parameter
 * the caller got wrong (the message names it and the allowed values), 404 for an unknown principal or path, 503 while
 * the state stores cannot answer (a rebalance or restore, a peer instance not answering), which the caller retries.
 * Expected, so no stack trace is captured.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Seconds a client should wait before retrying a 503: a rebalance of a small group takes a few. */
    static final int RETRY_AFTER_SECONDS = 2;

    private final int status;

    private ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException methodNotAllowed(String message) {
        return new ApiException(405, message);
    }

    static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    int status() {
        return status;
    }

    /** User input echoed in a message is cut short: the message is for a human, not a copy of the request. */
    static String quote(String value) {
        return value.length() <= 100 ? "'" + value + "'" : "'" + value.substring(0, 100) + "…'";
    }
}
