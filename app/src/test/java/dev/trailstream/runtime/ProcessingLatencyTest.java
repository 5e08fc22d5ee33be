package dev.trailstream.runtime;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessingLatencyTest {

    @Test
    void recordsTheTimeFromAppendToProcessingOnceBound() {
        ProcessingLatency latency = new ProcessingLatency();
        latency.profiled(1_000, 9_000);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        latency.bindTo(registry);

        latency.profiled(1_000, 1_250);
        latency.profiled(5_000, 4_000);

        Timer timer = registry.get("trailstream.processing.latency").timer();
        assertThat(timer.count()).isEqualTo(2);
        // A clock skew (processed before appended) counts as zero, not as a negative time.
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
        String scraped = registry.scrape();
        assertThat(scraped).contains("trailstream_processing_latency_seconds_bucket{le=\"1.0\"}")
                .contains("trailstream_processing_latency_seconds_bucket{le=\"+Inf\"} 2");
    }
}
