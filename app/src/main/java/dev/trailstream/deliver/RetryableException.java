package dev.trailstream.deliver;

import java.io.IOException;

/** The endpoint answered, but with a status that says "later" (429, 5xx, or auth/route errors an operator fixes). */
final class RetryableException extends IOException {
    private static final long serialVersionUID = 1L;

    RetryableException(String message) {
        super(message);
    }
}
