package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.export.CommittedTopic;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.topology.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is counted and routed with its reason and origin, and the good events around it are kept. Runs against
 * a broker the test owns ({@code --bootstrap-servers}), so it can read the error topics after the run.
 */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static String event(String id, String type, String time) {
        String identity = type.equals("Root")
                ? "{\"type\":\"Root\",\"principalId\":\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:root\",\"accountId\":\"111122223333\"}"
                : "{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/dev\",\"accountId\":\"111122223333\",\"userName\":\"dev\"}";
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\","
                + (id == null ? "" : "\"eventID\":\"" + id + "\",")
                + "\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}";
    }

    @Test
    void routesBadInputWithReasonsAndKeepsTheGoodEvents() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Files.writeString(logs.resolve("good.json"), "{\"Records\":["
                + String.join(",", event("e-1", "IAMUser", "2026-11-02T10:00:00Z"),
                event("e-2", "Root", "2026-11-02T10:01:00Z"),
                event(null, "IAMUser", "2026-11-02T10:02:00Z"),
                event("e-4", "IAMUser", "yesterday"),
                "42") + "]}");
        Files.writeString(logs.resolve("broken.json"), "{\"Records\":[" + event("b-1", "IAMUser", "2026-11-02T11:00:00Z")
                + "," + event("b-2", "IAMUser", "2026-11-02T11:01:00Z") + ",{\"eventVersion\": tru");
        StringBuilder many = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < 400; i++) {
            many.append(i == 0 ? "" : ",").append(event("c-" + i, "IAMUser", "2026-11-02T12:00:00Z"));
        }
        byte[] gz = gzip(many.append("]}").toString());
        Files.write(logs.resolve("cut.json.gz"), Arrays.copyOf(gz, gz.length / 2));
        Files.createDirectories(logs.resolve("CloudTrail-Digest"));
        Files.writeString(logs.resolve("CloudTrail-Digest/111122223333_CloudTrail-Digest_us-east-1_x.json"), "{}");
        Files.writeString(logs.resolve("notes.txt"), "not a log");

        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0, 0)) {
            Path out = tmp.resolve("out");
            RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--bootstrap-servers",
                    broker.bootstrapServers(), "--state-dir", tmp.resolve("state").toString(), "--once", "--out",
                    out.toString(), "--partitions", "2");
            assertThat(result.rc()).as(result.err()).isZero();

            List<ConsumerRecord<String, byte[]>> errors = new ArrayList<>();
            CommittedTopic.forEach(broker.bootstrapServers(), Topics.INGEST_ERRORS, errors::add);
            Map<String, JsonNode> errorByObject = new TreeMap<>();
            for (var r : errors) {
                errorByObject.put(r.key(), JSON.readTree(r.value()));
            }
            assertThat(errorByObject).containsOnlyKeys("good.json", "broken.json", "cut.json.gz");
            assertThat(errorByObject.get("good.json").path("error").asText()).isEqualTo("not_an_object");
            assertThat(errorByObject.get("good.json").path("index").asInt()).isEqualTo(4);
            assertThat(errorByObject.get("broken.json").path("error").asText()).isEqualTo("invalid_json");
            assertThat(errorByObject.get("cut.json.gz").path("error").asText()).isEqualTo("truncated_gzip");
            errorByObject.values().forEach(e -> assertThat(e.path("reason").asText()).isNotBlank());
            // The truncated file's events before the cut are kept: as many as the index the fault was found at.
            long keptFromCut = errorByObject.get("cut.json.gz").path("index").asLong();
            assertThat(keptFromCut).isBetween(1L, 399L);

            List<ConsumerRecord<String, byte[]>> dlq = new ArrayList<>();
            CommittedTopic.forEach(broker.bootstrapServers(), Topics.EVENTS_DLQ, dlq::add);
            assertThat(dlq).hasSize(2);
            assertThat(dlq).extracting(r -> header(r, "trailstream.error.code"))
                    .containsExactlyInAnyOrder("missing-field", "invalid-field");
            assertThat(dlq).allSatisfy(r -> {
                assertThat(header(r, "trailstream.object")).isEqualTo("good.json");
                assertThat(header(r, "trailstream.error.reason")).isNotBlank();
            });

            JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
            long ingested = 4 + 2 + keptFromCut;
            assertThat(summary.path("events_ingested").asLong()).isEqualTo(ingested);
            assertThat(summary.path("events_unique").asLong()).isEqualTo(ingested - 2);
            assertThat(summary.path("events_rejected").asLong()).isEqualTo(3);
            assertThat(summary.path("files_read").asLong()).isEqualTo(1);
            assertThat(summary.path("files_rejected").asLong()).isEqualTo(2);
            assertThat(summary.path("files_skipped").asLong()).isEqualTo(2);
            assertThat(summary.path("ingest_errors").asLong()).isEqualTo(3);
            // The good events are ListUsers calls of an IAM user and of root: root usage is the one finding.
            assertThat(summary.path("findings").asLong()).isEqualTo(1);
            assertThat(summary.path("findings_by_rule").path(ExpectedFindings.ROOT_USAGE).asLong()).isEqualTo(1);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
