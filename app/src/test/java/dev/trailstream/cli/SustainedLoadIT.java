package dev.trailstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.Principals;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.runtime.Ports;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watching {@code trailstream run} fed a steady stream for a minute and a half: events go straight onto
 * {@code cloudtrail.events} (as the connector writes them: key the principal id, value the event's JSON) at a fixed
 * rate, from principals that keep changing, in event time that runs at four hours per wall-clock second, so that the
 * hourly activity windows pass their 8-day retention during the run. Sampled every five seconds: the group's lag
 * (from the broker), the heap after the last collection ({@code /metrics}), the RSS ({@code /proc}).
 *
 * <p>What a leak or a pipeline falling behind would break, and noise would not: the lag in the last third stays
 * within ten seconds' worth of input and not above three times the first third's; the heap after collection stays
 * under {@link #HEAP_CEILING_MB}; the RSS in the last third stays within a margin of the middle third's; everything
 * produced is consumed, nothing rejected. State stays bounded as principals churn: run with a principal retention of
 * {@link #RETENTION} (the run covers ~15 days of event time), the profile store ends with fewer profiles than
 * principals ever seen, and at most those active within the last retention plus the day between two eviction scans
 * ({@code IdlePrincipals}), all derived from what was produced.
 */
class SustainedLoadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Events per second: the pace of a busy organisation's trail, a tenth of what the pipeline sustains here. */
    static final int RATE = 2_500;
    /** 90 s in every build; {@code -Dload.seconds=N} for the longer runs in BENCHMARKS.md. */
    static final Duration DURATION = Duration.ofSeconds(Long.getLong("load.seconds", 90));
    /** Event time per event: 4 h of event time per wall-clock second at {@link #RATE}. */
    static final long EVENT_TIME_STEP_MS = 4 * 3_600_000L / RATE;
    /** A new principal every this many events (three in four events come from churning principals). */
    static final int CHURN_EVERY = 1_500;
    static final int STEADY_PRINCIPALS = 20;
    /** Short enough that most churning principals go during the run: a new one comes every 2.4 h of event time. */
    static final Duration RETENTION = Duration.ofDays(2);
    /** How often each processor scans for idle principals, in event time ({@code IdlePrincipals}). */
    static final Duration SCAN_INTERVAL = Duration.ofDays(1);
    /** The run's -Xmx is 640 MB; measured at most ~130 MB after collection (the 64 MB record cache included). */
    static final double HEAP_CEILING_MB = 384;
    private static final Pattern LIVE_HEAP = Pattern.compile("(?m)^jvm_gc_live_data_size_bytes\\{[^}]*} ([0-9.E+]+)$");
    private static final Pattern ENTRIES = Pattern.compile(
            "(?m)^trailstream_store_entries\\{[^}]*store=\"([^\"]+)\"[^}]*} ([0-9.E+]+)$");
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    private static final String APPLICATION = "load";
    private static final Pattern EVICTED = Pattern.compile(
            "(?m)^trailstream_principals_evicted\\{[^}]*} ([0-9.E+]+)$");
    private static final Pattern REJECTED = Pattern.compile(
            "(?m)^trailstream_pipeline_events\\{[^}]*outcome=\"rejected\"[^}]*} ([0-9.E+]+)$");

    @TempDir
    Path tmp;

    /**
     * One look at the run: the group's lag (events on the topic not yet committed as processed, exact: read from the
     * broker), the heap after the last collection, the RSS, and RocksDB's estimates of the profile and hourly stores'
     * keys (estimates count overwritten keys not yet compacted: reported, not asserted).
     */
    record Sample(double seconds, long produced, long lag, double liveHeapMb, double rssMb, double profilesEstimate,
                  double hourlyEstimate) {
    }

    @Test
    void keepsUpWithASteadyStreamOfChurningPrincipalsInBoundedMemory() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), Ports.free(), Ports.free())) {
            int port = Ports.free();
            RunProcess run = RunProcess.start("load", tmp, "640m", port, List.of("run",
                    "--bootstrap-servers", broker.bootstrapServers(), "--application-id", APPLICATION, "--no-connect",
                    "--state-dir", tmp.resolve("state").toString(), "--http-port", String.valueOf(port),
                    "--partitions", "2", "--principal-retention", RETENTION.toDays() + "d"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                awaitRunning(run);
                List<Sample> samples = new ArrayList<>();
                Map<String, Instant> principals = new HashMap<>();
                long produced = produce(broker.bootstrapServers(), run, admin, samples, principals);
                // Then it drains: everything produced is consumed.
                double consumed = run.awaitConsumedAbove(produced - 1, Duration.ofSeconds(120));
                Map<String, Double> entries = entries(run.get("/metrics").orElse(""));
                String report = "rate " + RATE + "/s for " + DURATION + ", produced " + produced + ", consumed "
                        + (long) consumed + ", principals " + principals.size() + ", final entries " + entries
                        + "; samples:\n" + String.join("\n", samples.stream().map(Sample::toString).toList());
                System.out.println("SustainedLoadIT " + report);
                assertThat(consumed).as(report + run.tails()).isEqualTo(produced);
                assertThat(value(REJECTED, run.get("/metrics").orElse(""))).as(report).hasValue(0.0);

                List<Sample> first = third(samples, 0);
                List<Sample> middle = third(samples, 1);
                List<Sample> last = third(samples, 2);
                // Lag: the last third within ten seconds of input and no more than three times the first third's.
                double firstLag = max(first, Sample::lag);
                double lastLag = max(last, Sample::lag);
                assertThat(lastLag).as("lag in the last third; " + report)
                        .isLessThanOrEqualTo(Math.max(10.0 * RATE, 3 * firstLag));
                // Memory: what survives a collection stays well under the heap; the RSS levels off.
                assertThat(max(samples, Sample::liveHeapMb)).as("live heap (MB); " + report)
                        .isLessThanOrEqualTo(HEAP_CEILING_MB);
                assertThat(max(last, Sample::rssMb)).as("RSS (MB) in the last third; " + report)
                        .isLessThanOrEqualTo(1.3 * max(middle, Sample::rssMb) + 128);
                // State: bounded by the principals active lately, not by all ever seen (the API counts profiles;
                // RocksDB only estimates). Each task's clock is the newest event time it has read and it last
                // scanned at most a scan interval before that: whoever was last active before newest - retention -
                // interval is gone. An hour of slack for the two partitions' clocks differing by a few events.
                Instant newest = principals.values().stream().max(Instant::compareTo).orElseThrow();
                Instant keptFrom = newest.minus(RETENTION).minus(SCAN_INTERVAL).minus(Duration.ofHours(1));
                long recent = principals.values().stream().filter(l -> !l.isBefore(keptFrom)).count();
                String list = run.get("/api/principals?limit=1").orElse("");
                Matcher total = TOTAL.matcher(list);
                assertThat(total.find()).as(list).isTrue();
                long profiles = Long.parseLong(total.group(1));
                String state = "profiles " + profiles + ", principals ever seen " + principals.size()
                        + ", active since " + keptFrom + " " + recent + ", evicted "
                        + value(EVICTED, run.get("/metrics").orElse("")) + "; ";
                System.out.println("SustainedLoadIT " + state);
                assertThat(profiles).as(state + report).isLessThan(principals.size()).isLessThanOrEqualTo(recent);
                // Everyone active within the retention itself is still there.
                Instant surelyKept = newest.minus(RETENTION).plus(Duration.ofHours(1));
                assertThat(profiles).as(state + report)
                        .isGreaterThanOrEqualTo(principals.values().stream().filter(l -> l.isAfter(surelyKept)).count());
            } finally {
                run.stop();
            }
        }
    }

    /**
     * Produces at {@link #RATE} for {@link #DURATION}, sampling the run every five seconds; the count produced.
     * {@code principals} gets each principal's last event time (event times only grow).
     */
    private static long produce(String bootstrap, RunProcess run, Admin admin, List<Sample> samples,
                                Map<String, Instant> principals) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        String topic = Topics.defaults().events().name();
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        AtomicLong failures = new AtomicLong();
        long produced = 0;
        long began = System.nanoTime();
        long nextSample = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            while (true) {
                long elapsedNanos = System.nanoTime() - began;
                if (elapsedNanos >= DURATION.toNanos()) {
                    break;
                }
                long due = elapsedNanos * RATE / 1_000_000_000L;
                for (; produced < due; produced++) {
                    ObjectNode event = event(produced, start);
                    Principal principal = Principals.resolve(event).orElseThrow();
                    principals.put(principal.id(), Instant.parse(event.get("eventTime").asText()));
                    producer.send(new ProducerRecord<>(topic, principal.id(), JSON.writeValueAsBytes(event)),
                            (metadata, e) -> {
                                if (e != null) {
                                    failures.incrementAndGet();
                                }
                            });
                }
                if (elapsedNanos >= nextSample) {
                    samples.add(sample(run, admin, elapsedNanos / 1e9, produced));
                    nextSample += 5_000_000_000L;
                }
                Thread.sleep(10);
            }
            producer.flush();
        }
        assertThat(failures.get()).as("failed sends").isZero();
        return produced;
    }

    /**
     * Event {@code i}: one in four from one of {@link #STEADY_PRINCIPALS} long-lived users, the rest from a user who
     * is replaced every {@link #CHURN_EVERY} events; a handful of read and write calls, a few source addresses.
     */
    static ObjectNode event(long i, Instant start) {
        String user = i % 4 == 0 ? "steady-" + ((i / 4) % STEADY_PRINCIPALS) : "churn-" + (i / CHURN_EVERY);
        String account = "210987654321";
        String[] calls = {"GetObject", "PutObject", "ListBuckets", "DescribeInstances", "GetCallerIdentity"};
        String[] sources = {"s3", "s3", "s3", "ec2", "sts"};
        int call = (int) ((i * 7) % calls.length);
        ObjectNode event = JSON.createObjectNode();
        event.put("eventVersion", "1.09");
        ObjectNode identity = event.putObject("userIdentity");
        identity.put("type", "IAMUser");
        identity.put("principalId", "AIDA" + Integer.toHexString(user.hashCode()).toUpperCase());
        identity.put("arn", "arn:aws:iam::" + account + ":user/" + user);
        identity.put("accountId", account);
        identity.put("accessKeyId", "ASIA" + Long.toHexString(i / 100).toUpperCase());
        identity.put("userName", user);
        event.put("eventTime", start.plusMillis(i * EVENT_TIME_STEP_MS).toString());
        event.put("eventSource", sources[call] + ".amazonaws.com");
        event.put("eventName", calls[call]);
        event.put("awsRegion", "eu-west-1");
        event.put("sourceIPAddress", "198.51.100." + (i % 7));
        event.put("userAgent", "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64");
        event.putNull("requestParameters");
        event.putNull("responseElements");
        event.put("requestID", new UUID(i, 7).toString());
        event.put("eventID", new UUID(i, 11).toString());
        event.put("readOnly", !calls[call].startsWith("Put"));
        event.put("eventType", "AwsApiCall");
        event.put("managementEvent", true);
        event.put("recipientAccountId", account);
        event.put("eventCategory", "Management");
        return event;
    }

    private static Sample sample(RunProcess run, Admin admin, double seconds, long produced) throws Exception {
        String metrics = run.get("/metrics").orElse("");
        Map<String, Double> entries = entries(metrics);
        return new Sample(Math.round(seconds), produced, lag(admin), value(LIVE_HEAP, metrics).orElse(0) / 1_048_576,
                rssMb(run.pid()), entries.getOrDefault(Stores.PRINCIPAL_PROFILES, -1.0),
                entries.getOrDefault(Stores.PRINCIPAL_ACTIVITY_HOURLY, -1.0));
    }

    /** Records on {@code cloudtrail.events} after the application's committed offsets, over all partitions. */
    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        String topic = Topics.defaults().events().name();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var partition : admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions()) {
            latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
        }
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private static Map<String, Double> entries(String metrics) {
        Map<String, Double> entries = new TreeMap<>();
        Matcher m = ENTRIES.matcher(metrics);
        while (m.find()) {
            entries.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return entries;
    }

    private static OptionalDouble value(Pattern pattern, String metrics) {
        Matcher m = pattern.matcher(metrics);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    /** The process's resident set, from {@code /proc}; 0 where there is none. */
    private static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // no /proc: RSS is not compared (0 everywhere)
        }
        return 0;
    }

    private static void awaitRunning(RunProcess run) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline && run.isAlive()) {
            Optional<String> metrics = run.get("/metrics");
            if (metrics.isPresent() && metrics.get().contains("trailstream_streams_running{")
                    && metrics.get().matches("(?s).*trailstream_streams_running\\{[^}]*} 1\\.0.*")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("streams not running within 180 s; " + run.tails());
    }

    private static List<Sample> third(List<Sample> samples, int which) {
        int n = samples.size();
        return samples.subList(which * n / 3, Math.max(which * n / 3 + 1, (which + 1) * n / 3));
    }

    private static double max(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).max().orElse(0);
    }
}
