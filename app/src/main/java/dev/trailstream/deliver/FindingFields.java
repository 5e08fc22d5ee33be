package dev.trailstream.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The few fields of an OCSF finding a sink needs: its uid, activity and time (epoch milliseconds).
 *
 * @param uid        {@code finding_info.uid}, empty when missing
 * @param activityId {@code activity_id} (1 create, 2 update, 3 close), 0 when missing
 * @param timeMs     {@code time}, 0 when missing
 * @param severityId {@code severity_id} (1 informational … 5 critical), 0 when missing
 */
record FindingFields(String uid, int activityId, long timeMs, int severityId) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static FindingFields of(byte[] finding) {
        try {
            JsonNode node = JSON.readTree(finding);
            if (node == null || !node.isObject()) {
                return new FindingFields("", 0, 0, 0);
            }
            return new FindingFields(node.path("finding_info").path("uid").asText(""),
                    node.path("activity_id").asInt(0), node.path("time").asLong(0),
                    node.path("severity_id").asInt(0));
        } catch (IOException notJson) {
            return new FindingFields("", 0, 0, 0);
        }
    }

    /**
     * A document id that is the same every time this record is delivered, so a redelivery overwrites: one finding's
     * create, each update and its close are distinct records, told apart by activity and time. A record without a
     * uid gets the digest of its bytes, which is as stable.
     */
    static String documentId(byte[] finding) {
        FindingFields f = of(finding);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = f.uid().isEmpty() ? sha.digest(finding)
                    : sha.digest((f.uid() + "|" + f.activityId() + "|" + f.timeMs()).getBytes(StandardCharsets.UTF_8));
            // 128 bits: no collision in any realistic number of findings, half the length of the full digest.
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** One line of JSON: the topology writes compact JSON, but another producer of the topic may not. */
    static byte[] oneLine(byte[] json) {
        for (byte b : json) {
            if (b == '\n' || b == '\r') {
                try {
                    return JSON.writeValueAsBytes(JSON.readTree(json));
                } catch (IOException notJson) {
                    return new String(json, StandardCharsets.UTF_8).replaceAll("[\r\n]+", " ")
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
        }
        return json;
    }
}
