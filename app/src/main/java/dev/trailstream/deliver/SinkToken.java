package dev.trailstream.deliver;

import dev.trailstream.runtime.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The Splunk HEC token or Elasticsearch API key: from a file ({@code --sink-token-file}) or the environment
 * ({@code TRAILSTREAM_SINK_TOKEN}), never from a flag's value, which shell history and process lists keep.
 * Never logged, never in a message.
 */
public final class SinkToken {
    public static final String ENV = "TRAILSTREAM_SINK_TOKEN";

    private SinkToken() {
    }

    /** The file's first line if given (a usage error if unreadable or empty), else the variable, else none. */
    public static Optional<String> of(Path file, Map<String, String> env) {
        if (file != null) {
            String token;
            try {
                token = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UsageException("--sink-token-file " + file + ": cannot read it");
            }
            int nl = token.indexOf('\n');
            token = nl < 0 ? token : token.substring(0, nl).strip();
            if (token.isEmpty()) {
                throw new UsageException("--sink-token-file " + file + ": the file is empty");
            }
            return Optional.of(token);
        }
        String value = env.get(ENV);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
