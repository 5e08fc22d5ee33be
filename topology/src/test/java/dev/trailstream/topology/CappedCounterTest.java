package dev.trailstream.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CappedCounterTest {

    @Test
    void keepsCountingByNameTheLabelsATaskCountedBeforeARestart() {
        KeyValueStore<String, Long> stats = store();
        stats.put("events.region|eu-west-1", 5L);
        stats.put("events.region|us-east-1", 7L);
        stats.put("events.region|other", 2L);
        stats.put("events.error|AccessDenied", 1L);

        // A new processor (a restarted task) over the same store: two labels known, cap two, so the third is other.
        CappedCounter regions = new CappedCounter(PipelineStats.BY_REGION, 2);
        regions.increment(stats, "us-east-1");
        regions.increment(stats, "ap-south-1");
        regions.increment(stats, null);

        assertThat(stats.get("events.region|us-east-1")).isEqualTo(8L);
        assertThat(stats.get("events.region|ap-south-1")).isNull();
        assertThat(stats.get("events.region|unknown")).isNull();
        assertThat(stats.get("events.region|other")).isEqualTo(4L);
    }

    @Test
    void learnsTheLabelsAgainAfterAReset() {
        KeyValueStore<String, Long> stats = store();
        CappedCounter codes = new CappedCounter(PipelineStats.BY_ERROR_CODE, 1);
        codes.increment(stats, "AccessDenied");
        codes.reset();
        stats.delete("events.error|AccessDenied");

        codes.increment(stats, "Throttling");

        assertThat(PipelineStats.withPrefix(PipelineStats.sum(stats.all()), PipelineStats.BY_ERROR_CODE))
                .isEqualTo(Map.of("Throttling", 1L));
    }

    private static KeyValueStore<String, Long> store() {
        KeyValueStore<String, Long> store = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                        org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore("stats"),
                        Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }
}
