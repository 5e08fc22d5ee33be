package dev.trailstream.event;

import dev.trailstream.event.ParseResult.Parsed;
import dev.trailstream.event.ParseResult.RejectCode;
import dev.trailstream.event.ParseResult.Rejected;
import dev.trailstream.topology.TestEvents;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The read constraints of the event parser: what a record may hold before it is rejected, and how it is told. */
class EventJsonReaderTest {

    /** A valid event with {@code field} set to {@code value} (raw JSON). */
    private static byte[] eventWith(String field, String value) {
        String event = TestEvents.byUser("alice").id("e1").at("2026-11-02T10:00:00Z")
                .call("iam.amazonaws.com", "ListUsers").json();
        return ("{\"" + field + "\":" + value + "," + event.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    private static String nested(int depth) {
        // The event itself is one level: depth - 1 arrays inside it make a record nesting {@code depth} deep.
        return "[".repeat(depth - 1) + "]".repeat(depth - 1);
    }

    @Test
    void parsesAnEventNestedUpToTheLimit() {
        assertThat(CloudTrailEventParser.parse(eventWith("requestParameters", nested(100))))
                .isInstanceOf(Parsed.class);
    }

    @Test
    void rejectsAnEventNestedDeeperThanTheLimitNamingIt() {
        ParseResult result = CloudTrailEventParser.parse(eventWith("requestParameters", nested(101)));

        assertThat(result).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(RejectCode.INVALID_JSON);
            assertThat(rejected.reason()).contains("nesting depth").contains("(100")
                    .contains("getMaxNestingDepth");
        });
    }

    @Test
    void rejectsANumberLongerThanTheLimitNamingIt() {
        assertThat(CloudTrailEventParser.parse(eventWith("bytesTransferredIn", "7".repeat(1000))))
                .isInstanceOf(Parsed.class);

        ParseResult result = CloudTrailEventParser.parse(eventWith("bytesTransferredIn", "7".repeat(1001)));

        assertThat(result).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(RejectCode.INVALID_JSON);
            assertThat(rejected.reason()).contains("Number value length").contains("getMaxNumberLength");
        });
    }

    @Test
    void acceptsStringsLongerThanAnyRecordTheConnectorPassesByDefault() {
        String twoMebibytes = "\"" + "x".repeat(2 << 20) + "\"";

        assertThat(CloudTrailEventParser.parse(eventWith("responseElements", twoMebibytes)))
                .isInstanceOf(Parsed.class);
        assertThat(EventJsonReader.constraints().getMaxStringLength()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void stillRejectsTrailingContentAfterTheEvent() {
        byte[] event = eventWith("x", "1");
        byte[] trailing = (new String(event, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);

        assertThat(CloudTrailEventParser.parse(trailing)).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo(RejectCode.INVALID_JSON));
    }
}
