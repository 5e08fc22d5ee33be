package dev.trailstream.deliver;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink meters under the names the metric contract gives them on /metrics. */
class SinkMetricsTest {
    @Test
    void showsTheContractsNamesPerSinkAndRemovesThemOnClose() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (SinkMetrics metrics = new SinkMetrics(registry, "splunk", () -> 7)) {
            metrics.delivered(3);
            metrics.failed();
            metrics.rejected(2);
            String scrape = registry.scrape();
            assertThat(scrape).contains("trailstream_sink_delivered_total{sink=\"splunk\"} 3.0")
                    .contains("trailstream_sink_failures_total{sink=\"splunk\"} 1.0")
                    .contains("trailstream_sink_rejected_total{sink=\"splunk\"} 2.0")
                    .contains("trailstream_sink_spooled{sink=\"splunk\"} 7.0")
                    .containsPattern("trailstream_sink_last_delivery_timestamp_seconds\\{sink=\"splunk\"} 1\\.\\d+E9");
        }
        assertThat(registry.scrape()).doesNotContain("trailstream_sink_");
    }
}
