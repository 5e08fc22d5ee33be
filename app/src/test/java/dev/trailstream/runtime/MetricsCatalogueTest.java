package dev.trailstream.runtime;

import dev.trailstream.access.CredentialReport;
import dev.trailstream.event.ParseResult;
import dev.trailstream.export.LeastPrivilegeOutputs;
import dev.trailstream.http.HttpEndpoints;
import dev.trailstream.iam.AccessReview;
import dev.trailstream.iam.SnapshotFiles;
import dev.trailstream.iam.SnapshotPublisher;
import dev.trailstream.ingest.LocalFolderLister;
import dev.trailstream.simulate.IamFiles;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/metrics.md} against a live {@code /metrics}: a real pipeline (embedded broker, Connect worker, Streams)
 * over a simulated organisation with a root-usage attack, a file with bad records, IAM exports and credential
 * reports, and one access review. Every documented {@code trailstream_*} metric is served with a value (but the
 * sinks', which {@code GrafanaDashboardsTest} scrapes from a file sink), every one served is documented, and the labels stay within their caps.
 */
class MetricsCatalogueTest {
    private static final Path CATALOGUE = Path.of("../docs/metrics.md");
    /** A row's first cell: the name as scraped, in backticks. */
    private static final Pattern DOCUMENTED = Pattern.compile("(?m)^\\| `(trailstream_[a-z_]+)`");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** What a histogram or timer adds to its name when scraped. */
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");
    /**
     * Documented metrics whose series only exist once something happens that this run does not do: a match
     * silenced by an allow-list ({@code --allow} is not given here).
     */
    private static final Set<String> ON_OCCURRENCE = Set.of("trailstream_findings_allowed");
    private static final int TOP_PRINCIPALS = 5;
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    record Sample(String name, Map<String, String> labels, double value) {
    }

    @Test
    void servesEveryDocumentedMetricAndDocumentsEveryOneServedWithinTheCaps() throws Exception {
        Set<String> documented = documented();
        assertThat(documented).as("metrics listed in " + CATALOGUE).hasSizeGreaterThan(20);

        Path sim = tmp.resolve("sim");
        Simulator.run(new SimulationSpec(2, 12, 2, 3_000, SimulationSpec.defaults().start(), 11,
                List.of("root-usage")), sim);
        Path logs = sim.resolve("AWSLogs");
        writeBadFiles(logs);
        IamFiles iam = IamFiles.in(sim);
        var snapshots = SnapshotFiles.prepare(iam.exports(), Optional.empty(), "--iam ");
        Map<String, CredentialReport> reports = LeastPrivilegeOutputs.credentialReports(iam.credentialReports());
        RunOptions options = new RunOptions(Map.of("source", logs.toAbsolutePath().toString()), Optional.empty(),
                tmp.resolve("state"), true, Optional.empty(), true, "trailstream", 2, "127.0.0.1", 0, 0, 0, 0,
                TOP_PRINCIPALS);
        Collection<String> lastKeys = new LocalFolderLister(logs).lastKeyPerPrefix().values();

        try (HttpEndpoints http = HttpEndpoints.start("127.0.0.1", 0);
             Pipeline pipeline = Pipeline.start(options, Optional.of(http.applicationServer()),
                     (bootstrap, topics) -> SnapshotPublisher.publish(bootstrap, topics.iamSnapshots().name(),
                             snapshots, false))) {
            PrometheusMeterRegistry registry = Metrics.forPipeline(pipeline, options.topPrincipals());
            try (AccessReview review = new AccessReview(pipeline.bootstrapServers(),
                    pipeline.topics().iamSnapshots().name(), pipeline.topics().findings().name(),
                    pipeline.topics().accessReview().name(), options.applicationId(), pipeline.streams(), reports,
                    Duration.ofDays(90), Clock.systemUTC())) {
                review.bindTo(registry);
                http.attach(registry, pipeline::streamsRunning, pipeline.streams());
                Completion.await(pipeline, lastKeys, line -> { });
                assertThat(review.reviewNow()).isPresent();
                String url = "http://" + http.applicationServer() + "/metrics";

                // The store gauges refresh every 10 s and the findings consumer follows the topic: wait for both.
                List<Sample> samples = awaitScrape(url, documented);

                Map<String, List<Sample>> byMetric = new LinkedHashMap<>();
                for (Sample s : samples) {
                    if (s.name().startsWith("trailstream_")) {
                        byMetric.computeIfAbsent(metricOf(s.name(), documented), k -> new ArrayList<>()).add(s);
                    }
                }
                // (a) every documented metric is served with a value
                for (String name : documented) {
                    if (name.startsWith("trailstream_sink_") || ON_OCCURRENCE.contains(name)) {
                        continue;
                    }
                    assertThat(byMetric.get(name)).as(name + " on /metrics").isNotEmpty()
                            .anySatisfy(s -> assertThat(s.value()).isFinite());
                }
                // (b) every trailstream metric served is documented
                assertThat(byMetric.keySet()).as("served but not in " + CATALOGUE).isSubsetOf(documented);
                // ... and what the input calls for is counted
                // The connector reports the record that is no object itself; the event without an eventID reaches the
                // topology, which sends it to the DLQ.
                assertThat(value(byMetric, "trailstream_connector_errors_total", "code", "not_an_object"))
                        .isEqualTo(1.0);
                assertThat(value(byMetric, "trailstream_dlq_records", "reason", "missing-field")).isEqualTo(1.0);
                assertThat(byMetric.get("trailstream_findings_total")).extracting(s -> s.labels().get("class"))
                        .contains("detection", "iam-analysis");
                assertThat(byMetric.get("trailstream_access_credentials")).anySatisfy(s ->
                        assertThat(s.value()).isPositive());
                assertThat(byMetric.get("trailstream_processing_latency_seconds")).anySatisfy(s -> {
                    assertThat(s.name()).isEqualTo("trailstream_processing_latency_seconds_count");
                    assertThat(s.value()).isPositive();
                });

                // (c) labels within their caps
                assertWithin(byMetric, "trailstream_dlq_records", "reason", Arrays.stream(
                        ParseResult.RejectCode.values()).map(ParseResult.RejectCode::code).collect(Collectors.toSet()));
                assertAtMost(byMetric, "trailstream_events_by_region", "region", StoreGauges.SHOWN_REGIONS + 1);
                assertAtMost(byMetric, "trailstream_events_by_error_code", "code", StoreGauges.SHOWN_ERROR_CODES + 1);
                assertWithin(byMetric, "trailstream_store_entries", "store", new HashSet<>(StoreGauges.STORE_NAMES));
                assertAtMost(byMetric, "trailstream_principal_top_events", "principal", TOP_PRINCIPALS);
                assertAtMost(byMetric, "trailstream_principal_top_distinct", "principal", TOP_PRINCIPALS);
                assertWithin(byMetric, "trailstream_principal_top_distinct", "dimension", Set.of("ip", "region",
                        "action"));
                assertThat(byMetric.get("trailstream_findings_latest_timestamp_seconds"))
                        .hasSizeBetween(1, FindingsMetrics.LATEST)
                        .allSatisfy(f -> assertThat(f.labels().get("title")).hasSizeLessThanOrEqualTo(
                                FindingsMetrics.MAX_TITLE));
                assertWithin(byMetric, "trailstream_findings_total", "class", Set.of("detection", "iam-analysis"));
                assertWithin(byMetric, "trailstream_findings_total", "activity", Set.of("create", "update", "close"));
                assertWithin(byMetric, "trailstream_findings_total", "severity", Set.of("informational", "low",
                        "medium", "high", "critical"));
                assertWithin(byMetric, "trailstream_access_credentials", "kind", Set.of("access-key",
                        "console-password"));
                assertWithin(byMetric, "trailstream_access_credentials", "state", Set.of("used", "unused", "stale"));
                assertAtMost(byMetric, "trailstream_access_top_unused_actions", "principal", 10);
            }
        }
    }

    /** A JSON file with two records that are no events, and a file cut short (a connector read error). */
    private static void writeBadFiles(Path logs) throws IOException {
        Path dir = Files.createDirectories(logs.resolve("bad"));
        Files.writeString(dir.resolve("bad-records.json"), "{\"Records\":[42,{\"eventVersion\":\"1.09\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/x\","
                + "\"accountId\":\"111122223333\"},\"eventTime\":\"2026-11-02T10:00:00Z\","
                + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\"}]}");
        Files.writeString(dir.resolve("broken.json"), "{\"Records\":[{\"eventVersion\": tru");
    }

    private List<Sample> awaitScrape(String url, Set<String> documented) throws Exception {
        Set<String> needed = new TreeSet<>(Set.of("trailstream_store_entries", "trailstream_events_by_region",
                "trailstream_dlq_records", "trailstream_findings_total", "trailstream_principal_top_distinct",
                "trailstream_access_principals", "trailstream_findings_latest_timestamp_seconds"));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<Sample> samples;
        do {
            String text = get(url);
            // Kept for whoever updates the catalogue: the exact names and labels as served.
            Files.writeString(Path.of("target/metrics-catalogue-scrape.txt"), text);
            samples = parse(text);
            Set<String> present = new HashSet<>();
            boolean iamCounted = false;
            double rejected = 0;
            double dlq = 0;
            for (Sample s : samples) {
                present.add(metricOf(s.name(), documented));
                iamCounted |= s.name().equals("trailstream_findings_total")
                        && "iam-analysis".equals(s.labels().get("class"));
                if (s.name().equals("trailstream_pipeline_events") && "rejected".equals(s.labels().get("outcome"))) {
                    rejected = s.value();
                }
                dlq += s.name().equals("trailstream_dlq_records") ? s.value() : 0;
            }
            // The pipeline totals are read at each scrape, the labelled gauges every 10 s: wait until they agree.
            if (present.containsAll(needed) && iamCounted && rejected > 0 && dlq == rejected) {
                return samples;
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        return samples;
    }

    private static Set<String> documented() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(Files.readString(CATALOGUE));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The documented name a sample belongs to: itself, or without a histogram's or timer's suffix. */
    private static String metricOf(String sample, Set<String> documented) {
        if (documented.contains(sample)) {
            return sample;
        }
        for (String suffix : SUFFIXES) {
            if (sample.endsWith(suffix) && documented.contains(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return sample;
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }

    private static double value(Map<String, List<Sample>> byMetric, String metric, String label, String value) {
        return byMetric.get(metric).stream().filter(s -> value.equals(s.labels().get(label)))
                .mapToDouble(Sample::value).sum();
    }

    private static void assertWithin(Map<String, List<Sample>> byMetric, String metric, String label,
                                     Set<String> allowed) {
        assertThat(byMetric.get(metric)).as(metric).isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels().get(label)).as(metric + " " + label).isIn(allowed));
    }

    private static void assertAtMost(Map<String, List<Sample>> byMetric, String metric, String label, int cap) {
        assertThat(byMetric.get(metric).stream().map(s -> s.labels().get(label)).distinct().count())
                .as(metric + " distinct " + label).isBetween(1L, (long) cap);
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
