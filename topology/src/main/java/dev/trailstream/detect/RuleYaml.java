package dev.trailstream.detect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML into plain values (mappings, lists, strings, null) keeping every scalar as written: YAML 1.1 would read
 * {@code MFAUsed: No} as the boolean false and {@code 1.10} as 1.1, but rules compare text with CloudTrail's text.
 * A key given twice is an error, not a silent overwrite; so is an alias. A file may hold several rules as YAML
 * documents.
 */
final class RuleYaml {
    private static final YAMLFactory YAML = new YAMLFactory();

    private RuleYaml() {
    }

    static List<Object> documents(byte[] content) throws IOException {
        List<Object> documents = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(content)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                documents.add(value(parser, token));
            }
        }
        return documents;
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson reports an alias as a string holding the anchor's name: silently wrong, so refused.
            throw new IllegalArgumentException("line " + parser.currentLocation().getLineNr() + ": YAML aliases (*"
                    + parser.getText() + ") are not supported; write the value out");
        }
        return switch (token) {
            case START_OBJECT -> mapping(parser);
            case START_ARRAY -> list(parser);
            case VALUE_NULL -> null;
            default -> parser.getText();
        };
    }

    private static Map<String, Object> mapping(JsonParser parser) throws IOException {
        Map<String, Object> mapping = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String key = parser.currentName();
            int line = parser.currentLocation().getLineNr();
            Object value = value(parser, parser.nextToken());
            if (mapping.containsKey(key)) {
                throw new IllegalArgumentException("line " + line + ": key '" + key + "' appears twice in one mapping");
            }
            mapping.put(key, value);
        }
        return mapping;
    }

    private static List<Object> list(JsonParser parser) throws IOException {
        List<Object> list = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            list.add(value(parser, token));
        }
        return list;
    }
}
