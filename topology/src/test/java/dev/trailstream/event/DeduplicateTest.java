package dev.trailstream.event;

import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.TestEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.trailstream.topology.TestEvents.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

class DeduplicateTest {

    @Test
    void dropsARepeatedEventIdAndCountsIt() {
        String first = TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z").json();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, first);
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e2").at("2024-08-02T08:05:00Z").json());
            pipeline.send(ALICE, first);
            pipeline.send(ALICE, "\u0000garbage");
            pipeline.send(null, first);

            assertThat(pipeline.totals()).isEqualTo(Map.of(
                    PipelineStats.EVENTS_CONSUMED, 5L,
                    PipelineStats.EVENTS_REJECTED, 1L,
                    PipelineStats.EVENTS_DUPLICATE, 2L,
                    PipelineStats.EVENTS_UNIQUE, 2L));
            assertThat(pipeline.profile(ALICE).events()).isEqualTo(2);
        }
    }

    @Test
    void dropsACopyThatArrivesAfterLaterEvents() {
        String first = TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z").json();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, first);
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e2").at("2024-08-02T20:00:00Z").json());
            pipeline.send(ALICE, first);

            assertThat(pipeline.stats()).containsEntry(PipelineStats.EVENTS_DUPLICATE, 1L)
                    .containsEntry(PipelineStats.EVENTS_UNIQUE, 2L);
        }
    }

    @Test
    void dropsTheSecondTrailsCopyReadAfterAWeekOfOtherEvents() {
        // A replay reads the account trail's prefixes, then the organisation trail's: the copy of Monday's event comes
        // after Sunday's events, a week later in event time but minutes later in ingest time.
        String monday = TestEvents.byUser("alice").id("mon").at("2024-08-05T08:00:00Z").json();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            Instant read = PipelineDriver.INGEST_TIME;
            pipeline.sendReadAt(ALICE, monday, read);
            pipeline.sendReadAt(ALICE, TestEvents.byUser("alice").id("sun").at("2024-08-11T20:00:00Z").json(),
                    read.plusSeconds(60));
            pipeline.sendReadAt(ALICE, monday, read.plusSeconds(120));

            assertThat(pipeline.totals()).containsEntry(PipelineStats.EVENTS_DUPLICATE, 1L)
                    .containsEntry(PipelineStats.EVENTS_UNIQUE, 2L);
        }
    }

    @Test
    void treatsAnEventIdReadAgainBeyondTheHorizonAsANewEvent() {
        String event = TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z").json();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.sendReadAt(ALICE, event, PipelineDriver.INGEST_TIME);
            pipeline.sendReadAt(ALICE, event, PipelineDriver.INGEST_TIME.plus(Duration.ofDays(2)));

            assertThat(pipeline.stats()).containsEntry(PipelineStats.EVENTS_UNIQUE, 2L)
                    .doesNotContainKey(PipelineStats.EVENTS_DUPLICATE);
        }
    }
}
