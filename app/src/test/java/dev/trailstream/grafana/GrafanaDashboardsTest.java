package dev.trailstream.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trailstream.grafana.Dashboards.Dashboard;
import dev.trailstream.grafana.Dashboards.Panel;
import dev.trailstream.grafana.Dashboards.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The Grafana dashboards under {@code grafana/}: well-formed and wired to the provisioned datasource (always), and
 * every query they run answered with data by a real Prometheus scraping a real pipeline (when a {@code prometheus}
 * binary is installed).
 */
class GrafanaDashboardsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The Grafana dashboards expected, by uid: a uid is what links and bookmarks keep, so it never changes. */
    private static final Set<String> UIDS = Set.of("trailstream-pipeline", "trailstream-principals",
            "trailstream-findings", "trailstream-least-privilege");

    @Test
    void everyDashboardHasItsStableUidAndTheProvisionedDatasource() throws Exception {
        List<Dashboard> dashboards = Dashboards.all();
        assertThat(dashboards).extracting(Dashboard::uid).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(UIDS);
        String datasource = provisionedDatasourceUid();
        for (Dashboard d : dashboards) {
            assertThat(d.title()).as(d.file().toString()).startsWith("TrailStream ");
            assertThat(d.json().path("schemaVersion").asInt()).as(d.title()).isGreaterThanOrEqualTo(39);
            assertThat(d.json().has("id")).as(d.title() + ": a provisioned dashboard carries no database id")
                    .isFalse();
            for (JsonNode v : Dashboards.queryVariables(d)) {
                assertThat(v.path("datasource").path("uid").asText()).as(d.title() + " $" + v.path("name").asText())
                        .isEqualTo(datasource);
            }
        }
        for (Panel p : Dashboards.panels(dashboards)) {
            assertThat(p.json().path("datasource").path("uid").asText()).as(p.where()).isEqualTo(datasource);
            assertThat(p.json().path("datasource").path("type").asText()).as(p.where()).isEqualTo("prometheus");
            for (JsonNode t : p.json().path("targets")) {
                assertThat(t.path("datasource").path("uid").asText()).as(p.where()).isEqualTo(datasource);
            }
        }
    }

    @Test
    void everyPanelHasAQueryAUnitAndADescription() {
        List<Panel> panels = Dashboards.panels(Dashboards.all());
        assertThat(panels).hasSizeGreaterThan(20);
        // The JVM panels sit inside a collapsed row: the walk must reach them, or they would go unchecked.
        assertThat(panels).extracting(Panel::title).contains("Heap used and committed");
        Map<String, Set<Integer>> ids = new HashMap<>();
        for (Panel p : panels) {
            assertThat(p.title()).as(p.where()).isNotBlank();
            assertThat(p.json().path("description").asText()).as(p.where() + " description").isNotBlank();
            assertThat(p.json().path("fieldConfig").path("defaults").path("unit").asText()).as(p.where() + " unit")
                    .isNotBlank();
            assertThat(p.json().path("targets").size()).as(p.where() + " targets").isPositive();
            Set<String> refIds = new HashSet<>();
            for (JsonNode t : p.json().path("targets")) {
                assertThat(t.path("expr").asText()).as(p.where() + " expr").isNotBlank();
                assertThat(refIds.add(t.path("refId").asText())).as(p.where() + " refId unique").isTrue();
            }
            assertThat(ids.computeIfAbsent(p.dashboard().uid(), k -> new HashSet<>()).add(p.json().path("id").asInt()))
                    .as(p.where() + " panel id unique in its dashboard").isTrue();
        }
    }

    @Test
    void provisioningLoadsTheDashboardsIntoATrailStreamFolder() throws Exception {
        JsonNode providers = YAML.readTree(Dashboards.GRAFANA.resolve("provisioning/dashboards/trailstream.yaml")
                .toFile());
        JsonNode provider = providers.path("providers").path(0);
        assertThat(provider.path("folder").asText()).isEqualTo("TrailStream");
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        JsonNode datasource = datasources().path(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
    }

    @Test
    void readsTheMetricNamesOfAnExpression() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le) (rate("
                + "trailstream_processing_latency_seconds_bucket{job=\"x\", le!=\"+Inf\"}[5m])))"))
                .containsExactly("trailstream_processing_latency_seconds_bucket");
        assertThat(PromQl.metricNames("sum without (rank) (a_total offset 1m) / on(principal) group_left(kind) "
                + "b_total and topk(3, c) or vector(1) > bool 2e3"))
                .containsExactly("a_total", "b_total", "c");
        assertThat(PromQl.metricNames("time() - max(trailstream_access_review_timestamp_seconds)"))
                .containsExactly("trailstream_access_review_timestamp_seconds");
        assertThat(PromQl.substitute("rate(x{principal=\"$principal\"}[$__rate_interval]) [${__range}]",
                Map.of("principal", "arn:aws:iam::1:user/a", "__rate_interval", "1m", "__range", "5m")))
                .isEqualTo("rate(x{principal=\"arn:aws:iam::1:user/a\"}[1m]) [5m]");
        assertThat(PromQl.labelNames("sum by (kind, account) (rate(x{outcome=~\"a|b\", le!=\"+Inf\"}[1m])) "
                + "/ on (kind) group_left y")).containsExactlyInAnyOrder("outcome", "le", "kind", "account");
        assertThat(PromQl.legendLabels("{{connector}} task {{ task }}")).containsExactly("connector", "task");
        assertThat(PromQl.labelValues("label_values(trailstream_principal_top_events, principal)"))
                .hasValueSatisfying(ml -> assertThat(ml).containsExactly("trailstream_principal_top_events",
                        "principal"));
    }

    private static String provisionedDatasourceUid() throws Exception {
        JsonNode datasource = datasources().path(0);
        assertThat(datasources().size()).isEqualTo(1);
        return datasource.path("uid").asText();
    }

    private static JsonNode datasources() throws Exception {
        return YAML.readTree(Dashboards.GRAFANA.resolve("provisioning/datasources/prometheus.yaml").toFile())
                .path("datasources");
    }

    /**
     * Every expression of every dashboard against Prometheus 2.x scraping a pipeline that has read a simulated
     * organisation: it parses, returns at least one series, names only metrics that {@code /metrics} exposes, and
     * matches, groups by and shows in its legend only labels those metrics have.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstARealPrometheus {
        private LivePipeline pipeline;
        private PrometheusServer prometheus;
        private Set<String> knownNames;
        private final Map<String, String> variables = new HashMap<>(Map.of(
                // What Grafana would put there for a range of a few minutes at 1 s scrapes.
                "__rate_interval", "1m", "__interval", "15s", "__range", "5m", "__range_s", "300",
                "__interval_ms", "15000"));

        @BeforeAll
        void startThePipelineAndPrometheus(@TempDir Path dir) throws Exception {
            Optional<Path> binary = PrometheusServer.binary();
            assumeThat(binary).as("a prometheus binary on the PATH or at /usr/bin/prometheus").isPresent();
            pipeline = LivePipeline.start(Files.createDirectories(dir.resolve("pipeline")));
            prometheus = PrometheusServer.start(binary.get(), pipeline.metricsTarget(),
                    Files.createDirectories(dir.resolve("prometheus")));
            // A few scrapes, so that rate() over the substituted interval has samples to work with.
            prometheus.awaitScrapes(5, "trailstream_streams_running", Duration.ofSeconds(60));
            knownNames = prometheus.labelValues("__name__", Optional.empty());
            for (Dashboard d : Dashboards.all()) {
                for (JsonNode v : Dashboards.queryVariables(d)) {
                    // A real value, as Grafana would offer first; other query forms fail in their own test below.
                    Optional<String[]> ml = PromQl.labelValues(Dashboards.variableQuery(v));
                    if (ml.isPresent()) {
                        prometheus.labelValues(ml.get()[1], Optional.of(ml.get()[0])).stream().findFirst()
                                .ifPresent(value -> variables.putIfAbsent(v.path("name").asText(), value));
                    }
                }
            }
        }

        @AfterAll
        void stop() throws Exception {
            try {
                if (prometheus != null) {
                    prometheus.close();
                }
            } finally {
                if (pipeline != null) {
                    pipeline.close();
                }
            }
        }

        @TestFactory
        Stream<DynamicTest> everyPanelQueryReturnsSeriesOfExposedMetrics() {
            return Dashboards.panelQueries(Dashboards.all()).stream()
                    .map(q -> DynamicTest.dynamicTest(q.where(), () -> assertAnswers(q)));
        }

        @TestFactory
        Stream<DynamicTest> everyTemplateVariableHasValues() {
            List<DynamicTest> tests = new ArrayList<>();
            for (Dashboard d : Dashboards.all()) {
                for (JsonNode v : Dashboards.queryVariables(d)) {
                    String where = d.title() + " / $" + v.path("name").asText();
                    String query = Dashboards.variableQuery(v);
                    tests.add(DynamicTest.dynamicTest(where, () -> {
                        String[] ml = PromQl.labelValues(query).orElseThrow(() -> new AssertionError(
                                where + ": expected label_values(metric, label), got " + query));
                        assertThat(knownNames).as(where + ": metric of " + query).contains(ml[0]);
                        assertThat(prometheus.labelValues(ml[1], Optional.of(ml[0]))).as(where + ": " + query)
                                .isNotEmpty();
                    }));
                }
            }
            return tests.stream();
        }

        private void assertAnswers(Query q) throws Exception {
            String expr = PromQl.substitute(q.expr(), variables);
            Set<String> names = PromQl.metricNames(expr);
            assertThat(names).as(q + ": names no metric").isNotEmpty();
            Set<String> unknown = new TreeSet<>(names);
            unknown.removeAll(knownNames);
            assertThat(unknown).as(q + ": metrics Prometheus never scraped").isEmpty();
            Set<String> labels = new HashSet<>();
            for (String name : names) {
                labels.addAll(prometheus.labelNames(name));
            }
            assertThat(labels).as(q + ": labels matched or grouped by").containsAll(PromQl.labelNames(expr));
            JsonNode answer = prometheus.query(expr);
            assertThat(answer.path("status").asText()).as(q + " -> " + expr + ": " + answer).isEqualTo("success");
            JsonNode result = answer.path("data").path("result");
            assertThat(result.size()).as(q + " -> " + expr + ": no series").isPositive();
            for (JsonNode series : result) {
                for (String label : PromQl.legendLabels(q.legend())) {
                    assertThat(series.path("metric").has(label)).as(q + ": legend {{" + label + "}} of " + series)
                            .isTrue();
                }
            }
        }
    }
}
