package dev.trailstream.profile;

import dev.trailstream.event.CloudTrailEvent;

/** Successful AWS console sign-ins, which the least-privilege checks use to find unused passwords. */
final class ConsoleLogins {
    private ConsoleLogins() {
    }

    static boolean succeeded(CloudTrailEvent event) {
        return "ConsoleLogin".equals(event.eventName()) && "signin.amazonaws.com".equals(event.eventSource())
                && "Success".equals(event.raw().path("responseElements").path("ConsoleLogin").asText(null));
    }
}
