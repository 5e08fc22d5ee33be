package dev.trailstream.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

final class PipelineDriverJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineDriverJson() {
    }

    static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
