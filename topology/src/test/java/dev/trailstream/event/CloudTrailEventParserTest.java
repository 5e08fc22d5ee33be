package dev.trailstream.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.event.ParseResult.Parsed;
import dev.trailstream.event.ParseResult.RejectCode;
import dev.trailstream.event.ParseResult.Rejected;
import dev.trailstream.normalize.AccessLevel;
import dev.trailstream.normalize.EventAction;
import dev.trailstream.normalize.UserAgentFamily;
import dev.trailstream.topology.SharedData;
import dev.trailstream.topology.TestEvents;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CloudTrailEventParserTest {

    private static ParseResult parse(String json) {
        return CloudTrailEventParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static CloudTrailEvent event(String json) {
        ParseResult result = parse(json);
        assertThat(result).isInstanceOf(Parsed.class);
        return ((Parsed) result).event();
    }

    @Test
    void readsTheIamActionUserAgentFamilyAndEventClassOfADataEvent() {
        // A real S3 data event's shape (OTRF breach lab), trimmed: the stolen role listing a bucket through an endpoint.
        CloudTrailEvent event = event("""
                {"eventVersion":"1.08","eventID":"e1","eventTime":"2020-09-14T01:00:00Z",
                 "eventSource":"s3.amazonaws.com","eventName":"ListObjects","eventType":"AwsApiCall",
                 "userAgent":"[aws-cli/1.18.136 Python/3.8.5 Darwin/19.5.0 botocore/1.17.59]",
                 "managementEvent":false,"eventCategory":"Data","vpcEndpointId":"vpce-0a1b2c3d",
                 "readOnly":true,"recipientAccountId":"123456789123",
                 "userIdentity":{"type":"AssumedRole","accountId":"123456789123",
                  "arn":"arn:aws:sts::123456789123:assumed-role/BankingWAFRole/i-0317f6c6b66ae9c40",
                  "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::123456789123:role/BankingWAFRole",
                   "userName":"BankingWAFRole"}}}}""");

        assertThat(event.iamAction()).isEqualTo(new EventAction("s3:ListBucket", EventAction.Kind.CATALOGUED,
                AccessLevel.LIST));
        assertThat(event.action()).isEqualTo("s3:ListBucket");
        assertThat(event.eventName()).isEqualTo("ListObjects");
        assertThat(event.userAgentFamily()).isEqualTo(UserAgentFamily.CLI);
        assertThat(event.managementEvent()).isFalse();
        assertThat(event.eventCategory()).isEqualTo("Data");
        assertThat(event.vpcEndpointId()).isEqualTo("vpce-0a1b2c3d");
        assertThat(event.principal().sessionName()).isEqualTo("i-0317f6c6b66ae9c40");
    }

    @Test
    void stripsTheApiVersionFromLambdaEventNamesInTheAction() {
        CloudTrailEvent event = event(TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z")
                .call("lambda.amazonaws.com", "UpdateFunctionCode20150331v2").json());

        assertThat(event.action()).isEqualTo("lambda:UpdateFunctionCode");
        assertThat(event.iamAction().catalogued()).isTrue();
        assertThat(event.eventName()).isEqualTo("UpdateFunctionCode20150331v2");
    }

    @Test
    void marksConsoleSignInsAsNeedingNoPermission() {
        CloudTrailEvent event = event(TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z")
                .call("signin.amazonaws.com", "ConsoleLogin").set("eventType", "AwsConsoleSignIn")
                .set("userAgent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:124.0) Gecko/20100101 Firefox/124.0")
                .set("managementEvent", true).set("eventCategory", "Management").json());

        assertThat(event.iamAction().needsPermission()).isFalse();
        assertThat(event.action()).isEqualTo("signin:ConsoleLogin");
        assertThat(event.userAgentFamily()).isEqualTo(UserAgentFamily.CONSOLE);
        assertThat(event.managementEvent()).isTrue();
        assertThat(event.vpcEndpointId()).isNull();
    }

    @Test
    void leavesTheNewFieldsEmptyWhenAbsentOrOfTheWrongType() {
        CloudTrailEvent absent = event(TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z")
                .without("userAgent").json());
        assertThat(absent.userAgentFamily()).isEqualTo(UserAgentFamily.UNKNOWN);
        assertThat(absent.managementEvent()).isNull();
        assertThat(absent.eventCategory()).isNull();
        assertThat(absent.vpcEndpointId()).isNull();

        CloudTrailEvent odd = event(TestEvents.byUser("alice").id("e2").at("2024-08-02T08:00:00Z")
                .set("managementEvent", "sometimes").json()
                .replace("\"userAgent\":\"aws-cli/2.15.0\"", "\"userAgent\":42,\"eventCategory\":[\"Data\"]"));
        assertThat(odd.managementEvent()).isNull();
        assertThat(odd.eventCategory()).isNull();
        assertThat(odd.userAgentFamily()).isEqualTo(UserAgentFamily.UNKNOWN);
    }

    @Test
    void toleratesUnknownFieldsAndKeepsTheRawEvent() {
        String json = TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z")
                .set("someFutureField", "value").set("managementEvent", "true").json();

        CloudTrailEvent event = event(json);

        assertThat(event.raw().path("someFutureField").asText()).isEqualTo("value");
        assertThat(event.managementEvent()).isTrue();
        assertThat(event.action()).isEqualTo("iam:ListUsers");
    }

    @Test
    void parsesTheGoodEventsAroundAMalformedOne() {
        List<ParseResult> results = List.of(
                parse(TestEvents.byUser("alice").id("e1").at("2024-08-02T08:00:00Z").json()),
                parse("{\"eventID\":\"e2\",\"eventTime\":\"2024-08-02T08:01:00Z\",\"eventSource\":"),
                parse(TestEvents.byUser("bob").id("e3").at("2024-08-02T08:02:00Z")
                        .call("monitoring.amazonaws.com", "DeleteAlarms").set("vpcEndpointId", "vpce-1").json()));

        assertThat(results.get(0)).isInstanceOf(Parsed.class);
        assertThat(((Rejected) results.get(1)).code()).isEqualTo(RejectCode.INVALID_JSON);
        CloudTrailEvent third = ((Parsed) results.get(2)).event();
        assertThat(third.action()).isEqualTo("cloudwatch:DeleteAlarms");
        assertThat(third.vpcEndpointId()).isEqualTo("vpce-1");
    }

    @Test
    void givesEveryStratusDetonationEventACataloguedActionOrNoneNeeded() {
        List<JsonNode> events = SharedData.stratusEvents();
        assertThat(events).hasSize(310);
        for (JsonNode json : events) {
            ParseResult result = CloudTrailEventParser.parse(json.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(result).as(json.path("eventID").asText()).isInstanceOf(Parsed.class);
            EventAction action = ((Parsed) result).event().iamAction();
            assertThat(action.kind()).as(action.action()).isNotEqualTo(EventAction.Kind.DERIVED);
        }
    }
}
