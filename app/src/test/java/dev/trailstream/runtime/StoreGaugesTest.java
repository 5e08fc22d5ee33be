package dev.trailstream.runtime;

import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.profile.SeenSet;
import dev.trailstream.topology.CappedCounter;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.Stores;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StoreGaugesTest {

    @Test
    void keepsOnlyTheBusiestPrincipalsBusiestFirstWithTiesByName() {
        List<KeyValue<String, PrincipalProfile>> profiles = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            profiles.add(KeyValue.pair("p" + i, profile("p" + i, i % 100)));
        }
        Iterating all = new Iterating(profiles.iterator());

        List<PrincipalProfile> top = StoreGauges.busiest(all, 3);

        // 99 events: p99, p199, ..., p999; by id, "p199" < "p299" < ... < "p99".
        assertThat(top).extracting(PrincipalProfile::principalId).containsExactly("p199", "p299", "p399");
        assertThat(all.closed).isTrue();
    }

    @Test
    void returnsFewerWhenThereAreFewerPrincipals() {
        List<PrincipalProfile> top = StoreGauges.busiest(new Iterating(List.of(
                KeyValue.pair("a", profile("a", 1)), KeyValue.pair("b", profile("b", 5))).iterator()), 10);

        assertThat(top).extracting(PrincipalProfile::principalId).containsExactly("b", "a");
    }

    @Test
    void reportsAllowListSilencingByAnalyticAndNothingElse() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MultiGauge allowed = StoreGauges.allowedGauge(registry);
        Map<String, Long> stats = Map.of(
                PipelineStats.EVENTS_UNIQUE, 500L,
                PipelineStats.eventsBy(PipelineStats.OUTCOME_SUCCESS, "human", "111122223333"), 480L,
                PipelineStats.findingsAllowed("trailstream.console-login-without-mfa"), 3L,
                PipelineStats.findingsAllowed("trailstream.anomaly.first-time-action"), 12L);

        allowed.register(StoreGauges.allowedRows(stats), true);

        assertThat(registry.find("trailstream.findings.allowed").gauges()).hasSize(2);
        assertThat(registry.get("trailstream.findings.allowed").tag("analytic", "trailstream.console-login-without-mfa")
                .gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("trailstream.findings.allowed").tag("analytic", "trailstream.anomaly.first-time-action")
                .gauge().value()).isEqualTo(12.0);

        // An analytic no longer silenced (its count gone with a new state dir) loses its series at the next refresh.
        allowed.register(StoreGauges.allowedRows(Map.of(
                PipelineStats.findingsAllowed("trailstream.anomaly.first-time-action"), 13L)), true);
        assertThat(registry.find("trailstream.findings.allowed").gauges()).singleElement()
                .satisfies(g -> assertThat(g.value()).isEqualTo(13.0));
    }

    @Test
    void showsTheMostFrequentLabelsAndSumsTheRestIntoOther() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (int i = 0; i < 30; i++) {
            counts.put("Code" + i, (long) i + 1);
        }
        counts.put(CappedCounter.OTHER, 100L);

        Map<String, Long> shown = StoreGauges.topWithOther(counts, 3);

        assertThat(shown.keySet()).containsExactly("Code29", "Code28", "Code27", CappedCounter.OTHER);
        // Everything not shown by name (codes 1 to 27, counts 1..27) plus what the tasks already counted as other.
        assertThat(shown).containsEntry(CappedCounter.OTHER, 27L * 28 / 2 + 100);
        assertThat(shown.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(counts.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void showsNoOtherWhenEveryLabelFits() {
        assertThat(StoreGauges.topWithOther(Map.of("us-east-1", 5L, "eu-west-1", 5L), 40))
                .containsExactly(Map.entry("eu-west-1", 5L), Map.entry("us-east-1", 5L));
    }

    @Test
    void reportsEveryDlqReasonIncludingThoseNeverSeen() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MultiGauge dlq = MultiGauge.builder("trailstream.dlq.records").register(registry);

        dlq.register(StoreGauges.dlqRows(Map.of(PipelineStats.dlq("invalid-json"), 4L,
                PipelineStats.EVENTS_REJECTED, 4L)), true);

        assertThat(registry.find("trailstream.dlq.records").gauges()).hasSize(7);
        assertThat(registry.get("trailstream.dlq.records").tag("reason", "invalid-json").gauge().value())
                .isEqualTo(4.0);
        assertThat(registry.get("trailstream.dlq.records").tag("reason", "no-principal").gauge().value())
                .isEqualTo(0.0);
    }

    @Test
    void reportsDistinctIpsRegionsAndActionsOfEachBusiestPrincipal() {
        PrincipalProfile alice = new PrincipalProfile("alice", null, null, null, null, 9, 0, 0, 0, null, null, null,
                null, 0, seen("s3:GetObject", "s3:ListBucket", "iam:ListUsers"), null, null,
                seen("198.51.100.7", "203.0.113.9"), seen("eu-west-1"), null, null, null);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MultiGauge distinct = MultiGauge.builder("trailstream.principal.top.distinct").register(registry);

        distinct.register(StoreGauges.distinctRows(List.of(alice)), true);

        assertThat(registry.get("trailstream.principal.top.distinct").tags("principal", "alice", "dimension", "ip")
                .gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("trailstream.principal.top.distinct").tags("principal", "alice", "dimension", "region")
                .gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("trailstream.principal.top.distinct").tags("principal", "alice", "dimension", "action")
                .gauge().value()).isEqualTo(3.0);
    }

    @Test
    void sumsRocksDbKeyEstimatesOfOneStoreOverItsTasks() {
        Map<MetricName, Metric> metrics = new java.util.HashMap<>();
        metrics.put(rocksDb("0_0", "rocksdb-window-state-id", "seen-event-ids"), value(120));
        metrics.put(rocksDb("0_1", "rocksdb-window-state-id", "seen-event-ids"), value(30));
        metrics.put(rocksDb("0_0", "rocksdb-state-id", "principal-profiles"), value(7));

        assertThat(StoreGauges.estimatedKeys(metrics, "seen-event-ids")).isEqualTo(150.0);
        assertThat(StoreGauges.estimatedKeys(metrics, "principal-profiles")).isEqualTo(7.0);
        assertThat(StoreGauges.estimatedKeys(metrics, "open-findings")).isNaN();
    }

    @Test
    void namesEveryStoreOfTheTopology() {
        assertThat(StoreGauges.STORE_NAMES).contains(Stores.PIPELINE_STATS, Stores.SEEN_EVENT_IDS,
                Stores.PRINCIPAL_PROFILES, Stores.OPEN_ANOMALY_FINDINGS).doesNotHaveDuplicates();
    }

    private static MetricName rocksDb(String task, String scope, String store) {
        return new MetricName("estimate-num-keys", "stream-state-metrics", "",
                Map.of("thread-id", "t1", "task-id", task, scope, store));
    }

    private static Metric value(long v) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object metricValue() {
                return BigInteger.valueOf(v);
            }
        };
    }

    private static SeenSet seen(String... names) {
        SeenSet set = SeenSet.EMPTY;
        for (String name : names) {
            set = set.with(name, Instant.parse("2024-08-02T08:00:00Z"), 100);
        }
        return set;
    }

    private static PrincipalProfile profile(String id, long events) {
        return new PrincipalProfile(id, null, null, null, null, events, 0, 0, 0, null, null, null, null, 0,
                null, null, null, null, null, null, null, null);
    }

    private static final class Iterating implements KeyValueIterator<String, PrincipalProfile> {
        private final Iterator<KeyValue<String, PrincipalProfile>> it;
        boolean closed;

        Iterating(Iterator<KeyValue<String, PrincipalProfile>> it) {
            this.it = it;
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public KeyValue<String, PrincipalProfile> next() {
            return it.next();
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String peekNextKey() {
            throw new UnsupportedOperationException();
        }
    }
}
