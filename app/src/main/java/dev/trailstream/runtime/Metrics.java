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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus registry behind {@code /metrics}: JVM, Kafka Streams, the connector's own meters (which it registers
 * on Micrometer's global registry), TrailStream's pipeline counts read from the state stores ({@link StoreGauges}) and
 * the findings on the findings topic ({@link FindingsMetrics}). The catalogue is {@code docs/metrics.md}.
 */
public final class Metrics {
    /** Top principals shown as gauges unless told otherwise. */
    public static final int DEFAULT_TOP_PRINCIPALS = 10;

    private Metrics() {
    }

    public static PrometheusMeterRegistry forPipeline(Pipeline pipeline) {
        return forPipeline(pipeline, DEFAULT_TOP_PRINCIPALS);
    }

    /**
     * @param topPrincipals how many of the busiest principals to report as gauges: a bounded number of series,
     *                      never one per principal, whatever the size of the organisation
     */
    public static PrometheusMeterRegistry forPipeline(Pipeline pipeline, int topPrincipals) {
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
        Gauge.builder("trailstream.principals.evicted", streams, s -> stat(s, PipelineStats.PRINCIPALS_EVICTED))
                .description("Profiles deleted because their principal stayed idle longer than the principal retention")
                .register(registry);
        Gauge.builder("trailstream.streams.running", streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the Streams application is running").register(registry);
        // The connector runs in this JVM and registers its meters globally; a stock Connect worker keeps its own.
        io.micrometer.core.instrument.Metrics.globalRegistry.add(registry);
        pipeline.latency().bindTo(registry);
        StoreGauges.start(streams, registry, topPrincipals);
        pipeline.closeWithIt(FindingsMetrics.start(pipeline.bootstrapServers(), pipeline.topics().findings().name(),
                registry));
        pipeline.closeWithIt(TransactionStalls.start(pipeline.admin(), pipeline.bootstrapServers(),
                transactionalTopics(pipeline), registry, TransactionStalls.DEFAULT_THRESHOLD,
                TransactionStalls.DEFAULT_INTERVAL));
        return registry;
    }

    /**
     * The topics TrailStream writes in transactions and reads read-committed: the connector's (with the worker's
     * offsets topic when the worker runs here) and the findings.
     */
    static List<String> transactionalTopics(Pipeline pipeline) {
        List<String> topics = new ArrayList<>(List.of(pipeline.topics().events().name(),
                pipeline.topics().objects().name(), pipeline.topics().findings().name()));
        if (pipeline.options().connect()) {
            topics.add(ConnectWorker.offsetsTopic(pipeline.options().connectGroupId()));
        }
        return topics;
    }

    static double stat(KafkaStreams streams, String key) {
        try {
            Map<String, Long> stats = RunOutputs.stats(streams);
            return stats.getOrDefault(key, 0L);
        } catch (RuntimeException notQueryableNow) {
            // During a rebalance or restore the stores are not queryable: report "no value" rather than 0.
            return Double.NaN;
        }
    }
}
