package dev.trailstream.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.event.ParseResult.Parsed;
import dev.trailstream.event.ParseResult.RejectCode;
import dev.trailstream.event.ParseResult.Rejected;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of {@link CloudTrailEventParser} with jqwik (property-based: random inputs, shrunk to the smallest failing
 * one, the seed printed to repeat it). The parser runs on every record of {@code cloudtrail.events}, so whatever the
 * bytes it must answer {@link Parsed} or {@link Rejected} with a code and a short reason, never throw, and never accept
 * an event without its required fields. Tries are bounded so that the whole class takes seconds.
 */
class CloudTrailEventParserFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> REQUIRED = List.of("eventID", "eventTime", "eventSource", "eventName");
    /** Reasons go into a record header and logs: they quote at most 64 characters of the input. */
    private static final int MAX_REASON = 200;

    @Property(tries = 2000)
    void answersAnyBytesWithAnEventOrAReasonAndNeverThrows(@ForAll @Size(max = 2048) byte[] bytes) {
        assertAnswered(CloudTrailEventParser.parse(bytes), bytes);
    }

    @Property(tries = 1000)
    void answersAnyTextWithAnEventOrAReasonAndNeverThrows(@ForAll("jsonish") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertAnswered(CloudTrailEventParser.parse(bytes), bytes);
    }

    @Property(tries = 1000)
    void rejectsATruncatedEventAsInvalidJson(@ForAll("events") ObjectNode event, @ForAll("fractions") double cut) {
        byte[] whole = bytes(event);
        // Cut before the final brace: the object is never closed, whatever else survives.
        int length = (int) (cut * (whole.length - 1));
        byte[] truncated = Arrays.copyOf(whole, length);

        ParseResult result = CloudTrailEventParser.parse(truncated);

        assertAnswered(result, truncated);
        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).code()).isIn(RejectCode.INVALID_JSON, RejectCode.EMPTY_RECORD);
    }

    @Property(tries = 1000)
    void neverAcceptsAnEventWhoseRequiredFieldIsMissingOrNotAString(@ForAll("events") ObjectNode event,
                                                                       @ForAll("required") String field,
                                                                       @ForAll("nonStrings") JsonNode replacement) {
        if (replacement == null) {
            event.remove(field);
        } else {
            event.set(field, replacement);
        }
        byte[] bytes = bytes(event);

        ParseResult result = CloudTrailEventParser.parse(bytes);

        assertAnswered(result, bytes);
        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).code()).isIn(RejectCode.MISSING_FIELD, RejectCode.INVALID_FIELD);
        assertThat(((Rejected) result).reason()).contains(field);
    }

    @Property(tries = 1000)
    void keepsTheRequiredFieldsOfAValidEventWhateverTheOptionalFieldsHold(@ForAll("events") ObjectNode event,
                                                                         @ForAll("optional") String field,
                                                                         @ForAll("anyValue") JsonNode value) {
        event.set(field, value);
        byte[] bytes = bytes(event);

        ParseResult result = CloudTrailEventParser.parse(bytes);

        assertThat(result).isInstanceOf(Parsed.class);
        CloudTrailEvent parsed = ((Parsed) result).event();
        assertThat(parsed.eventId()).isEqualTo(event.get("eventID").asText());
        assertThat(parsed.eventName()).isEqualTo(event.get("eventName").asText());
        assertThat(parsed.eventSource()).isEqualTo(event.get("eventSource").asText());
        assertThat(parsed.eventTime().toString()).isEqualTo(event.get("eventTime").asText());
    }

    @Property(tries = 300)
    void rejectsAnEventTimeThatIsNotAnInstant(@ForAll("events") ObjectNode event,
                                              @ForAll("notInstants") String time) {
        event.put("eventTime", time);
        byte[] bytes = bytes(event);

        ParseResult result = CloudTrailEventParser.parse(bytes);

        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).code()).isIn(RejectCode.INVALID_FIELD);
    }

    private static void assertAnswered(ParseResult result, byte[] input) {
        assertThat(result).isNotNull();
        if (result instanceof Rejected rejected) {
            assertThat(rejected.code()).isNotNull();
            assertThat(rejected.reason()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_REASON).doesNotContain("\n");
            // The DLQ carries the original bytes, so that nothing is lost.
            assertThat(rejected.original()).isEqualTo(input);
        } else {
            CloudTrailEvent event = ((Parsed) result).event();
            assertThat(event.eventId()).isNotBlank();
            assertThat(event.eventSource()).isNotBlank();
            assertThat(event.eventName()).isNotBlank();
            assertThat(event.principal()).isNotNull();
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<ObjectNode> events() {
        Arbitrary<String> ids = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(36);
        Arbitrary<String> names = Arbitraries.of("GetObject", "AssumeRole", "ConsoleLogin", "CreateUser",
                "DescribeInstances", "PutBucketPolicy");
        Arbitrary<String> users = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20);
        Arbitrary<Long> seconds = Arbitraries.longs().between(1_400_000_000L, 1_900_000_000L);
        return Combinators.combine(ids, names, users, seconds).as((id, name, user, at) -> {
            ObjectNode e = JsonNodeFactory.instance.objectNode();
            e.put("eventVersion", "1.08");
            e.put("eventID", id);
            e.put("eventTime", java.time.Instant.ofEpochSecond(at).toString());
            e.put("eventSource", "iam.amazonaws.com");
            e.put("eventName", name);
            e.put("awsRegion", "us-east-1");
            e.put("sourceIPAddress", "203.0.113.7");
            ObjectNode identity = e.putObject("userIdentity");
            identity.put("type", "IAMUser");
            identity.put("accountId", "111122223333");
            identity.put("arn", "arn:aws:iam::111122223333:user/" + user);
            identity.put("userName", user);
            return e;
        });
    }

    @Provide
    Arbitrary<String> required() {
        return Arbitraries.of(REQUIRED);
    }

    @Provide
    Arbitrary<String> optional() {
        return Arbitraries.of("awsRegion", "sourceIPAddress", "userAgent", "errorCode", "readOnly",
                "recipientAccountId", "managementEvent", "eventCategory", "vpcEndpointId", "eventType",
                "requestParameters", "responseElements", "additionalEventData", "tlsDetails", "unknownField");
    }

    /** Values that are not a non-blank string, or null for "remove the field". */
    @Provide
    Arbitrary<JsonNode> nonStrings() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.just(f.nullNode()),
                Arbitraries.of(" ", "", "\t").map(f::textNode),
                Arbitraries.integers().map(f::numberNode),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.just(f.arrayNode().add("x")),
                Arbitraries.just(f.objectNode().put("a", 1)));
    }

    @Provide
    Arbitrary<JsonNode> anyValue() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.just(f.nullNode()),
                Arbitraries.strings().ofMaxLength(300).map(f::textNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.strings().ofMaxLength(20).list().ofMaxSize(5).map(list -> {
                    var array = f.arrayNode();
                    list.forEach(array::add);
                    return array;
                }),
                Arbitraries.integers().between(1, 40).map(CloudTrailEventParserFuzzTest::nested));
    }

    private static JsonNode nested(int depth) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode at = root;
        for (int i = 0; i < depth; i++) {
            at = at.putObject("n");
        }
        return root;
    }

    @Provide
    Arbitrary<String> notInstants() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(30),
                Arbitraries.of("2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-01", "2024-01-01T25:00:00Z",
                        "1969-12-31T23:59:59Z", "yesterday", "1700000000", "2024-01-01T00:00:00"));
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }

    /** Text that looks like JSON often enough to reach past the tokenizer: fragments of events, glued at random. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> pieces = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"eventID\"", "\"eventTime\"",
                "\"userIdentity\"", "\"type\"", "\"IAMUser\"", "\"arn\"", "\"2024-01-01T00:00:00Z\"", "null", "true",
                "1e999", "-0", "\"\\u0000\"", "\"\\ud800\"", "\"a\"", " ", "\u00e9", "\uffff");
        return pieces.list().ofMaxSize(60).map(list -> String.join("", list));
    }

}
