package dev.trailstream.topology;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.trailstream.topology.TestEvents.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

class ProcessingObserverTest {

    @Test
    void tellsTheObserverTheAppendTimeOfEachUniqueEventNotItsEventTime() {
        List<Long> appended = new ArrayList<>();
        TopologyConfig config = TopologyConfig.defaults()
                .withProcessingObserver((appendedMs, processedMs) -> appended.add(appendedMs));
        Instant readAt = Instant.parse("2030-02-03T04:05:06Z");
        try (PipelineDriver pipeline = new PipelineDriver(config)) {
            pipeline.sendReadAt(ALICE, TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z").json(), readAt);
            // A duplicate and a DLQ record are not profiled, so not observed.
            pipeline.sendReadAt(ALICE, TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z").json(),
                    readAt.plusSeconds(1));
            pipeline.sendReadAt(ALICE, "not json", readAt.plusSeconds(2));
        }

        assertThat(appended).containsExactly(readAt.toEpochMilli());
    }
}
