package dev.trailstream.access;

import java.util.List;

/**
 * An authorization-details export (or one policy document) that cannot be read. Lists every problem found, each
 * naming the principal or policy and what is wrong, so that a user can fix the file in one go rather than meet a
 * Jackson stack trace.
 */
public final class InvalidSnapshotException extends RuntimeException {
    private final String source;
    private final List<String> problems;

    public InvalidSnapshotException(String source, List<String> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file (or document) that was read. */
    public String source() {
        return source;
    }

    /** What is wrong, one line per problem, each naming where. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder s = new StringBuilder(source).append(": ");
        s.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
        int shown = Math.min(problems.size(), 20);
        for (int i = 0; i < shown; i++) {
            s.append("\n  - ").append(problems.get(i));
        }
        if (shown < problems.size()) {
            s.append("\n  ... and ").append(problems.size() - shown).append(" more");
        }
        return s.toString();
    }
}
