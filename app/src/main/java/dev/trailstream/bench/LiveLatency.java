package dev.trailstream.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.event.ParseEvents;
import dev.trailstream.export.CommittedTopic;
import dev.trailstream.runtime.Pipeline;
import dev.trailstream.runtime.RunOptions;
import dev.trailstream.topology.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Latency outside a replay: the pipeline runs in watch mode on an empty folder, and CloudTrail files trickle in, one
 * every {@code interval}, each with a few ordinary events and one that a rule flags (an access key created for
 * another user, by a different user in each file, so that each file opens a finding of its own). For every such
 * finding a read-committed consumer (a SIEM) measures two delays:
 * <ul>
 *   <li><b>arrival → finding</b>: from the triggering event's record on {@code cloudtrail.events} (its timestamp,
 *       carried as header {@value ParseEvents#INGEST_TIME}) to the finding being readable. What the topology adds:
 *       processing plus the exactly-once commit interval.</li>
 *   <li><b>file → finding</b>: from the file appearing in the folder. Adds the connector's listing interval (set to
 *       one second here; ten by default) and its own transaction.</li>
 * </ul>
 */
final class LiveLatency {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String ACCOUNT = "111122223333";
    static final long LISTING_INTERVAL_MS = 1_000;

    /** The measured delays, in ms, each with its quantiles. */
    record Result(int files, int findings, List<Long> arrivalToFinding, List<Long> fileToFinding) {
        long arrival(double q) {
            return quantile(arrivalToFinding, q);
        }

        long file(double q) {
            return quantile(fileToFinding, q);
        }
    }

    private LiveLatency() {
    }

    static Result measure(Path work, int partitions, int files, Duration interval) throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        Path day = Files.createDirectories(source.resolve("AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/2026/12/05"));
        Topics topics = Topics.defaults();
        RunOptions options = new RunOptions(Map.of("source", source.toAbsolutePath().toString(),
                "poll.interval.ms", Long.toString(LISTING_INTERVAL_MS)), Optional.empty(), work.resolve("state"),
                false, Optional.empty(), true, "trailstream-live", partitions, "127.0.0.1", -1, 0, 0, 0);
        Map<String, Long> writtenAt = new HashMap<>();   // triggering eventID → when its file appeared
        List<Long> arrival = Collections.synchronizedList(new ArrayList<>());
        List<Long> file = Collections.synchronizedList(new ArrayList<>());
        try (Pipeline pipeline = Pipeline.start(options);
             KafkaConsumer<String, byte[]> consumer = CommittedTopic.consumer(pipeline.bootstrapServers())) {
            List<TopicPartition> parts = consumer.partitionsFor(topics.findings().name(), Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Instant eventTime = Instant.now().minusSeconds(60);
            long next = System.currentTimeMillis();
            int seen = 0;
            long deadline = Long.MAX_VALUE;
            int written = 0;
            while (seen < files && System.currentTimeMillis() < deadline) {
                if (written < files && System.currentTimeMillis() >= next) {
                    String trigger = write(work.resolve("incoming"), day, written, eventTime.plusSeconds(written));
                    synchronized (writtenAt) {
                        writtenAt.put(trigger, System.currentTimeMillis());
                    }
                    written++;
                    next += interval.toMillis();
                    if (written == files) {
                        deadline = System.currentTimeMillis() + 60_000;
                    }
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    JsonNode finding = JSON.readTree(record.value());
                    if (finding.path("activity_id").asInt() != 1) {
                        continue;
                    }
                    String first = finding.path("finding_info").path("related_events").path(0).path("uid").asText();
                    Long at;
                    synchronized (writtenAt) {
                        at = writtenAt.get(first);
                    }
                    if (at == null) {
                        continue;
                    }
                    seen++;
                    file.add(now - at);
                    Header ingest = record.headers().lastHeader(ParseEvents.INGEST_TIME);
                    if (ingest != null) {
                        arrival.add(now - Long.parseLong(new String(ingest.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
            return new Result(files, seen, List.copyOf(arrival), List.copyOf(file));
        }
    }

    /**
     * Writes file {@code n}: nine ordinary calls and one {@code CreateAccessKey} by user {@code live-n} for another
     * user. Written aside and moved in, so that the connector never lists half a file. Returns the trigger's eventID.
     */
    private static String write(Path work, Path day, int n, Instant time) throws IOException {
        String name = ACCOUNT + "_CloudTrail_us-east-1_" + KEY_TIME.format(time) + "_live" + String.format("%05d", n)
                + ".json.gz";
        Path tmp = Files.createDirectories(work).resolve(name + ".tmp");
        String trigger = "live-trigger-" + n;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp));
             JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            for (int i = 0; i < 10; i++) {
                boolean last = i == 9;
                g.writeStartObject();
                g.writeStringField("eventVersion", "1.08");
                g.writeObjectFieldStart("userIdentity");
                g.writeStringField("type", "IAMUser");
                g.writeStringField("principalId", "AIDALIVE" + n);
                g.writeStringField("arn", "arn:aws:iam::" + ACCOUNT + ":user/live-" + n);
                g.writeStringField("accountId", ACCOUNT);
                g.writeStringField("accessKeyId", "AKIALIVE" + n);
                g.writeStringField("userName", "live-" + n);
                g.writeEndObject();
                g.writeStringField("eventTime", time.plusMillis(i).toString().replaceAll("\\.\\d+Z$", "Z"));
                g.writeStringField("eventSource", "iam.amazonaws.com");
                g.writeStringField("eventName", last ? "CreateAccessKey" : "ListUsers");
                g.writeStringField("awsRegion", "us-east-1");
                g.writeStringField("sourceIPAddress", "198.51.100.7");
                g.writeStringField("userAgent", "aws-cli/2.15.0");
                if (last) {
                    g.writeObjectFieldStart("requestParameters");
                    g.writeStringField("userName", "someone-else");
                    g.writeEndObject();
                }
                g.writeStringField("eventID", last ? trigger : "live-" + n + "-" + i);
                g.writeStringField("eventType", "AwsApiCall");
                g.writeStringField("recipientAccountId", ACCOUNT);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        Files.move(tmp, day.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return trigger;
    }

    static long quantile(List<Long> values, double q) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(q * sorted.size()) - 1)));
    }
}
