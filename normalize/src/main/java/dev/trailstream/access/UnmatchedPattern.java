package dev.trailstream.access;

import java.util.Objects;

/**
 * An action pattern of an applicable policy that matches no catalogued action: a typo ({@code s3:GetObjects}), an
 * action newer than the catalogue, or a retired one. Kept and reported, not silently dropped, because a typo in a
 * Deny is a hole someone believes closed.
 *
 * @param pattern   the pattern as written
 * @param statement where
 */
public record UnmatchedPattern(String pattern, StatementRef statement) {
    public UnmatchedPattern {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(statement, "statement");
    }
}
