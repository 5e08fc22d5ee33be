package dev.trailstream.access;

import java.util.List;

/**
 * A parsed IAM policy document (identity policy, permissions boundary or role trust policy).
 *
 * @param version    the {@code Version} ({@code 2012-10-17}), or null when absent
 * @param statements the statements in document order; a single {@code Statement} object becomes a list of one
 */
public record PolicyDocument(String version, List<Statement> statements) {
    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    /**
     * Parses one document given as JSON text (or URL-encoded JSON text, as the raw IAM API returns it).
     *
     * @param name what to call the document in problems, e.g. {@code "inline policy Admin of user alice"}
     * @throws InvalidSnapshotException listing everything wrong with it
     */
    public static PolicyDocument parse(String text, String name) {
        return PolicyDocumentParser.parseStandalone(text, name);
    }
}
