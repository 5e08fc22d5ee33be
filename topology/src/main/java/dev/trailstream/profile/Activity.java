package dev.trailstream.profile;

import dev.trailstream.event.CloudTrailEvent;

import java.util.Objects;

/**
 * What a principal did within one hour or one day: the value of the activity window stores.
 *
 * @param events     unique events in the window
 * @param errors     of which failed
 * @param reads      of which {@code readOnly: true}
 * @param writes     of which {@code readOnly: false}
 * @param actions    calls per IAM action, at most {@link ProfileLimits#maxWindowActions()} actions
 * @param errorCodes failed calls per error code, at most as many codes
 */
public record Activity(long events, long errors, long reads, long writes, BoundedCounts actions,
                       BoundedCounts errorCodes) {
    public static final Activity EMPTY = new Activity(0, 0, 0, 0, BoundedCounts.EMPTY, BoundedCounts.EMPTY);

    public Activity {
        actions = Objects.requireNonNullElse(actions, BoundedCounts.EMPTY);
        errorCodes = Objects.requireNonNullElse(errorCodes, BoundedCounts.EMPTY);
    }

    public Activity add(CloudTrailEvent event, ProfileLimits limits) {
        return new Activity(events + 1, errors + (event.failed() ? 1 : 0),
                reads + (Boolean.TRUE.equals(event.readOnly()) ? 1 : 0),
                writes + (Boolean.FALSE.equals(event.readOnly()) ? 1 : 0),
                actions.with(event.action(), limits.maxWindowActions()),
                errorCodes.with(event.errorCode(), limits.maxWindowActions()));
    }

    /** Two windows added up, e.g. the hours of a range; names past the cap are dropped the same way. */
    public Activity plus(Activity other, int cap) {
        return new Activity(events + other.events, errors + other.errors, reads + other.reads,
                writes + other.writes, actions.merge(other.actions, cap), errorCodes.merge(other.errorCodes, cap));
    }
}
