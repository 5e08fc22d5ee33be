package dev.trailstream.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.event.ParseResult.Parsed;
import dev.trailstream.event.ParseResult.RejectCode;
import dev.trailstream.event.ParseResult.Rejected;
import dev.trailstream.normalize.EventActions;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.Principals;
import dev.trailstream.normalize.UserAgents;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * Raw CloudTrail JSON → {@link CloudTrailEvent}. Required: {@code eventID}, {@code eventTime} (an ISO-8601 instant with
 * a zone, as CloudTrail writes it), {@code eventSource}, {@code eventName} and an identity that resolves to a
 * principal. Anything else is optional and left null when absent or of the wrong type.
 * JSON is read under {@link EventJsonReader}'s constraints (nesting depth, number and name lengths).
 */
public final class CloudTrailEventParser {
    private static final int MAX_QUOTED = 64;

    private CloudTrailEventParser() {
    }

    public static ParseResult parse(byte[] json) {
        if (json == null || json.length == 0) {
            return new Rejected(RejectCode.EMPTY_RECORD, "the record has no value", json);
        }
        try {
            JsonNode node = EventJsonReader.reader().readTree(json);
            if (node == null || !node.isObject()) {
                return new Rejected(RejectCode.NOT_AN_OBJECT,
                        "expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType()), json);
            }
            return new Parsed(event((ObjectNode) node));
        } catch (StreamConstraintsException e) {
            // Jackson's message names the limit and quotes nothing of the record: it is kept whole.
            return new Rejected(RejectCode.INVALID_JSON, "invalid JSON: beyond the event parser's limits: "
                    + e.getOriginalMessage(), json);
        } catch (IOException e) {
            return new Rejected(RejectCode.INVALID_JSON, "invalid JSON: " + firstLine(e), json);
        } catch (Invalid e) {
            return new Rejected(e.code, e.getMessage(), json);
        } catch (RuntimeException e) {
            // A bug on an odd event must not stop the stream for everyone: the record goes to the DLQ, visibly.
            return new Rejected(RejectCode.UNEXPECTED, "parser failure: " + e, json);
        }
    }

    private static CloudTrailEvent event(ObjectNode node) {
        String eventId = required(node, "eventID");
        Instant eventTime = eventTime(required(node, "eventTime"));
        String eventSource = required(node, "eventSource");
        String eventName = required(node, "eventName");
        Optional<Principal> principal = Principals.resolve(node);
        if (principal.isEmpty()) {
            throw new Invalid(RejectCode.NO_PRINCIPAL, "userIdentity does not name a principal");
        }
        JsonNode identity = node.path("userIdentity");
        String eventType = text(node, "eventType");
        String userAgent = text(node, "userAgent");
        return new CloudTrailEvent(eventId, eventTime, eventSource, eventName, text(node, "awsRegion"),
                text(node, "sourceIPAddress"), userAgent, text(node, "errorCode"),
                bool(node.get("readOnly")), text(node, "recipientAccountId"), principal.get(),
                text(identity, "accessKeyId"), mfaUsed(node, identity), eventType, text(identity, "invokedBy"),
                EventActions.of(eventSource, eventName, eventType), UserAgents.family(userAgent),
                bool(node.get("managementEvent")), text(node, "eventCategory"), text(node, "vpcEndpointId"), node);
    }

    private static Instant eventTime(String value) {
        try {
            Instant time = Instant.parse(value);
            if (time.toEpochMilli() < 0) {
                // Kafka record timestamps cannot be negative, and no CloudTrail event predates 2013 anyway.
                throw new Invalid(RejectCode.INVALID_FIELD, "eventTime is before 1970: " + quote(value));
            }
            return time;
        } catch (DateTimeException | ArithmeticException e) {
            throw new Invalid(RejectCode.INVALID_FIELD, "eventTime is not an ISO-8601 instant: " + quote(value));
        }
    }

    /** Sign-ins say {@code MFAUsed: Yes|No}; calls in a session say {@code mfaAuthenticated: true|false}. */
    private static Boolean mfaUsed(JsonNode event, JsonNode identity) {
        String signIn = text(event.path("additionalEventData"), "MFAUsed");
        if (signIn != null) {
            return "yes".equalsIgnoreCase(signIn);
        }
        return bool(identity.path("sessionContext").path("attributes").get("mfaAuthenticated"));
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new Invalid(RejectCode.MISSING_FIELD, field + " is missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new Invalid(RejectCode.INVALID_FIELD, field + " is not a non-empty string: " + quote(value.toString()));
        }
        return value.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static Boolean bool(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && ("true".equalsIgnoreCase(value.asText()) || "false".equalsIgnoreCase(value.asText()))) {
            return Boolean.valueOf(value.asText());
        }
        return null;
    }

    private static String quote(String value) {
        return value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED) + "…";
    }

    private static String firstLine(IOException e) {
        // Jackson's full message quotes the source document: the header must not carry the event into the logs.
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return quote(line);
    }

    /** A rejection as control flow; no stack trace, it is an expected outcome. */
    private static final class Invalid extends RuntimeException {
        private final RejectCode code;

        Invalid(RejectCode code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }
    }
}
