package dev.trailstream.profile;

import dev.trailstream.event.CloudTrailEvent;

/** The names profiles and activity windows count an event under, where that takes more than a field read. */
final class ProfileNames {
    private ProfileNames() {
    }

    /** The user agent's family (console, CLI, an SDK...): a raw user agent changes with every tool upgrade. */
    static String userAgent(CloudTrailEvent event) {
        return event.userAgentFamily().label();
    }
}
