package dev.trailstream.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads policy documents into {@link PolicyDocument}s, collecting problems instead of failing on the first, so that
 * a whole export can be reported at once. Documents come as JSON objects (AWS CLI output) or as URL-encoded JSON
 * strings (the raw IAM API, and some tools that save it): both are accepted.
 */
final class PolicyDocumentParser {
    /** Whether statements must name resources: identity policies must, trust policies name principals instead. */
    enum Kind { IDENTITY, TRUST }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> problems;

    PolicyDocumentParser(List<String> problems) {
        this.problems = problems;
    }

    static PolicyDocument parseStandalone(String text, String name) {
        List<String> problems = new ArrayList<>();
        PolicyDocument document = new PolicyDocumentParser(problems)
                .parse(TextNode.valueOf(text), name, Kind.IDENTITY);
        if (!problems.isEmpty()) {
            throw new InvalidSnapshotException(name, problems);
        }
        return document;
    }

    /**
     * The document in {@code node}, or null (with problems recorded) when it cannot be read.
     *
     * @param where what to call it in problems: {@code "user alice, inline policy S3"}
     */
    PolicyDocument parse(JsonNode node, String where, Kind kind) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            problems.add(where + ": the policy document is missing");
            return null;
        }
        JsonNode doc = node;
        if (node.isTextual()) {
            doc = readText(node.asText(), where);
            if (doc == null) {
                return null;
            }
        }
        if (!doc.isObject()) {
            problems.add(where + ": the policy document is a " + doc.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not a JSON object");
            return null;
        }
        int before = problems.size();
        String version = doc.hasNonNull("Version") ? doc.get("Version").asText() : null;
        JsonNode statementNode = doc.get("Statement");
        List<Statement> statements = new ArrayList<>();
        if (statementNode == null || statementNode.isNull()) {
            problems.add(where + ": no Statement");
        } else if (statementNode.isObject()) {
            addStatement(statements, statementNode, 0, where, kind);
        } else if (statementNode.isArray()) {
            for (int i = 0; i < statementNode.size(); i++) {
                addStatement(statements, statementNode.get(i), i, where, kind);
            }
        } else {
            problems.add(where + ": Statement must be an object or a list of objects");
        }
        return problems.size() == before ? new PolicyDocument(version, statements) : null;
    }

    private JsonNode readText(String text, String where) {
        String json = text.strip();
        // URL-encoded documents start with %7B ("{"); an already-decoded string starts with "{" itself.
        if (!json.startsWith("{")) {
            try {
                json = URLDecoder.decode(json, StandardCharsets.UTF_8).strip();
            } catch (IllegalArgumentException e) {
                problems.add(where + ": the policy document is a string that is neither JSON nor URL-encoded JSON");
                return null;
            }
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            problems.add(where + ": the policy document is not valid JSON (" + e.getOriginalMessage() + ")");
            return null;
        }
    }

    private void addStatement(List<Statement> out, JsonNode s, int index, String where, Kind kind) {
        String sid = s.hasNonNull("Sid") ? s.get("Sid").asText() : null;
        String at = where + ", statement " + (sid != null && !sid.isEmpty() ? sid : "#" + index);
        if (!s.isObject()) {
            problems.add(at + ": a statement must be a JSON object");
            return;
        }
        int before = problems.size();
        Effect effect = null;
        JsonNode e = s.get("Effect");
        if (e == null || !e.isTextual()) {
            problems.add(at + ": no Effect");
        } else if (e.asText().equals("Allow")) {
            effect = Effect.ALLOW;
        } else if (e.asText().equals("Deny")) {
            effect = Effect.DENY;
        } else {
            problems.add(at + ": Effect must be Allow or Deny, was \"" + e.asText() + "\"");
        }
        boolean notAction = s.has("NotAction");
        if (s.has("Action") == notAction) {
            problems.add(at + (notAction ? ": has both Action and NotAction" : ": has neither Action nor NotAction"));
        }
        String actionElement = notAction ? "NotAction" : "Action";
        List<String> actions = strings(s.get(actionElement), at, actionElement);
        boolean notResource = s.has("NotResource");
        if (s.has("Resource") && notResource) {
            problems.add(at + ": has both Resource and NotResource");
        } else if (kind == Kind.IDENTITY && !s.has("Resource") && !notResource) {
            problems.add(at + ": has neither Resource nor NotResource");
        }
        List<String> resources = strings(s.get(notResource ? "NotResource" : "Resource"), at,
                notResource ? "NotResource" : "Resource");
        Map<String, Map<String, List<String>>> conditions = conditions(s.get("Condition"), at);
        boolean notPrincipal = s.has("NotPrincipal");
        Map<String, List<String>> principals = principals(s.get(notPrincipal ? "NotPrincipal" : "Principal"), at);
        if (problems.size() == before) {
            out.add(new Statement(index, sid, effect, actions, notAction, resources, notResource, conditions,
                    principals, notPrincipal));
        }
    }

    /** A single string or a list of strings, as every IAM list element may be written. */
    private List<String> strings(JsonNode node, String at, String element) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode v : node) {
                if (v.isTextual()) {
                    values.add(v.asText());
                } else {
                    problems.add(at + ": " + element + " must hold strings, found " + v);
                }
            }
        } else {
            problems.add(at + ": " + element + " must be a string or a list of strings, found " + node);
        }
        return values;
    }

    private Map<String, Map<String, List<String>>> conditions(JsonNode node, String at) {
        Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return conditions;
        }
        if (!node.isObject()) {
            problems.add(at + ": Condition must be an object");
            return conditions;
        }
        for (Iterator<Map.Entry<String, JsonNode>> ops = node.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            if (!op.getValue().isObject()) {
                problems.add(at + ": Condition operator " + op.getKey() + " must map keys to values");
                continue;
            }
            Map<String, List<String>> keys = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> ks = op.getValue().fields(); ks.hasNext(); ) {
                Map.Entry<String, JsonNode> k = ks.next();
                List<String> values = new ArrayList<>();
                // Booleans and numbers are legal condition values ("aws:MultiFactorAuthPresent": false).
                if (k.getValue().isArray()) {
                    k.getValue().forEach(v -> values.add(v.asText()));
                } else if (k.getValue().isValueNode()) {
                    values.add(k.getValue().asText());
                } else {
                    problems.add(at + ": Condition " + op.getKey() + " " + k.getKey() + " must hold values");
                }
                keys.put(k.getKey(), values);
            }
            conditions.put(op.getKey(), keys);
        }
        return conditions;
    }

    private Map<String, List<String>> principals(JsonNode node, String at) {
        Map<String, List<String>> principals = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return principals;
        }
        if (node.isTextual()) {
            principals.put(node.asText(), List.of(node.asText()));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(p -> principals.put(p.getKey(), strings(p.getValue(), at, "Principal")));
        } else {
            problems.add(at + ": Principal must be \"*\" or an object");
        }
        return principals;
    }
}
