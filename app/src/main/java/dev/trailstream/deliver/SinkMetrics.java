package dev.trailstream.deliver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One sink's meters, tagged {@code sink=<name>}: {@code trailstream.sink.delivered}, {@code .failures} (failed
 * delivery attempts), {@code .rejected} (findings an endpoint refused for good), {@code .spooled} and
 * {@code .last.delivery.timestamp} (epoch seconds, 0 before the first delivery). Removed on close, so that a sink
 * started again in the same process registers afresh.
 */
final class SinkMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final Counter delivered;
    private final Counter failures;
    private final Counter rejected;
    private final AtomicLong lastDelivery = new AtomicLong();
    private final List<Meter> meters;

    SinkMetrics(MeterRegistry registry, String sink, LongSupplier spooled) {
        this.registry = registry;
        delivered = Counter.builder("trailstream.sink.delivered").tag("sink", sink)
                .description("Findings delivered by the sink").register(registry);
        failures = Counter.builder("trailstream.sink.failures").tag("sink", sink)
                .description("Failed delivery attempts of the sink").register(registry);
        rejected = Counter.builder("trailstream.sink.rejected").tag("sink", sink)
                .description("Findings the endpoint refused for good (reported in the log, not retried)")
                .register(registry);
        Gauge spool = Gauge.builder("trailstream.sink.spooled", spooled, s -> s.getAsLong()).tag("sink", sink)
                .description("Findings waiting in the sink's spool").strongReference(true).register(registry);
        Gauge last = Gauge.builder("trailstream.sink.last.delivery.timestamp", lastDelivery, AtomicLong::get)
                .tag("sink", sink).baseUnit("seconds").description("When the sink last delivered (epoch seconds)")
                .strongReference(true).register(registry);
        meters = List.of(delivered, failures, rejected, spool, last);
    }

    void delivered(int n) {
        if (n > 0) {
            delivered.increment(n);
            lastDelivery.set(System.currentTimeMillis() / 1000);
        }
    }

    void failed() {
        failures.increment();
    }

    void rejected(int n) {
        rejected.increment(n);
    }

    double deliveredCount() {
        return delivered.count();
    }

    double failureCount() {
        return failures.count();
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
