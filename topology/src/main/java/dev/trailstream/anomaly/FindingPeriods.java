package dev.trailstream.anomaly;

import dev.trailstream.event.CloudTrailEvent;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The UTC periods anomaly findings group by, as the strings that go into their uids. */
final class FindingPeriods {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH")
            .withZone(ZoneOffset.UTC);

    private FindingPeriods() {
    }

    /** {@code 2024-08-02}: the same string a rule finding's uid uses for its day. */
    static String day(CloudTrailEvent event) {
        return event.eventTime().atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** {@code 2024-08-02T08}. */
    static String hour(CloudTrailEvent event) {
        return HOUR.format(event.eventTime());
    }
}
