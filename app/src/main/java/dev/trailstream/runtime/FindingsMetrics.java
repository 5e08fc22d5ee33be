package dev.trailstream.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.export.CommittedTopic;
import dev.trailstream.finding.DetectionFinding;
import dev.trailstream.finding.FindingActivity;
import dev.trailstream.finding.IamAnalysisFinding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Metrics of what is on {@code trailstream.findings}, read by a small background consumer:
 * {@code trailstream.findings{class,analytic,severity,tactic,activity}} (a counter of finding records) and
 * {@code trailstream.findings.latest.timestamp{analytic,severity,principal,account,title}} (the time of each of the
 * {@value #LATEST} latest open findings, for a "latest findings" table).
 *
 * <p>The consumer reads committed records only (an aborted transaction's findings never happened), is assigned every
 * partition (no consumer group: nothing to coordinate, nothing committed) and starts from the beginning at each start,
 * so the counts describe the whole topic as retained: every instance of the application reports the same totals,
 * which a dashboard takes with {@code max without(instance)}, never a sum.
 *
 * <p>Every label is bounded: class (2), activity (3), severity (OCSF's 7), tactic (ATT&amp;CK's 14 and "none"),
 * analytic (the rules, anomaly kinds and access analytics the application runs); the latest-findings gauge has at most
 * {@value #LATEST} series.
 */
final class FindingsMetrics implements AutoCloseable {
    /** Findings in the latest-findings gauge. */
    static final int LATEST = 20;
    /** Longest title shown; a risky grant's lists its wildcards, which can run to hundreds of characters. */
    static final int MAX_TITLE = 120;
    private static final Logger LOG = LoggerFactory.getLogger(FindingsMetrics.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeterRegistry registry;
    private final MultiGauge latestGauge;
    private final Latest latest = new Latest(LATEST);
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Thread thread;
    private volatile boolean closed;

    private FindingsMetrics(String bootstrapServers, String topic, MeterRegistry registry) {
        this.registry = registry;
        this.topic = topic;
        this.latestGauge = MultiGauge.builder("trailstream.findings.latest.timestamp")
                .description("Time of each of the " + LATEST + " latest open findings on trailstream.findings")
                .baseUnit("seconds")
                .register(registry);
        this.consumer = CommittedTopic.consumer(bootstrapServers);
        this.thread = new Thread(this::run, "trailstream-findings-metrics");
        thread.setDaemon(true);
    }

    /** Starts reading {@code topic} from its beginning; {@link #close()} stops it. */
    static FindingsMetrics start(String bootstrapServers, String topic, MeterRegistry registry) {
        FindingsMetrics metrics = new FindingsMetrics(bootstrapServers, topic, registry);
        metrics.thread.start();
        return metrics;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!closed) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofSeconds(1));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    add(record.key(), record.value());
                }
                latestGauge.register(latestRows(latest.findings()), true);
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer up
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("findings metrics stopped: {}", e.toString());
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Counts one record of the topic and keeps it if it is among the latest. */
    void add(String key, byte[] value) {
        Finding finding = parse(key, value);
        Counter.builder("trailstream.findings")
                .description("Finding records on trailstream.findings (read committed, from the beginning of the"
                        + " topic), by OCSF class, analytic, severity, ATT&CK tactic and activity")
                .tags(finding.counterTags())
                .register(registry)
                .increment();
        latest.add(finding);
    }

    /** The fields of a finding the metrics use; a record that is not a finding counts as class {@code other}. */
    record Finding(String uid, String findingClass, String analytic, String severity, String tactic,
                   String activity, String principal, String account, String title, long timeMs) {
        Tags counterTags() {
            return Tags.of("class", findingClass, "analytic", analytic, "severity", severity, "tactic", tactic,
                    "activity", activity);
        }

        Tags latestTags() {
            return Tags.of("analytic", analytic, "severity", severity, "principal", principal, "account", account,
                    "title", title);
        }
    }

    static Finding parse(String key, byte[] value) {
        JsonNode node;
        try {
            node = value == null ? JSON.missingNode() : JSON.readTree(value);
        } catch (IOException e) {
            node = JSON.missingNode();
        }
        int classUid = node.path("class_uid").asInt();
        String findingClass = classUid == DetectionFinding.CLASS_UID ? "detection"
                : classUid == IamAnalysisFinding.CLASS_UID ? "iam-analysis" : "other";
        JsonNode info = node.path("finding_info");
        String severity = node.path("severity").asText("unknown").toLowerCase(Locale.ROOT);
        JsonNode tactic = node.path("attacks").path(0).path("tactic");
        String tacticName = tactic.hasNonNull("name") ? tactic.get("name").asText()
                : tactic.hasNonNull("uid") ? tactic.get("uid").asText() : "none";
        int activityId = node.path("activity_id").asInt();
        String activity = activityId == FindingActivity.CREATE.id() ? "create"
                : activityId == FindingActivity.UPDATE.id() ? "update"
                : activityId == FindingActivity.CLOSE.id() ? "close" : "other";
        String account = node.path("cloud").path("account").path("uid").asText("");
        return new Finding(info.path("uid").asText(""), findingClass, info.path("analytic").path("uid").asText("unknown"),
                severity.isEmpty() ? "unknown" : severity, tacticName, activity, key == null ? "" : key,
                account, shortened(info.path("title").asText("")), node.path("time").asLong());
    }

    private static String shortened(String title) {
        return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…";
    }

    static List<MultiGauge.Row<?>> latestRows(List<Finding> findings) {
        Map<Tags, Long> newest = new HashMap<>();
        for (Finding f : findings) {
            // Two findings with the same labels (an analytic firing twice for a principal) make one series: the newer.
            newest.merge(f.latestTags(), f.timeMs(), Math::max);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        newest.forEach((tags, ms) -> rows.add(MultiGauge.Row.of(tags, ms / 1000.0)));
        return rows;
    }

    /**
     * The {@code n} latest open findings by time, one entry per finding uid (its latest record); a Close removes its
     * finding. Holds n findings, never the topic.
     */
    static final class Latest {
        private final int n;
        private final Map<String, Finding> byUid = new HashMap<>();

        Latest(int n) {
            this.n = n;
        }

        synchronized void add(Finding finding) {
            if (finding.findingClass().equals("other") || finding.uid().isEmpty()) {
                return;
            }
            if (finding.activity().equals("close")) {
                byUid.remove(finding.uid());
                return;
            }
            Finding before = byUid.get(finding.uid());
            if (before != null && before.timeMs() > finding.timeMs()) {
                return;
            }
            byUid.put(finding.uid(), finding);
            if (byUid.size() > n) {
                Finding oldest = byUid.values().stream().min(ORDER.reversed()).orElseThrow();
                byUid.remove(oldest.uid());
            }
        }

        /** Newest first. */
        synchronized List<Finding> findings() {
            List<Finding> list = new ArrayList<>(byUid.values());
            list.sort(ORDER);
            return list;
        }

        private static final Comparator<Finding> ORDER = Comparator.comparingLong(Finding::timeMs).reversed()
                .thenComparing(Finding::uid);
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
