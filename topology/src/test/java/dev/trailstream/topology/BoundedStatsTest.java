package dev.trailstream.topology;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.trailstream.topology.TestEvents.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/** The stats counters labelled by the data (DLQ reasons, regions, error codes) stay bounded whatever the input. */
class BoundedStatsTest {

    @Test
    void countsDlqRecordsByRejectCode() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, "{\"eventID\": truncated");
            pipeline.send(ALICE, "also not json");
            pipeline.send(ALICE, "[1]");
            pipeline.send(ALICE, new byte[0]);
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z").json());

            assertThat(PipelineStats.withPrefix(pipeline.stats(), PipelineStats.DLQ)).containsExactlyInAnyOrderEntriesOf(
                    Map.of("invalid-json", 2L, "not-an-object", 1L, "empty-record", 1L));
        }
    }

    @Test
    void countsUniqueEventsByRegionAndDuplicatesNot() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z")
                    .set("awsRegion", "eu-west-1").json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z")
                    .set("awsRegion", "eu-west-1").json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e2").at("2024-08-02T08:00:00Z").json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e3").at("2024-08-02T08:00:00Z").without("awsRegion")
                    .json());

            assertThat(PipelineStats.withPrefix(pipeline.stats(), PipelineStats.BY_REGION))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("eu-west-1", 1L, "us-east-1", 1L, "unknown", 1L));
        }
    }

    @Test
    void countsRegionsBeyondTheCapAsOther() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (int i = 0; i < PipelineStats.MAX_REGIONS + 5; i++) {
                pipeline.send(ALICE, TestEvents.byUser("alice").id("e" + i).at("2024-08-02T08:00:00Z")
                        .set("awsRegion", "region-" + i).json());
            }
            // A region counted before the cap was reached is still counted by name afterwards.
            pipeline.send(ALICE, TestEvents.byUser("alice").id("again").at("2024-08-02T08:00:00Z")
                    .set("awsRegion", "region-0").json());

            Map<String, Long> regions = PipelineStats.withPrefix(pipeline.stats(), PipelineStats.BY_REGION);
            assertThat(regions).hasSize(PipelineStats.MAX_REGIONS + 1)
                    .containsEntry(CappedCounter.OTHER, 5L)
                    .containsEntry("region-0", 2L)
                    .doesNotContainKey("region-" + PipelineStats.MAX_REGIONS);
        }
    }

    @Test
    void countsEventsWithAnErrorCodeByCodeUpToTheCap() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            for (int i = 0; i < PipelineStats.MAX_ERROR_CODES + 3; i++) {
                pipeline.send(ALICE, TestEvents.byUser("alice").id("e" + i).at("2024-08-02T08:00:00Z")
                        .set("errorCode", "Code" + i).json());
            }
            pipeline.send(ALICE, TestEvents.byUser("alice").id("ok").at("2024-08-02T08:00:00Z").json());
            pipeline.send(ALICE, TestEvents.byUser("alice").id("denied").at("2024-08-02T08:00:00Z")
                    .set("errorCode", "Code0").json());

            Map<String, Long> codes = PipelineStats.withPrefix(pipeline.stats(), PipelineStats.BY_ERROR_CODE);
            assertThat(codes).hasSize(PipelineStats.MAX_ERROR_CODES + 1)
                    .containsEntry(CappedCounter.OTHER, 3L)
                    .containsEntry("Code0", 2L);
            assertThat(codes.values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(PipelineStats.MAX_ERROR_CODES + 3 + 1);
        }
    }
}
