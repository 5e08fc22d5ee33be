package dev.trailstream.http;

import dev.trailstream.topology.Stores;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parameters of {@code /api/principals/{id}/activity}: ranges relative to the data, bounded. */
class ActivityQueryTest {
    private static final Instant LAST_SEEN = Instant.parse("2026-11-02T10:42:13Z");

    static ActivityQuery parse(String rawQuery) {
        return ActivityQuery.parse(QueryParams.parse(rawQuery, ActivityQuery.PARAMS));
    }

    static void assertBadRequest(String rawQuery, String message) {
        assertThatThrownBy(() -> parse(rawQuery)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void hourlyByDefaultShowsTheTwentyFourHoursEndingWithTheLastEventsHour() {
        ActivityQuery q = parse(null);
        assertThat(q.window()).isEqualTo(ActivityQuery.Window.HOUR);
        assertThat(q.window().store).isEqualTo(Stores.PRINCIPAL_ACTIVITY_HOURLY);
        assertThat(q.resolve(LAST_SEEN)).isEqualTo(new ActivityQuery.Range(Instant.parse("2026-11-01T11:00:00Z"),
                Instant.parse("2026-11-02T11:00:00Z")));
    }

    @Test
    void dailyByDefaultShowsTheThirtyUtcDaysEndingWithTheLastEventsDay() {
        ActivityQuery q = parse("window=day");
        assertThat(q.window().store).isEqualTo(Stores.PRINCIPAL_ACTIVITY_DAILY);
        assertThat(q.resolve(LAST_SEEN)).isEqualTo(new ActivityQuery.Range(Instant.parse("2026-10-04T00:00:00Z"),
                Instant.parse("2026-11-03T00:00:00Z")));
    }

    @Test
    void oneEndGivenPutsTheOtherTheDefaultSpanAway() {
        assertThat(parse("from=2026-10-01T00:00:00Z").resolve(LAST_SEEN)).isEqualTo(new ActivityQuery.Range(
                Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z")));
        assertThat(parse("window=day&to=2026-10-31T00:00:00Z").resolve(LAST_SEEN)).isEqualTo(new ActivityQuery.Range(
                Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-31T00:00:00Z")));
        assertThat(parse("from=2026-10-01T00:00:00Z&to=2026-10-01T06:00:00Z").resolve(LAST_SEEN))
                .isEqualTo(new ActivityQuery.Range(Instant.parse("2026-10-01T00:00:00Z"),
                        Instant.parse("2026-10-01T06:00:00Z")));
    }

    @Test
    void refusesRangesLongerThanTheWindowAllows() {
        assertBadRequest("from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z",
                "spans 59 days: window=hour allows at most 31 days (use window=day for longer ranges)");
        assertThat(parse("window=day&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z")).isNotNull();
        assertBadRequest("window=day&from=2024-01-01T00:00:00Z&to=2026-03-01T00:00:00Z",
                "window=day allows at most 400 days");
    }

    @Test
    void refusesEmptyOrBackwardRangesBadInstantsAndUnknownWindows() {
        assertBadRequest("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "must be before to");
        assertBadRequest("from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "must be before to");
        assertBadRequest("from=yesterday",
                "from 'yesterday': expected an ISO-8601 instant such as 2026-11-02T10:00:00Z");
        assertBadRequest("to=1969-12-31T23:59:59Z", "must be between 1970 and 9999");
        assertBadRequest("to=1970-01-01T00:00:00Z", "must be after 1970-01-01T00:00:00Z");
        assertBadRequest("window=week", "window 'week': allowed are hour, day");
        assertBadRequest("limit=5", "unknown parameter 'limit': allowed are from, to, window");
    }
}
