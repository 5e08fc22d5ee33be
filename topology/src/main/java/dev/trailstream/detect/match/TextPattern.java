package dev.trailstream.detect.match;

import dev.trailstream.event.CloudTrailEvent;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A value written in a rule, compiled once: Sigma semantics, so case-insensitive unless {@code |cased}, with {@code *}
 * (any characters) and {@code ?} (one character) as wildcards unless escaped with a backslash ({@code \*}, {@code \?},
 * {@code \\}). A value without wildcards is compared as text, without a regex.
 */
final class TextPattern implements ValueMatcher {
    /** How the value must sit in the event's value. */
    enum Position { EQUALS, CONTAINS, STARTSWITH, ENDSWITH }

    private final Position position;
    private final boolean cased;
    private final String literal;   // the unescaped value when it has no wildcard, else null
    private final Pattern pattern;  // the wildcard or |re pattern, else null

    private TextPattern(Position position, boolean cased, String literal, Pattern pattern) {
        this.position = position;
        this.cased = cased;
        this.literal = literal;
        this.pattern = pattern;
    }

    static TextPattern of(String value, Position position, boolean cased) {
        if (!hasWildcard(value)) {
            String text = unescape(value);
            return new TextPattern(position, cased, cased ? text : text.toLowerCase(Locale.ROOT), null);
        }
        StringBuilder regex = new StringBuilder(position == Position.EQUALS || position == Position.STARTSWITH
                ? "^" : "");
        StringBuilder literalPart = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
                literalPart.append(value.charAt(++i));
            } else if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literalPart.toString())).append(c == '*' ? ".*" : ".");
                literalPart.setLength(0);
            } else {
                literalPart.append(c);
            }
        }
        regex.append(Pattern.quote(literalPart.toString()));
        if (position == Position.EQUALS || position == Position.ENDSWITH) {
            regex.append('$');
        }
        int flags = Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return new TextPattern(position, cased, null, Pattern.compile(regex.toString(), flags));
    }

    /** A {@code |re} value: a Java regular expression, found anywhere in the value unless anchored. */
    static TextPattern regex(String value, int flags) {
        try {
            return new TextPattern(Position.CONTAINS, true, null, Pattern.compile(value, flags));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + value + "': "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** The text a value must equal (ignoring case unless cased) when this is a plain equality, else null. */
    String equalsLiteral() {
        return position == Position.EQUALS && pattern == null ? literal : null;
    }

    @Override
    public boolean test(CloudTrailEvent event, String value) {
        return value != null && test(value);
    }

    boolean test(String value) {
        if (pattern != null) {
            return pattern.matcher(value).find();
        }
        int length = literal.length();
        return switch (position) {
            case EQUALS -> cased ? value.equals(literal) : value.equalsIgnoreCase(literal);
            case STARTSWITH -> value.regionMatches(!cased, 0, literal, 0, length);
            case ENDSWITH -> value.length() >= length
                    && value.regionMatches(!cased, value.length() - length, literal, 0, length);
            case CONTAINS -> contains(value);
        };
    }

    private boolean contains(String value) {
        if (cased) {
            return value.contains(literal);
        }
        int last = value.length() - literal.length();
        for (int i = 0; i <= last; i++) {
            if (value.regionMatches(true, i, literal, 0, literal.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasWildcard(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
                i++;
            } else if (c == '*' || c == '?') {
                return true;
            }
        }
        return false;
    }

    private static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder text = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
                c = value.charAt(++i);
            }
            text.append(c);
        }
        return text.toString();
    }
}
