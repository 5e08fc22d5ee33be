package dev.trailstream.detect;

import java.util.List;

/**
 * An allow-list file that cannot be loaded. Every problem found is listed, each naming the file, the entry (from 1),
 * the field and what is allowed, so that one run shows them all: a half-applied allow-list would silence less (or
 * more) than its reviewers approved.
 */
public final class InvalidAllowListException extends RuntimeException {
    private final List<String> problems;

    public InvalidAllowListException(List<String> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the allow-list:\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
