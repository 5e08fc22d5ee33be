package dev.trailstream.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small CloudTrail events for tests, built field by field. */
public final class TestEvents {
    public static final String ACCOUNT = "111122223333";
    public static final String ALICE = "arn:aws:iam::111122223333:user/alice";
    public static final String BOB = "arn:aws:iam::111122223333:user/bob";
    public static final String ROOT = "arn:aws:iam::111122223333:root";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode event = JSON.createObjectNode();

    private TestEvents(ObjectNode identity) {
        event.put("eventVersion", "1.08");
        event.set("userIdentity", identity);
        event.put("eventSource", "iam.amazonaws.com");
        event.put("eventName", "ListUsers");
        event.put("awsRegion", "us-east-1");
        event.put("sourceIPAddress", "198.51.100.7");
        event.put("userAgent", "aws-cli/2.15.0");
        event.put("eventType", "AwsApiCall");
        event.put("recipientAccountId", ACCOUNT);
    }

    public static TestEvents byUser(String name) {
        ObjectNode identity = JSON.createObjectNode();
        identity.put("type", "IAMUser");
        identity.put("principalId", "AIDA" + name.toUpperCase());
        identity.put("arn", "arn:aws:iam::" + ACCOUNT + ":user/" + name);
        identity.put("accountId", ACCOUNT);
        identity.put("userName", name);
        return new TestEvents(identity);
    }

    public static TestEvents byRoot() {
        ObjectNode identity = JSON.createObjectNode();
        identity.put("type", "Root");
        identity.put("principalId", ACCOUNT);
        identity.put("arn", ROOT);
        identity.put("accountId", ACCOUNT);
        return new TestEvents(identity);
    }

    /** An event AWS made itself, e.g. {@code config.amazonaws.com}: an {@code AWSService} principal. */
    public static TestEvents byService(String service) {
        ObjectNode identity = JSON.createObjectNode();
        identity.put("type", "AWSService");
        identity.put("invokedBy", service);
        TestEvents events = new TestEvents(identity);
        events.event.put("sourceIPAddress", service);
        events.event.put("userAgent", service);
        return events;
    }

    public TestEvents id(String eventId) {
        event.put("eventID", eventId);
        return this;
    }

    public TestEvents at(String eventTime) {
        event.put("eventTime", eventTime);
        return this;
    }

    public TestEvents call(String eventSource, String eventName) {
        event.put("eventSource", eventSource);
        event.put("eventName", eventName);
        return this;
    }

    public TestEvents set(String field, String value) {
        event.put(field, value);
        return this;
    }

    public TestEvents set(String field, boolean value) {
        event.put(field, value);
        return this;
    }

    /** Sets {@code requestParameters.<field>}. */
    public TestEvents request(String field, String value) {
        JsonNode params = event.get("requestParameters");
        ObjectNode request = params instanceof ObjectNode o ? o : event.putObject("requestParameters");
        request.put(field, value);
        return this;
    }

    public TestEvents invokedBy(String service) {
        ((ObjectNode) event.get("userIdentity")).put("invokedBy", service);
        return this;
    }

    public TestEvents without(String field) {
        event.remove(field);
        return this;
    }

    public String json() {
        return event.toString();
    }
}
