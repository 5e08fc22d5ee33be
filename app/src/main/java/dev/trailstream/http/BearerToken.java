package dev.trailstream.http;

import dev.trailstream.runtime.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

/**
 * The shared secret that protects every HTTP endpoint but {@code /health}: requests carry
 * {@code Authorization: Bearer <token>}. Read from a file ({@code --http-token-file}) or from the environment
 * ({@value #ENV}), never from a flag's value, which other users of the machine could read in the process list.
 *
 * <p>Compared in constant time: both sides are hashed first, so neither the content nor the length of the expected
 * token shows in how long a wrong guess takes. The token is never printed; {@link #toString()} says so.
 */
public final class BearerToken {
    public static final String ENV = "TRAILSTREAM_HTTP_TOKEN";
    /** Shorter secrets can be guessed: 16 characters is the floor, 32 random ones the advice. */
    static final int MIN_LENGTH = 16;
    private static final String SCHEME = "Bearer ";
    private final String token;
    private final byte[] digest;

    private BearerToken(String token) {
        this.token = token;
        this.digest = sha256(token);
    }

    /**
     * The token from {@code file} when given, else from {@code env}'s {@value #ENV}, else none.
     *
     * @throws UsageException when the file cannot be read or the token is too short
     */
    public static Optional<BearerToken> resolve(Path file, Map<String, String> env, String flag) {
        String value;
        String origin;
        if (file != null) {
            try {
                value = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (NoSuchFileException e) {
                throw new UsageException(flag + " " + file + ": no such file: give the file that holds the token");
            } catch (IOException e) {
                throw new UsageException(flag + " " + file + ": cannot read it: give a readable file holding the token");
            }
            origin = flag + " " + file;
        } else {
            value = env.get(ENV);
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            value = value.strip();
            origin = ENV;
        }
        if (value.length() < MIN_LENGTH || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new UsageException(origin + ": the token must be at least " + MIN_LENGTH
                    + " printable ASCII characters without spaces (e.g. openssl rand -hex 32)");
        }
        return Optional.of(new BearerToken(value));
    }

    /** Whether an {@code Authorization} header value carries this token. */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            // Still hash, so that a missing header costs what a wrong one does.
            MessageDigest.isEqual(digest, sha256(""));
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(SCHEME.length()).strip()));
    }

    /** The {@code Authorization} header value for requests to an instance (peers, {@code trailstream rightsize}). */
    public String header() {
        return SCHEME + token;
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
