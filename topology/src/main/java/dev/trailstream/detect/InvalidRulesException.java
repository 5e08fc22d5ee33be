package dev.trailstream.detect;

import java.util.List;

/**
 * Rule files that cannot be loaded. Every problem found is listed, each naming the file, the rule, what is wrong and
 * what is allowed, so that one run shows them all.
 */
public final class InvalidRulesException extends RuntimeException {
    private final List<String> problems;

    public InvalidRulesException(List<String> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in rule files:\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
