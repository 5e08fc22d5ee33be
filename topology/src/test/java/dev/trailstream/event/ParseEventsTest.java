package dev.trailstream.event;

import dev.trailstream.topology.PipelineDriver;
import dev.trailstream.topology.PipelineStats;
import dev.trailstream.topology.TestEvents;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static dev.trailstream.topology.TestEvents.ALICE;
import static dev.trailstream.topology.TestEvents.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

class ParseEventsTest {

    @Test
    void sendsMalformedEventsToTheDlqWithTheirReason() {
        String noEventId = TestEvents.byUser("alice").at("2024-08-02T08:00:00Z").json();
        String zonelessTime = TestEvents.byUser("alice").id("e3").at("2024-08-02 08:00:00").json();
        String numericName = TestEvents.byUser("alice").id("e4").at("2024-08-02T08:00:00Z").json()
                .replace("\"eventName\":\"ListUsers\"", "\"eventName\":42");
        String noIdentity = TestEvents.byUser("alice").id("e5").at("2024-08-02T08:00:00Z").without("userIdentity")
                .json();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z").json());
            pipeline.send(ALICE, "{\"eventID\": \"e2\", truncated");
            pipeline.send(ALICE, "[1, 2]");
            pipeline.send(null, noEventId);
            pipeline.send(ALICE, zonelessTime);
            pipeline.send(ALICE, numericName);
            pipeline.send(ALICE, noIdentity);

            List<TestRecord<String, byte[]>> dlq = pipeline.dlq();
            assertThat(dlq).extracting(record -> header(record, ParseEvents.ERROR_CODE)).containsExactly(
                    "invalid-json", "not-an-object", "missing-field", "invalid-field", "invalid-field", "no-principal");
            List<String> reasons = dlq.stream().map(record -> header(record, ParseEvents.ERROR_REASON)).toList();
            assertThat(reasons.get(0)).startsWith("invalid JSON: ");
            assertThat(reasons.subList(1, reasons.size())).containsExactly(
                    "expected a JSON object, found ARRAY",
                    "eventID is missing",
                    "eventTime is not an ISO-8601 instant: 2024-08-02 08:00:00",
                    "eventName is not a non-empty string: 42",
                    "userIdentity does not name a principal");

            TestRecord<String, byte[]> missingId = dlq.get(2);
            assertThat(new String(missingId.value(), StandardCharsets.UTF_8)).isEqualTo(noEventId);
            assertThat(missingId.key()).isNull();
            assertThat(header(missingId, "trailstream.object")).isEqualTo("s3://trail/AWSLogs/object.json.gz");
            assertThat(header(missingId, "trailstream.index")).isEqualTo("3");
            assertThat(missingId.getRecordTime()).isEqualTo(PipelineDriver.INGEST_TIME.plusMillis(3));

            assertThat(pipeline.stats())
                    .containsEntry(PipelineStats.EVENTS_CONSUMED, 7L)
                    .containsEntry(PipelineStats.EVENTS_REJECTED, 6L)
                    .containsEntry(PipelineStats.EVENTS_UNIQUE, 1L);
        }
    }

    @Test
    void replacesTheErrorHeadersOfARecordReplayedFromTheDlq() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, "not json");
            TestRecord<String, byte[]> first = pipeline.dlq().get(0);

            pipeline.send(ALICE, first.value(), first.headers());

            TestRecord<String, byte[]> again = pipeline.dlq().get(0);
            assertThat(again.headers().headers(ParseEvents.ERROR_CODE)).hasSize(1);
            assertThat(again.headers().headers(ParseEvents.ERROR_REASON)).hasSize(1);
        }
    }

    @Test
    void restampsEachEventWithItsEventTimeRatherThanTheIngestTime() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ROOT, TestEvents.byRoot().id("r1").at("2024-08-02T08:00:00.250Z").json());

            assertThat(pipeline.findingRecords()).singleElement()
                    .extracting(TestRecord::getRecordTime)
                    .isEqualTo(Instant.parse("2024-08-02T08:00:00.250Z"));
        }
    }

    @Test
    void rekeysAnEventWhoseKeyIsNotItsPrincipalSoItsStateStaysTogether() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.send(ALICE, TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z").json());
            pipeline.send("someone-else", TestEvents.byUser("alice").id("e2").at("2024-08-02T08:01:00Z").json());
            pipeline.send(null, TestEvents.byUser("alice").id("e3").at("2024-08-02T08:02:00Z").json());
            pipeline.send(ALICE, "{}");

            assertThat(pipeline.profile(ALICE).events()).isEqualTo(3);
            assertThat(pipeline.profile("someone-else")).isNull();
            assertThat(pipeline.stats()).containsEntry(PipelineStats.EVENTS_CONSUMED, 4L)
                    .containsEntry(PipelineStats.EVENTS_REJECTED, 1L);
        }
    }

    @Test
    void readsTheFieldsRulesAndProfilesNeed() {
        String json = """
                {"eventID":"e1","eventTime":"2024-08-02T08:00:00+02:00","eventSource":"s3.amazonaws.com",
                 "eventName":"GetObject","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.9","readOnly":true,
                 "errorCode":"AccessDenied","eventType":"AwsApiCall","recipientAccountId":"111122223333",
                 "userIdentity":{"type":"AssumedRole","accountId":"111122223333","accessKeyId":"ASIA1",
                  "arn":"arn:aws:sts::111122223333:assumed-role/app/i-1","invokedBy":"athena.amazonaws.com",
                  "sessionContext":{"attributes":{"mfaAuthenticated":"false"},
                   "sessionIssuer":{"arn":"arn:aws:iam::111122223333:role/app","userName":"app"}}}}""";

        CloudTrailEvent event = ((ParseResult.Parsed) CloudTrailEventParser.parse(
                json.getBytes(StandardCharsets.UTF_8))).event();

        assertThat(event.eventTime()).isEqualTo(Instant.parse("2024-08-02T06:00:00Z"));
        assertThat(event.principal().id()).isEqualTo("arn:aws:iam::111122223333:role/app");
        assertThat(event.action()).isEqualTo("s3:GetObject");
        assertThat(event.readOnly()).isTrue();
        assertThat(event.failed()).isTrue();
        assertThat(event.mfaUsed()).isFalse();
        assertThat(event.accessKeyId()).isEqualTo("ASIA1");
        assertThat(event.invokedBy()).isEqualTo("athena.amazonaws.com");
        assertThat(event.raw().path("requestParameters").isMissingNode()).isTrue();
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
