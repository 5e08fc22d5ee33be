package dev.trailstream.runtime;

import dev.trailstream.event.ParseResult;
import dev.trailstream.export.RunOutputs;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.topology.CappedCounter;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gauges whose series come and go with the data: events by outcome, principal kind and account, DLQ records by
 * reason, unique events by region and by error code (each bounded: see {@link #topWithOther}), matches silenced by
 * the allow-list by analytic, and the busiest principals. Their rows are recomputed from the state stores every
 * {@value #REFRESH_SECONDS} s on a daemon thread rather than at every scrape, because the top principals take a scan
 * of this instance's profiles.
 *
 * <p>Each instance reports what its own stores hold; summed (events) or ranked (top principals, {@code topk}) in
 * Prometheus, they give the picture of the whole application.
 */
final class StoreGauges {
    static final int REFRESH_SECONDS = 10;
    /** Every store the topology names ({@link Stores}' constants): the {@code store} label's values. */
    static final List<String> STORE_NAMES = storeNames();
    /** Window stores: interactive queries give no count of their entries. */
    private static final Set<String> WINDOW_STORES = Set.of(Stores.SEEN_EVENT_IDS, Stores.PRINCIPAL_ACTIVITY_HOURLY,
            Stores.PRINCIPAL_ACTIVITY_DAILY, Stores.PRINCIPAL_RATE_MINUTES);
    /** Regions shown by name; the store keeps at most {@link PipelineStats#MAX_REGIONS} per task. */
    static final int SHOWN_REGIONS = PipelineStats.MAX_REGIONS;
    /** Error codes shown by name, the most frequent; the rest are summed into {@code other}. */
    static final int SHOWN_ERROR_CODES = 20;

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final int topPrincipals;
    private final MultiGauge events;
    private final MultiGauge allowed;
    private final MultiGauge top;
    private final MultiGauge dlq;
    private final MultiGauge entries;
    private final MultiGauge topDistinct;
    private final MultiGauge regions;
    private final MultiGauge errorCodes;
    private final ScheduledExecutorService scheduler;
    private boolean sawRunning;

    private StoreGauges(KafkaStreams streams, PrometheusMeterRegistry registry, int topPrincipals) {
        this.streams = streams;
        this.registry = registry;
        this.topPrincipals = topPrincipals;
        this.events = MultiGauge.builder("trailstream.events")
                .description("Events by outcome (success, error, duplicate, dropped), principal kind and account")
                .register(registry);
        this.allowed = allowedGauge(registry);
        this.top = MultiGauge.builder("trailstream.principal.top.events")
                .description("Events of the busiest principals of this instance, rank 1 the busiest")
                .register(registry);
        this.entries = MultiGauge.builder("trailstream.store.entries")
                .description("Approximate entries of each local state store (RocksDB's estimate), all local tasks")
                .register(registry);
        this.topDistinct = MultiGauge.builder("trailstream.principal.top.distinct")
                .description("Distinct source IPs, regions and actions of the busiest principals of this instance"
                        + " (as kept by their profiles, which cap each)")
                .register(registry);
        this.dlq = MultiGauge.builder("trailstream.dlq.records")
                .description("Records sent to cloudtrail.events.dlq, by reason (the parser's reject code)")
                .register(registry);
        this.regions = MultiGauge.builder("trailstream.events.by.region")
                .description("Unique events by awsRegion; at most " + SHOWN_REGIONS + " regions, the rest as other")
                .register(registry);
        this.errorCodes = MultiGauge.builder("trailstream.events.by.error.code")
                .description("Unique events with an errorCode, by code: the " + SHOWN_ERROR_CODES
                        + " most frequent, the rest as other")
                .register(registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trailstream-store-gauges");
            t.setDaemon(true);
            return t;
        });
    }

    static void start(KafkaStreams streams, PrometheusMeterRegistry registry, int topPrincipals) {
        StoreGauges gauges = new StoreGauges(streams, registry, topPrincipals);
        gauges.scheduler.scheduleWithFixedDelay(gauges::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refresh() {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            sawRunning = true;
        } else if (sawRunning && !state.isRunningOrRebalancing()) {
            // The pipeline has stopped: so do we, and the connector's meters stop flowing into this registry.
            io.micrometer.core.instrument.Metrics.globalRegistry.remove(registry);
            scheduler.shutdown();
            return;
        }
        try {
            Map<String, Long> stats = RunOutputs.stats(streams);
            events.register(eventRows(stats), true);
            allowed.register(allowedRows(stats), true);
            List<PrincipalProfile> busiest = busiest(profiles().all(), topPrincipals);
            top.register(topRows(busiest), true);
            topDistinct.register(distinctRows(busiest), true);
            entries.register(entryRows(), true);
            dlq.register(dlqRows(stats), true);
            regions.register(labelRows("region",
                    topWithOther(PipelineStats.withPrefix(stats, PipelineStats.BY_REGION), SHOWN_REGIONS)), true);
            errorCodes.register(labelRows("code",
                    topWithOther(PipelineStats.withPrefix(stats, PipelineStats.BY_ERROR_CODE), SHOWN_ERROR_CODES)),
                    true);
        } catch (RuntimeException notQueryableNow) {
            // Rebalancing or restoring: keep the last rows until the stores answer again.
        }
    }

    private static List<MultiGauge.Row<?>> eventRows(Map<String, Long> stats) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        stats.forEach((counter, count) -> {
            String[] parts = PipelineStats.parseEventsBy(counter);
            if (parts != null) {
                rows.add(MultiGauge.Row.of(Tags.of("outcome", parts[0], "kind", parts[1], "account", parts[2]),
                        count));
            }
        });
        return rows;
    }

    /** One row per reject code, zero included, so that a dashboard shows every reason from the start. */
    static List<MultiGauge.Row<?>> dlqRows(Map<String, Long> stats) {
        Map<String, Long> byCode = PipelineStats.withPrefix(stats, PipelineStats.DLQ);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ParseResult.RejectCode code : ParseResult.RejectCode.values()) {
            rows.add(MultiGauge.Row.of(Tags.of("reason", code.code()), byCode.getOrDefault(code.code(), 0L)));
        }
        return rows;
    }

    static List<MultiGauge.Row<?>> labelRows(String tag, Map<String, Long> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((label, count) -> rows.add(MultiGauge.Row.of(Tags.of(tag, label), count)));
        return rows;
    }

    /**
     * The {@code n} largest counts by label (ties by label), and the sum of the others, {@code other} included, under
     * {@value CappedCounter#OTHER}: at most n + 1 series however many labels the tasks counted.
     */
    static Map<String, Long> topWithOther(Map<String, Long> counts, int n) {
        List<Map.Entry<String, Long>> named = new ArrayList<>();
        long other = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getKey().equals(CappedCounter.OTHER)) {
                other += e.getValue();
            } else {
                named.add(e);
            }
        }
        named.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> result = new LinkedHashMap<>();
        for (int i = 0; i < named.size(); i++) {
            if (i < n) {
                result.put(named.get(i).getKey(), named.get(i).getValue());
            } else {
                other += named.get(i).getValue();
            }
        }
        if (other > 0) {
            result.put(CappedCounter.OTHER, other);
        }
        return result;
    }

    /**
     * {@code trailstream.findings.allowed{analytic}}: one series per analytic the allow-list has silenced at least
     * once, so bounded by the rules and anomaly kinds the topology runs, never by the data.
     */
    static MultiGauge allowedGauge(MeterRegistry registry) {
        return MultiGauge.builder("trailstream.findings.allowed")
                .description("Rule matches and anomaly signals silenced by the allow-list (--allow), by analytic id")
                .register(registry);
    }

    static List<MultiGauge.Row<?>> allowedRows(Map<String, Long> stats) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        RunOutputs.allowedByAnalytic(stats).forEach((analytic, count) ->
                rows.add(MultiGauge.Row.of(Tags.of("analytic", analytic), count)));
        return rows;
    }

    private ReadOnlyKeyValueStore<String, PrincipalProfile> profiles() {
        return streams.store(StoreQueryParameters.fromNameAndType(Stores.PRINCIPAL_PROFILES,
                QueryableStoreTypes.keyValueStore()));
    }

    /** Three rows per principal: distinct source IPs, regions and actions its profile holds. */
    static List<MultiGauge.Row<?>> distinctRows(List<PrincipalProfile> busiest) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (PrincipalProfile p : busiest) {
            rows.add(MultiGauge.Row.of(Tags.of("principal", p.principalId(), "dimension", "ip"),
                    p.sourceIps().size()));
            rows.add(MultiGauge.Row.of(Tags.of("principal", p.principalId(), "dimension", "region"),
                    p.regions().size()));
            rows.add(MultiGauge.Row.of(Tags.of("principal", p.principalId(), "dimension", "action"),
                    p.actions().size()));
        }
        return rows;
    }

    /**
     * One row per state store this instance hosts. Key-value stores answer {@code approximateNumEntries()} through
     * interactive queries; window stores have no such query, so theirs is RocksDB's {@code estimate-num-keys} from
     * Kafka Streams' own metrics (recorded at INFO level, summed over tasks and segments): the same estimate.
     */
    private List<MultiGauge.Row<?>> entryRows() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String store : STORE_NAMES) {
            double count = WINDOW_STORES.contains(store) ? estimatedKeys(streams.metrics(), store) : kvEntries(store);
            if (!Double.isNaN(count)) {
                rows.add(MultiGauge.Row.of(Tags.of("store", store), count));
            }
        }
        return rows;
    }

    private double kvEntries(String store) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
        } catch (InvalidStateStoreException notAKeyValueStoreOrNotNow) {
            return estimatedKeys(streams.metrics(), store);
        }
    }

    /** RocksDB's {@code estimate-num-keys} of a store summed over this instance's tasks; NaN if none reports it. */
    static double estimatedKeys(Map<MetricName, ? extends Metric> metrics, String store) {
        double sum = Double.NaN;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (!name.name().equals("estimate-num-keys") || !name.group().equals("stream-state-metrics")) {
                continue;
            }
            boolean ours = name.tags().entrySet().stream()
                    .anyMatch(t -> t.getKey().endsWith("-state-id") && t.getValue().equals(store));
            if (ours && e.getValue().metricValue() instanceof Number n) {
                sum = (Double.isNaN(sum) ? 0 : sum) + n.doubleValue();
            }
        }
        return sum;
    }

    private static List<String> storeNames() {
        List<String> names = new ArrayList<>();
        for (Field field : Stores.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }

    private static List<MultiGauge.Row<?>> topRows(List<PrincipalProfile> busiest) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (int i = 0; i < busiest.size(); i++) {
            PrincipalProfile p = busiest.get(i);
            rows.add(MultiGauge.Row.of(Tags.of("rank", String.valueOf(i + 1), "principal", p.principalId(),
                    "kind", p.kind() == null ? "unknown" : p.kind().label()), p.events()));
        }
        return rows;
    }

    /** The {@code n} profiles with the most events, busiest first (ties by id); holds n, not the store. */
    static List<PrincipalProfile> busiest(KeyValueIterator<String, PrincipalProfile> all, int n) {
        Comparator<PrincipalProfile> order = Comparator.comparingLong(PrincipalProfile::events).reversed()
                .thenComparing(PrincipalProfile::principalId);
        PriorityQueue<PrincipalProfile> heap = new PriorityQueue<>(order.reversed());
        try (all) {
            while (all.hasNext()) {
                KeyValue<String, PrincipalProfile> kv = all.next();
                heap.add(kv.value);
                if (heap.size() > n) {
                    heap.poll();
                }
            }
        }
        List<PrincipalProfile> result = new ArrayList<>(heap);
        result.sort(order);
        return result;
    }
}
