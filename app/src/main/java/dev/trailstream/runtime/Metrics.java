package dev.trailstream.runtime;

import dev.trailstream.export.RunOutputs;
import dev.trailstream.topology.PipelineStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.util.List;
import java.util.Map;

/** The Prometheus registry behind {@code /metrics}: JVM, Kafka Streams and TrailStream's own pipeline counts. */
public final class Metrics {
    private Metrics() {
    }

    public static PrometheusMeterRegistry forPipeline(Pipeline pipeline) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", pipeline.options().applicationId());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        // Streams' metrics include those of its own consumers and producers; the admin client is ours.
        new KafkaStreamsMetrics(pipeline.streams()).bindTo(registry);
        new KafkaClientMetrics(pipeline.admin()).bindTo(registry);
        KafkaStreams streams = pipeline.streams();
        // Read from the state stores, so the counts are the committed picture of everything under the state dir.
        for (var outcome : List.of(PipelineStats.EVENTS_CONSUMED, PipelineStats.EVENTS_UNIQUE, PipelineStats.EVENTS_DUPLICATE,
                PipelineStats.EVENTS_REJECTED)) {
            Gauge.builder("trailstream.pipeline.events", streams, s -> stat(s, outcome))
                    .description("Events seen by the topology, by outcome (consumed = unique + duplicate + rejected)")
                    .tag("outcome", outcome.substring(outcome.indexOf('.') + 1))
                    .register(registry);
        }
        Gauge.builder("trailstream.streams.running", streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the Streams application is running").register(registry);
        return registry;
    }

    private static double stat(KafkaStreams streams, String key) {
        try {
            Map<String, Long> stats = RunOutputs.stats(streams);
            return stats.getOrDefault(key, 0L);
        } catch (RuntimeException notQueryableNow) {
            // During a rebalance or restore the stores are not queryable: report "no value" rather than 0.
            return Double.NaN;
        }
    }
}
