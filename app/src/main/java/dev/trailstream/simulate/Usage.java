package dev.trailstream.simulate;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * When each principal last acted, and where: what the credential report's "last used" columns and the IAM
 * export's {@code RoleLastUsed} say. One entry per principal, so memory stays flat however many events.
 */
final class Usage {
    /** A last use. */
    record Last(Instant time, String region, String service) {
    }

    // Looked up by key only, never iterated: output order comes from the organisation's lists.
    private final Map<String, Last> keys = new HashMap<>();
    private final Map<String, Last> passwords = new HashMap<>();
    private final Map<String, Last> roles = new HashMap<>();

    void record(Event e) {
        Persona p = e.actor();
        Last last = new Last(e.time(), e.region(), e.call().service());
        if (e.call().eventName().equals("ConsoleLogin")) {
            if (e.errorCode() == null) {
                passwords.merge(p.iamArn(), last, Usage::later);
            }
        } else if (p.archetype().role) {
            roles.merge(p.iamArn(), last, Usage::later);
        } else if (p.archetype().iamUser() && !e.console() && p.accessKeyId() != null) {
            keys.merge(p.iamArn(), last, Usage::later);
        }
    }

    Last key(String arn) {
        return keys.get(arn);
    }

    Last password(String arn) {
        return passwords.get(arn);
    }

    Last role(String arn) {
        return roles.get(arn);
    }

    private static Last later(Last a, Last b) {
        return b.time().isAfter(a.time()) ? b : a;
    }
}
