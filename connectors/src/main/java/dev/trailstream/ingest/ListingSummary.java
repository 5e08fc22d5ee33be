package dev.trailstream.ingest;

import java.util.Optional;

/**
 * What a full listing holds, so that an application can tell when the connector has read everything there is.
 *
 * @param objects      every listed object, whatever its kind (each gets one record on the objects topic)
 * @param eventObjects non-empty CloudTrail event files, the ones that are read
 * @param lastEventKey the greatest event-file key in the lister's order: once its objects record arrives, every
 *                     event file that existed at listing time has been read
 */
public record ListingSummary(long objects, long eventObjects, Optional<String> lastEventKey) {
}
