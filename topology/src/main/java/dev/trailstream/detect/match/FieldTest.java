package dev.trailstream.detect.match;

import dev.trailstream.detect.match.TextPattern.Position;
import dev.trailstream.event.CloudTrailEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One {@code field|modifiers: value-or-list} entry of a selection, compiled.
 *
 * <ul>
 *   <li>A list of values matches when one of them does; with {@code |all}, when one value of the field matches all of
 *       them (for a field with several values, the same value: so {@code Statement|contains|all} asks for one
 *       statement containing every part).</li>
 *   <li>{@code null} matches an absent field or a JSON null.</li>
 *   <li>{@code |exists: true|false} tests for a value other than JSON null.</li>
 *   <li>{@code |fieldref}: the values are names of other fields, compared with their values in the same event.</li>
 * </ul>
 */
final class FieldTest {
    /** The modifiers TrailStream understands, as Sigma spells them. */
    static final List<String> MODIFIERS = List.of("contains", "startswith", "endswith", "all", "cased", "re",
            "i", "m", "s", "exists", "fieldref");

    private final Field field;
    private final List<ValueMatcher> matchers;
    private final boolean all;
    private final boolean matchesAbsent;
    private final Boolean exists;

    private FieldTest(Field field, List<ValueMatcher> matchers, boolean all, boolean matchesAbsent, Boolean exists) {
        this.field = field;
        this.matchers = matchers;
        this.all = all;
        this.matchesAbsent = matchesAbsent;
        this.exists = exists;
    }

    /**
     * Compiles {@code key} ({@code field|modifier|...}) with its value from the rule file: a string (scalars keep the
     * text written), {@code null}, or a list of those. Throws {@link IllegalArgumentException} saying what is wrong.
     */
    static FieldTest compile(String key, Object value) {
        String[] parts = key.split("\\|", -1);
        Field field = Field.of(parts[0]);
        Set<String> modifiers = modifiers(key, parts);
        List<String> values = values(key, value);
        if (modifiers.contains("exists")) {
            return existence(key, field, modifiers, values);
        }
        Position position = position(key, modifiers);
        boolean regex = modifiers.contains("re");
        if (regex && (position != Position.EQUALS || modifiers.contains("fieldref") || modifiers.contains("cased"))) {
            throw new IllegalArgumentException("'" + key + "': re takes only the flags i, m, s and all");
        }
        if (!regex && (modifiers.contains("i") || modifiers.contains("m") || modifiers.contains("s"))) {
            throw new IllegalArgumentException("'" + key + "': the flags i, m, s go only with re");
        }
        if (values.contains(null) && !modifiers.isEmpty() && !modifiers.equals(Set.of("cased"))) {
            throw new IllegalArgumentException("'" + key + "': null takes no modifiers (it matches an absent field)");
        }
        List<ValueMatcher> matchers = new ArrayList<>();
        for (String text : values) {
            matchers.add(matcher(text, modifiers, position));
        }
        return new FieldTest(field, List.copyOf(matchers), modifiers.contains("all"), values.contains(null), null);
    }

    private static Set<String> modifiers(String key, String[] parts) {
        Set<String> modifiers = new LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String modifier = parts[i];
            if (!MODIFIERS.contains(modifier)) {
                throw new IllegalArgumentException("unknown modifier '" + modifier + "' in '" + key
                        + "'; the modifiers are " + String.join(", ", MODIFIERS));
            }
            if (!modifiers.add(modifier)) {
                throw new IllegalArgumentException("modifier '" + modifier + "' repeated in '" + key + "'");
            }
        }
        return modifiers;
    }

    private static Position position(String key, Set<String> modifiers) {
        Set<String> positions = new TreeSet<>(modifiers);
        positions.retainAll(Set.of("contains", "startswith", "endswith"));
        if (positions.size() > 1) {
            throw new IllegalArgumentException("'" + key + "' combines " + String.join(" and ", positions)
                    + "; use at most one of contains, startswith, endswith");
        }
        return positions.isEmpty() ? Position.EQUALS
                : Position.valueOf(positions.iterator().next().toUpperCase(Locale.ROOT));
    }

    private static ValueMatcher matcher(String text, Set<String> modifiers, Position position) {
        boolean cased = modifiers.contains("cased");
        if (text == null) {
            return (event, value) -> value == null;
        }
        if (modifiers.contains("re")) {
            int flags = (modifiers.contains("i") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
                    | (modifiers.contains("m") ? Pattern.MULTILINE : 0)
                    | (modifiers.contains("s") ? Pattern.DOTALL : 0);
            return TextPattern.regex(text, flags);
        }
        if (modifiers.contains("fieldref")) {
            return new FieldReference(Field.of(text), position, cased);
        }
        return TextPattern.of(text, position, cased);
    }

    private static FieldTest existence(String key, Field field, Set<String> modifiers, List<String> values) {
        if (modifiers.size() > 1) {
            throw new IllegalArgumentException("'" + key + "': exists takes no other modifier");
        }
        String text = values.size() == 1 && values.get(0) != null ? values.get(0).toLowerCase(Locale.ROOT) : "";
        if (!Set.of("true", "false", "yes", "no").contains(text)) {
            throw new IllegalArgumentException("'" + key + "' must be true or false, was " + values);
        }
        return new FieldTest(field, List.of(), false, false, text.equals("true") || text.equals("yes"));
    }

    private static List<String> values(String key, Object value) {
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("'" + key + "' has an empty list of values");
            }
            List<String> values = new ArrayList<>();
            for (Object element : list) {
                if (element != null && !(element instanceof String)) {
                    throw new IllegalArgumentException("'" + key + "': a list of values holds only strings, numbers,"
                            + " booleans or null, found " + describe(element));
                }
                values.add((String) element);
            }
            return values;
        }
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("'" + key + "' must be a value or a list of values, found "
                    + describe(value));
        }
        return Collections.singletonList((String) value);
    }

    private static String describe(Object value) {
        return value instanceof Map ? "a mapping" : value instanceof List ? "a list" : value.toString();
    }

    public boolean test(CloudTrailEvent event) {
        if (exists != null) {
            return field.exists(event) == exists;
        }
        if (field.anyValue(event, value -> matches(event, value))) {
            return true;
        }
        return matchesAbsent && !field.present(event);
    }

    private boolean matches(CloudTrailEvent event, String value) {
        for (ValueMatcher matcher : matchers) {
            boolean hit = matcher.test(event, value);
            if (all != hit) {
                return hit;   // any: first hit wins; all: first miss loses
            }
        }
        return all;
    }

    /**
     * The lower-case values one of which the field must equal for the test to pass, or null when the test is not a
     * plain equality (wildcards, other modifiers, null, exists).
     */
    Set<String> requiredValues() {
        if (exists != null || all || matchesAbsent) {
            return null;
        }
        Set<String> values = new HashSet<>();
        for (ValueMatcher matcher : matchers) {
            String literal = matcher instanceof TextPattern pattern ? pattern.equalsLiteral() : null;
            if (literal == null) {
                return null;
            }
            values.add(literal.toLowerCase(Locale.ROOT));
        }
        return values;
    }

    /** The event's values that made this test pass; empty when it passed on absence or does not pass. */
    List<String> matchedValues(CloudTrailEvent event) {
        Predicate<String> kept = exists != null ? v -> Boolean.TRUE.equals(exists) && v != null
                : v -> v != null && matches(event, v);
        return field.values(event).stream().filter(kept).distinct().collect(Collectors.toList());
    }

    Field field() {
        return field;
    }

    /** {@code |fieldref}: the event's own value of another field, as equals, contains, startswith or endswith. */
    private record FieldReference(Field other, Position position, boolean cased) implements ValueMatcher {
        @Override
        public boolean test(CloudTrailEvent event, String value) {
            if (value == null) {
                return false;
            }
            return other.anyValue(event, ref -> ref != null
                    && TextPattern.of(escape(ref), position, cased).test(value));
        }

        private static String escape(String text) {
            return text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
        }
    }
}
