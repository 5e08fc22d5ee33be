package dev.trailstream.detect.match;

import dev.trailstream.detect.match.Condition.And;
import dev.trailstream.detect.match.Condition.Not;
import dev.trailstream.detect.match.Condition.Or;
import dev.trailstream.detect.match.Condition.Ref;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sigma's condition language over selection names: {@code and}, {@code or}, {@code not}, parentheses, and
 * {@code 1 of}/{@code all of} a name pattern ({@code sel_*}) or {@code them} (every selection whose name does not start
 * with an underscore). {@code not} binds tightest, then {@code and}, then {@code or}. Aggregations after a pipe
 * ({@code | count() > 5}) are not supported: they need state across events.
 */
final class ConditionParser {
    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|\\||[^\\s()|]+)");

    private final String text;
    private final Map<String, Selection> selections;
    private final List<String> tokens = new ArrayList<>();
    private int position;

    private ConditionParser(String text, Map<String, Selection> selections) {
        this.text = text;
        this.selections = selections;
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.lookingAt()) {
            tokens.add(matcher.group(1));
            matcher.region(matcher.end(), text.length());
        }
    }

    /**
     * Parses {@code text} against the rule's selections (in file order); throws {@link IllegalArgumentException}
     * naming what is wrong.
     */
    public static Condition parse(String text, Map<String, Selection> selections) {
        ConditionParser parser = new ConditionParser(text, selections);
        if (parser.tokens.isEmpty()) {
            throw new IllegalArgumentException("the condition is empty");
        }
        Condition condition = parser.or();
        if (parser.position < parser.tokens.size()) {
            String next = parser.tokens.get(parser.position);
            throw parser.error(next.equals("|") ? "aggregations ('| count() ...') are not supported"
                    : "unexpected '" + next + "'");
        }
        return condition;
    }

    private Condition or() {
        List<Condition> operands = new ArrayList<>(List.of(and()));
        while (accept("or")) {
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new Or(List.copyOf(operands));
    }

    private Condition and() {
        List<Condition> operands = new ArrayList<>(List.of(not()));
        while (accept("and")) {
            operands.add(not());
        }
        return operands.size() == 1 ? operands.get(0) : new And(List.copyOf(operands));
    }

    private Condition not() {
        return accept("not") ? new Not(not()) : atom();
    }

    private Condition atom() {
        String token = next("a selection name, 'not', '(' or 'N of'");
        if (token.equals("(")) {
            Condition inner = or();
            if (!accept(")")) {
                throw error("missing ')'");
            }
            return inner;
        }
        if (position < tokens.size() && tokens.get(position).equals("of")) {
            position++;
            return quantified(token, next("a selection name pattern or 'them'"));
        }
        if (List.of(")", "and", "or", "of", "them", "|").contains(token)) {
            throw error("expected a selection name, 'not', '(' or 'N of', found '" + token + "'");
        }
        Selection selection = selections.get(token);
        if (selection == null) {
            throw error("'" + token + "' is not a selection of this rule; the selections are "
                    + String.join(", ", selections.keySet()));
        }
        return new Ref(selection);
    }

    private Condition quantified(String quantifier, String pattern) {
        boolean all = quantifier.equals("all");
        if (!all && !quantifier.equals("1") && !quantifier.equals("any")) {
            throw error("'" + quantifier + " of' is not supported; use '1 of' or 'all of'");
        }
        List<Condition> matched = new ArrayList<>();
        Pattern glob = pattern.equals("them") ? null
                : Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
        selections.forEach((name, selection) -> {
            boolean included = glob == null ? !name.startsWith("_") : glob.matcher(name).matches();
            if (included) {
                matched.add(new Ref(selection));
            }
        });
        if (matched.isEmpty()) {
            throw error("'" + pattern + "' names no selection; the selections are "
                    + String.join(", ", selections.keySet()));
        }
        if (matched.size() == 1) {
            return matched.get(0);
        }
        return all ? new And(List.copyOf(matched)) : new Or(List.copyOf(matched));
    }

    private boolean accept(String token) {
        if (position < tokens.size() && tokens.get(position).equals(token)) {
            position++;
            return true;
        }
        return false;
    }

    private String next(String expected) {
        if (position >= tokens.size()) {
            throw error("ends where " + expected + " was expected");
        }
        return tokens.get(position++);
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("condition '" + text + "': " + message);
    }
}
