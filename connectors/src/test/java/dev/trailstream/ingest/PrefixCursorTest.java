package dev.trailstream.ingest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.trailstream.ingest.PrefixCursor.Verdict.DONE;
import static dev.trailstream.ingest.PrefixCursor.Verdict.LATE;
import static dev.trailstream.ingest.PrefixCursor.Verdict.MISSED;
import static dev.trailstream.ingest.PrefixCursor.Verdict.NEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One prefix's cursor and look-back, key by key; the task-level behaviour is in {@link LateFilesTest}. */
class PrefixCursorTest {
    static final String PREFIX = "AWSLogs/111122223333/CloudTrail/us-east-1/";
    private static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);

    @Test
    void startsTheLookBackAtTheKeyOfTheCursorsTimeLessTheLookBack() {
        PrefixCursor cursor = cursor(THIRTY_MINUTES, 1_000, null, List.of());
        assertThat(cursor.listFrom()).isEmpty();

        cursor.finish(key("1200", "a"));
        cursor.finish(key("1205", "c"));

        assertThat(cursor.start()).contains(stem("1135"));
        assertThat(cursor.window()).isEqualTo(new LookbackWindow(stem("1135"), List.of(key("1200", "a"),
                key("1205", "c"))));
        assertThat(cursor.cursor()).isEqualTo(key("1205", "c"));
        // Listings start lower still, where the band watched for files that come too late begins.
        assertThat(cursor.listFrom()).contains(stem("1105"));
    }

    @Test
    void reachesIntoThePreviousDaysFolderJustAfterMidnight() {
        PrefixCursor cursor = cursor(THIRTY_MINUTES, 1_000, null, List.of());

        cursor.finish(PREFIX + "2026/11/03/111122223333_CloudTrail_us-east-1_20261103T0010Z_a.json.gz");

        assertThat(cursor.start()).contains(PREFIX + "2026/11/02/111122223333_CloudTrail_us-east-1_20261102T2340Z");
    }

    @Test
    void tellsLateFilesFromFinishedAndNewOnesAndNeverMovesTheCursorBackForThem() {
        PrefixCursor cursor = cursor(THIRTY_MINUTES, 1_000, null, List.of());
        cursor.finish(key("1200", "a"));
        cursor.finish(key("1210", "c"));

        assertThat(cursor.verdict(key("1200", "a"))).isEqualTo(DONE);
        assertThat(cursor.verdict(key("1200", "b"))).isEqualTo(LATE);
        assertThat(cursor.verdict(key("1140", "x"))).isEqualTo(LATE);
        assertThat(cursor.verdict(key("1215", "d"))).isEqualTo(NEW);

        cursor.finish(key("1200", "b"));

        assertThat(cursor.verdict(key("1200", "b"))).isEqualTo(DONE);
        assertThat(cursor.cursor()).isEqualTo(key("1210", "c"));
        assertThat(cursor.window().recent()).containsExactly(key("1200", "a"), key("1200", "b"), key("1210", "c"));
    }

    @Test
    void letsFinishedKeysGoAsTheCursorMovesOnAndReportsFilesThatArriveBelowTheLookBackOnce() {
        PrefixCursor cursor = cursor(THIRTY_MINUTES, 1_000, null, List.of());
        cursor.finish(key("1200", "a"));

        cursor.finish(key("1245", "c"));

        assertThat(cursor.window()).isEqualTo(new LookbackWindow(stem("1215"), List.of(key("1245", "c"))));
        assertThat(cursor.verdict(key("1200", "a"))).as("finished, let go, still known").isEqualTo(DONE);
        assertThat(cursor.verdict(key("1200", "b"))).as("arrived too late").isEqualTo(MISSED);
        assertThat(cursor.verdict(key("1200", "b"))).as("reported once").isEqualTo(DONE);
        assertThat(cursor.verdict(key("1220", "d"))).isEqualTo(LATE);
        assertThat(cursor.listFrom()).contains(stem("1145"));
        assertThat(cursor.verdict(key("1140", "e"))).as("below the watched band: not even reported")
                .isEqualTo(DONE);
    }

    @Test
    void remembersAtMostTheBoundOfKeysAndMovesTheStartPastTheOnesItLetsGo() {
        PrefixCursor cursor = cursor(THIRTY_MINUTES, 3, null, List.of());
        assertThat(cursor.finish(key("1200", "b"))).isZero();
        cursor.finish(key("1200", "c"));
        cursor.finish(key("1200", "d"));

        assertThat(cursor.finish(key("1200", "e"))).as("keys let go").isEqualTo(1);

        assertThat(cursor.window()).isEqualTo(new LookbackWindow(key("1200", "b"), List.of(key("1200", "c"),
                key("1200", "d"), key("1200", "e"))));
        assertThat(cursor.verdict(key("1200", "a"))).as("late, but below the start now").isEqualTo(MISSED);
        assertThat(cursor.verdict(key("1200", "b"))).isEqualTo(DONE);
        assertThat(cursor.verdict(key("1200", "cc"))).isEqualTo(LATE);
        assertThatThrownBy(() -> cursor(THIRTY_MINUTES, 0, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsAPlainCursorForKeysWithoutACloudTrailTime() {
        PrefixCursor cursor = cursor(THIRTY_MINUTES, 1_000, null, List.of());

        cursor.finish(PREFIX + "2024/01/01/a1.json");

        assertThat(cursor.window()).isEqualTo(new LookbackWindow(PREFIX + "2024/01/01/a1.json", List.of()));
        assertThat(cursor.listFrom()).contains(PREFIX + "2024/01/01/a1.json");
        assertThat(cursor.verdict(PREFIX + "2024/01/01/a0.json")).isEqualTo(DONE);
        assertThat(cursor.verdict(PREFIX + "2024/01/01/a2.json")).isEqualTo(NEW);
    }

    @Test
    void keepsAPlainCursorWhenTheLookBackIsOff() {
        PrefixCursor cursor = cursor(Duration.ZERO, 1_000, null, List.of());
        cursor.finish(key("1200", "a"));

        cursor.finish(key("1210", "c"));

        assertThat(cursor.listFrom()).contains(key("1210", "c"));
        assertThat(cursor.window().recent()).isEmpty();
        assertThat(cursor.verdict(key("1200", "b"))).isEqualTo(DONE);
    }

    @Test
    void readsNothingBeforeTheObjectOfAnOffsetWithoutAWindowAndGrowsTheLookBackBackFromThere() {
        // Written before windows: the object was the cursor; what was read before it is not known.
        PrefixCursor cursor = cursor(THIRTY_MINUTES, 1_000, key("1200", "b"), List.of());

        assertThat(cursor.listFrom()).contains(key("1200", "b"));
        assertThat(cursor.verdict(key("1200", "a"))).isEqualTo(DONE);

        cursor.finish(key("1210", "c"));
        assertThat(cursor.start()).contains(key("1200", "b"));
        assertThat(cursor.verdict(key("1205", "x"))).isEqualTo(LATE);

        cursor.finish(key("1300", "d"));
        assertThat(cursor.start()).contains(stem("1230"));
    }

    @Test
    void aCursorRebuiltFromItsWindowTellsTheSameKeysApartExceptThoseItOnlyWatched() {
        PrefixCursor before = cursor(THIRTY_MINUTES, 1_000, null, List.of());
        for (String key : List.of(key("1100", "a"), key("1130", "b"), key("1200", "c"), key("1150", "d"))) {
            before.finish(key);
        }
        LookbackWindow window = before.window();

        PrefixCursor after = cursor(THIRTY_MINUTES, 1_000, window.start(), window.recent());

        assertThat(after.window()).isEqualTo(window);
        assertThat(after.listFrom()).contains(stem("1130"));
        for (String key : List.of(key("1130", "b"), key("1150", "d"), key("1200", "c"), key("1145", "x"),
                key("1205", "y"))) {
            assertThat(after.verdict(key)).as(key).isEqualTo(before.verdict(key));
        }
        assertThat(before.verdict(key("1120", "z"))).isEqualTo(MISSED);
        assertThat(after.verdict(key("1120", "z"))).isEqualTo(DONE);
    }

    @Test
    void ignoresAnOffsetForTheWholeFolderWhoseCursorLiesBeforeThisPrefix() {
        PrefixCursor cursor = cursor(THIRTY_MINUTES, 1_000, "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/x.json",
                List.of());

        assertThat(cursor.listFrom()).isEmpty();
        assertThat(cursor.verdict(key("1200", "a"))).isEqualTo(NEW);
    }

    static PrefixCursor cursor(Duration lookback, int maxRecent, String start, List<String> recent) {
        return new PrefixCursor(PREFIX, S3Lister.KEY_ORDER, lookback, maxRecent, start, recent);
    }

    /** The key of a file named for 2026-11-02 at {@code hhmm}, with {@code suffix} for its random part. */
    static String key(String hhmm, String suffix) {
        return stem(hhmm) + "_" + suffix + ".json.gz";
    }

    static String stem(String hhmm) {
        return PREFIX + "2026/11/02/111122223333_CloudTrail_us-east-1_20261102T" + hhmm + "Z";
    }
}
