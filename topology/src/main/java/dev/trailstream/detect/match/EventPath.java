package dev.trailstream.detect.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.topology.Json;

import java.io.IOException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A dotted path into the event's JSON, e.g. {@code requestParameters.ipPermissions.items.ipRanges.items.cidrIp}, read
 * from the already parsed {@link CloudTrailEvent#raw()} tree.
 *
 * <ul>
 *   <li>A list anywhere on the path is crossed element by element, so the path has one value per element.</li>
 *   <li>A string that holds a JSON object or list is parsed when the path goes on into it: CloudTrail logs IAM policy
 *       documents as such strings, and {@code requestParameters.policyDocument.Statement.Action} should reach into
 *       them. Only events that reach such a string pay for it.</li>
 *   <li>An object at the end of the path is one value, its compact JSON.</li>
 * </ul>
 */
record EventPath(String fieldName, String[] segments) implements Field {
    private static final Pattern DOT = Pattern.compile("\\.");

    static EventPath of(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("the field name is empty");
        }
        String[] segments = DOT.split(name, -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("field '" + name + "' has an empty part between dots");
            }
        }
        return new EventPath(name, segments);
    }

    @Override
    public boolean anyValue(CloudTrailEvent event, Predicate<String> test) {
        return visit(event.raw(), 0, test);
    }

    private boolean visit(JsonNode node, int depth, Predicate<String> test) {
        if (node == null || node.isMissingNode()) {
            return false;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (visit(element, depth, test)) {
                    return true;
                }
            }
            return false;
        }
        if (depth == segments.length) {
            return test.test(node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString());
        }
        if (node.isObject()) {
            return visit(node.get(segments[depth]), depth + 1, test);
        }
        if (node.isTextual()) {
            return visit(embeddedJson(node.textValue()), depth, test);
        }
        return false;
    }

    private static JsonNode embeddedJson(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return null;
        }
        try {
            return Json.treeReader().readTree(trimmed);
        } catch (IOException e) {
            return null;   // not JSON after all: the path has no value here
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventPath path && path.fieldName.equals(fieldName);
    }

    @Override
    public int hashCode() {
        return fieldName.hashCode();
    }

    @Override
    public String toString() {
        return fieldName;
    }
}
