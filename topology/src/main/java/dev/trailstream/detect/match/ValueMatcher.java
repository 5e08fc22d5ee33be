package dev.trailstream.detect.match;

import dev.trailstream.event.CloudTrailEvent;

/** One pattern of a field test, applied to one value of the field ({@code null} for JSON null). */
interface ValueMatcher {
    boolean test(CloudTrailEvent event, String value);
}
