package dev.trailstream.simulate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes one {@link Event} as a CloudTrail record, field for field in the order CloudTrail writes them. The
 * generator must have a codec (request parameters are written as trees).
 */
final class RecordWriter {
    private RecordWriter() {
    }

    static void write(JsonGenerator g, Event e) throws IOException {
        Call call = e.call();
        boolean signIn = call.eventName().equals("ConsoleLogin");
        boolean serviceEvent = call.eventName().equals("RotateKey");
        g.writeStartObject();
        g.writeStringField("eventVersion", version(call));
        Identities.write(g, e);
        g.writeStringField("eventTime", time(e.time()));
        g.writeStringField("eventSource", call.eventSource());
        g.writeStringField("eventName", call.eventName());
        g.writeStringField("awsRegion", e.region());
        g.writeStringField("sourceIPAddress", e.sourceIp());
        g.writeStringField("userAgent", e.userAgent());
        if (e.errorCode() != null) {
            g.writeStringField("errorCode", e.errorCode());
            g.writeStringField("errorMessage", e.errorMessage());
        }
        tree(g, "requestParameters", e.request());
        tree(g, "responseElements", e.response());
        if (e.additional() != null) {
            tree(g, "additionalEventData", e.additional());
        }
        if (!signIn) {
            g.writeStringField("requestID", e.requestId());
        }
        g.writeStringField("eventID", e.eventId());
        g.writeBooleanField("readOnly", call.readOnly());
        if (call.data()) {
            resources(g, e);
        }
        g.writeStringField("eventType", signIn ? "AwsConsoleSignIn" : serviceEvent ? "AwsServiceEvent" : "AwsApiCall");
        g.writeBooleanField("managementEvent", !call.data());
        g.writeStringField("recipientAccountId", e.actor().account().id());
        g.writeStringField("eventCategory", call.data() ? "Data" : "Management");
        boolean internal = e.actor().archetype() == Archetype.SERVICE || e.userAgent().equals(Clients.AWS_INTERNAL);
        if (!internal) {
            g.writeObjectFieldStart("tlsDetails");
            g.writeStringField("tlsVersion", "TLSv1.3");
            g.writeStringField("cipherSuite", "TLS_AES_128_GCM_SHA256");
            g.writeStringField("clientProvidedHostHeader", host(call, e.region()));
            g.writeEndObject();
        }
        if (e.console() && !signIn) {
            g.writeStringField("sessionCredentialFromConsole", "true");
        }
        g.writeEndObject();
    }

    /** CloudTrail timestamps are whole seconds, {@code 2026-11-02T09:14:03Z}. */
    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Services moved to newer record versions at different times; sign-in still writes 1.08. */
    private static String version(Call call) {
        return switch (call.service()) {
            case "signin", "sts", "kms", "lambda", "logs", "secretsmanager", "ssm" -> "1.08";
            case "iam", "monitoring", "dynamodb" -> "1.09";
            case "ec2", "s3" -> "1.10";
            default -> "1.11";
        };
    }

    private static String host(Call call, String region) {
        return switch (call.service()) {
            case "signin" -> "signin.aws.amazon.com";
            case "iam", "route53", "organizations", "ce", "health" -> call.eventSource();
            case "sts" -> region.equals(Account.GLOBAL_REGION) ? "sts.amazonaws.com" : "sts." + region + ".amazonaws.com";
            case "s3" -> "s3." + region + ".amazonaws.com";
            default -> call.service() + "." + region + ".amazonaws.com";
        };
    }

    private static void tree(JsonGenerator g, String field, JsonNode node) throws IOException {
        g.writeFieldName(field);
        if (node == null) {
            g.writeNull();
        } else {
            g.writeTree(node);
        }
    }

    private static void resources(JsonGenerator g, Event e) throws IOException {
        JsonNode q = e.request();
        String bucket = q == null ? "unknown" : q.path("bucketName").asText("unknown");
        String key = q == null ? "" : q.path("key").asText("");
        g.writeArrayFieldStart("resources");
        g.writeStartObject();
        g.writeStringField("type", "AWS::S3::Object");
        g.writeStringField("ARN", "arn:aws:s3:::" + bucket + "/" + key);
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("accountId", e.actor().account().id());
        g.writeStringField("type", "AWS::S3::Bucket");
        g.writeStringField("ARN", "arn:aws:s3:::" + bucket);
        g.writeEndObject();
        g.writeEndArray();
    }
}
