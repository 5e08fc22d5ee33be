package dev.trailstream.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.event.CloudTrailEventParser;
import dev.trailstream.event.ParseResult;
import dev.trailstream.topology.TestEvents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written CloudTrail events for rule tests: {@link TestEvents} plus nested fields, given as dotted paths and
 * JSON values, e.g. {@code .with("requestParameters.userName", "\"bob\"")}.
 */
final class Events {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static int sequence;

    private final ObjectNode event;

    private Events(TestEvents base) {
        this.event = (ObjectNode) read(base.id("e" + ++sequence).at("2024-08-02T08:00:00Z").json());
    }

    static Events byUser(String name) {
        return new Events(TestEvents.byUser(name));
    }

    static Events byRoot() {
        return new Events(TestEvents.byRoot());
    }

    /** A role session, e.g. {@code byRole("deploy", "i-0abc")}; a session name with '@' makes a human. */
    static Events byRole(String role, String session) {
        Events events = byUser("unused");
        ObjectNode identity = (ObjectNode) read("""
                {"type":"AssumedRole","principalId":"AROAEXAMPLE:%2$s",
                 "arn":"arn:aws:sts::111122223333:assumed-role/%1$s/%2$s","accountId":"111122223333",
                 "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE",
                   "arn":"arn:aws:iam::111122223333:role/%1$s","accountId":"111122223333","userName":"%1$s"}}}
                """.formatted(role, session));
        events.event.set("userIdentity", identity);
        return events;
    }

    Events call(String eventSource, String eventName) {
        event.put("eventSource", eventSource);
        event.put("eventName", eventName);
        return this;
    }

    /** Sets a field given by a dotted path to a JSON value, creating the objects on the way. */
    Events with(String path, String jsonValue) {
        String[] parts = path.split("\\.");
        ObjectNode node = event;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) && node.get(parts[i]).isObject() ? (ObjectNode) node.get(parts[i])
                    : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], read(jsonValue));
        return this;
    }

    Events text(String path, String value) {
        return with(path, JSON.valueToTree(value).toString());
    }

    Events failed(String errorCode) {
        return text("errorCode", errorCode);
    }

    String json() {
        return event.toString();
    }

    CloudTrailEvent event() {
        return parse(event);
    }

    static CloudTrailEvent parse(JsonNode json) {
        ParseResult result = CloudTrailEventParser.parse(json.toString().getBytes(StandardCharsets.UTF_8));
        if (result instanceof ParseResult.Parsed parsed) {
            return parsed.event();
        }
        throw new IllegalArgumentException("not a usable event: " + ((ParseResult.Rejected) result).reason());
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
