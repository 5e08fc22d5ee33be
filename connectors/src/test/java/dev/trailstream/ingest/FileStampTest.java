package dev.trailstream.ingest;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileStampTest {
    private static final String PREFIX = "AWSLogs/o-aa11bb22cc/111122223333/CloudTrail/us-east-1/";
    private static final String KEY = PREFIX + "2026/11/02/111122223333_CloudTrail_us-east-1_20261102T1205Z_"
            + "Ab12Cd34Ef56Gh78.json.gz";

    @Test
    void readsTheTimeCloudTrailWritesIntoAFileName() {
        assertThat(FileStamp.of(KEY)).contains(new FileStamp(PREFIX, "111122223333_CloudTrail_us-east-1_",
                Instant.parse("2026-11-02T12:05:00Z")));
        assertThat(FileStamp.of("AWSLogs/111122223333/CloudTrail-Insight/eu-west-1/2026/11/02/"
                + "111122223333_CloudTrail-Insight_eu-west-1_20261102T0000Z_x.json.gz"))
                .map(FileStamp::time).contains(Instant.parse("2026-11-02T00:00:00Z"));
    }

    @Test
    void findsNoTimeInKeysOutsideTheLayoutOrInAnotherDaysFolder() {
        for (String key : List.of("flat/2026/11/02/111122223333_CloudTrail_us-east-1_20261102T1205Z_x.json.gz",
                PREFIX + "2026/11/02/a1.json",
                PREFIX + "2026/11/03/111122223333_CloudTrail_us-east-1_20261102T1205Z_x.json.gz",
                PREFIX + "2026/11/02/111122223333_CloudTrail_us-east-1_20261102T2561Z_x.json.gz",
                PREFIX + "2026/11/02/extra/111122223333_CloudTrail_us-east-1_20261102T1205Z_x.json.gz",
                "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/02/"
                        + "111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20261102T120500Z.json.gz")) {
            assertThat(FileStamp.of(key)).as(key).isEmpty();
        }
    }

    @Test
    void buildsAKeyThatSortsBetweenAMinutesFilesAndTheEarlierOnesInBothListersOrders() {
        FileStamp stamp = FileStamp.of(KEY).orElseThrow();
        String at1205 = stamp.keyAt(Instant.parse("2026-11-02T12:05:59Z"));
        String earlier = PREFIX + "2026/11/02/111122223333_CloudTrail_us-east-1_20261102T1200Z_zzzzzzzz.json.gz";
        String yesterday = PREFIX + "2026/11/01/111122223333_CloudTrail_us-east-1_20261101T2355Z_zz.json.gz";
        String tomorrow = PREFIX + "2026/11/03/111122223333_CloudTrail_us-east-1_20261103T0000Z_00.json.gz";

        assertThat(at1205).isEqualTo(PREFIX + "2026/11/02/111122223333_CloudTrail_us-east-1_20261102T1205Z");
        assertThat(stamp.keyAt(Instant.parse("2026-11-01T23:40:00Z")))
                .isEqualTo(PREFIX + "2026/11/01/111122223333_CloudTrail_us-east-1_20261101T2340Z");
        for (var order : List.of(S3Lister.KEY_ORDER, LocalFolderLister.KEY_ORDER)) {
            assertThat(List.of(yesterday, earlier, at1205, KEY, tomorrow)).isSortedAccordingTo(order);
        }
    }
}
