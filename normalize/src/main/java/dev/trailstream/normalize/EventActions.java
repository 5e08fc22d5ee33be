package dev.trailstream.normalize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM action behind a CloudTrail event, from its {@code eventSource} and {@code eventName}.
 *
 * <p>Most events are simply {@code <IAM prefix of the eventSource>:<eventName>}. The exceptions, in the order they
 * are tried:
 * <ol>
 *   <li>events AWS emits itself ({@code AwsServiceEvent}) and console sign-ins ({@code AwsConsoleSignIn}) need no
 *       permission, whatever their name;</li>
 *   <li>{@code event-actions.tsv}, read before the catalogue, names the events whose IAM name differs (mostly
 *       S3's) and those that need no permission; each line says why;</li>
 *   <li>Lambda and CloudFront append the API version to some names ({@code ListFunctions20150331},
 *       {@code UpdateFunctionCode20150331v2}, {@code CreateDistribution2020_05_31}): a date suffix is always removed;
 *       any other trailing version ({@code V2}, {@code 3}) only when the shorter name is a catalogued action, so
 *       names that merely end in digits stay whole;</li>
 *   <li>patterns of the table ({@code Get*} for API Gateway) apply only to names the catalogue does not know.</li>
 * </ol>
 *
 * <p>Immutable and thread-safe; the table is loaded once, with the catalogue.
 */
public final class EventActions {
    static final String RULES = "event-actions.tsv";
    static final String NO_PERMISSION = "-";
    static final String AWS_SERVICE_EVENT = "AwsServiceEvent";
    static final String CONSOLE_SIGN_IN = "AwsConsoleSignIn";

    /** A date as API versions write it, 20150331 or 2020_05_31, then an optional revision (v2). */
    private static final Pattern DATE_SUFFIX = Pattern.compile(
            "(.*[A-Za-z])(?:(?:19|20)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])"
                    + "|(?:19|20)\\d\\d_(?:0[1-9]|1[0-2])_(?:0[1-9]|[12]\\d|3[01]))(?:v\\d+)?");
    private static final Pattern OTHER_VERSION_SUFFIX = Pattern.compile("(.*?[A-Za-z])[Vv]?\\d+");

    /**
     * One line of the table.
     *
     * @param eventSource the host, lower case
     * @param eventName   an exact name, or a prefix followed by {@code *}
     * @param action      the IAM action, or null when the event needs no permission
     * @param why         the line's reason, as written after {@code #}
     */
    record Rule(String eventSource, String eventName, String action, String why) {
        boolean pattern() {
            return eventName.endsWith("*");
        }

        String prefix() {
            return eventName.substring(0, eventName.length() - 1);
        }
    }

    private static final class Holder {
        static final EventActions INSTANCE = new EventActions(ActionCatalogue.get(), load());
    }

    private final ActionCatalogue catalogue;
    private final List<Rule> rules;
    /** host → lower-case event name → rule. */
    private final Map<String, Map<String, Rule>> exact = new HashMap<>();
    /** host → pattern rules, longest prefix first so the most specific wins. */
    private final Map<String, List<Rule>> patterns = new HashMap<>();

    EventActions(ActionCatalogue catalogue, List<Rule> rules) {
        this.catalogue = catalogue;
        this.rules = List.copyOf(rules);
        for (Rule rule : rules) {
            if (rule.pattern()) {
                patterns.computeIfAbsent(rule.eventSource(), h -> new ArrayList<>()).add(rule);
            } else if (exact.computeIfAbsent(rule.eventSource(), h -> new HashMap<>())
                    .putIfAbsent(rule.eventName().toLowerCase(Locale.ROOT), rule) != null) {
                throw new IllegalStateException("two lines in " + RULES + " for " + rule.eventSource() + " "
                        + rule.eventName());
            }
        }
        patterns.values().forEach(list -> list.sort(Comparator.comparingInt((Rule r) -> r.eventName().length())
                .reversed()));
    }

    /** The table and the catalogue, loaded on first use. */
    static EventActions get() {
        return Holder.INSTANCE;
    }

    /** The IAM action of an API call; see the class comment. Use the three-argument form when the type is known. */
    public static EventAction of(String eventSource, String eventName) {
        return get().resolve(eventSource, eventName, null);
    }

    /**
     * The IAM action of an event.
     *
     * @param eventType CloudTrail's {@code eventType} ({@code AwsApiCall}, {@code AwsServiceEvent}, ...); nullable
     */
    public static EventAction of(String eventSource, String eventName, String eventType) {
        return get().resolve(eventSource, eventName, eventType);
    }

    /** The table's lines, in file order. */
    List<Rule> rules() {
        return rules;
    }

    EventAction resolve(String eventSource, String eventName, String eventType) {
        Objects.requireNonNull(eventSource, "eventSource");
        Objects.requireNonNull(eventName, "eventName");
        String host = eventSource.toLowerCase(Locale.ROOT);
        String service = catalogue.serviceForEventSource(host);
        if (AWS_SERVICE_EVENT.equals(eventType) || CONSOLE_SIGN_IN.equals(eventType)) {
            return none(service, eventName);
        }
        Map<String, Rule> hostRules = exact.getOrDefault(host, Map.of());
        EventAction found = lookup(hostRules, service, eventName);
        if (found != null) {
            return found;
        }
        String name = eventName;
        if (!name.isEmpty() && Character.isDigit(name.charAt(name.length() - 1))) {
            Matcher dated = DATE_SUFFIX.matcher(name);
            Matcher versioned = OTHER_VERSION_SUFFIX.matcher(name);
            if (dated.matches()) {
                // The date says it is an API version, not part of the name: drop it even when the rest is unknown.
                name = dated.group(1);
                found = lookup(hostRules, service, name);
            } else if (versioned.matches()) {
                found = catalogue.find(service + ":" + versioned.group(1)).map(EventActions::catalogued).orElse(null);
            }
            if (found != null) {
                return found;
            }
        }
        for (Rule pattern : patterns.getOrDefault(host, List.of())) {
            if (name.regionMatches(true, 0, pattern.prefix(), 0, pattern.prefix().length())) {
                return apply(pattern, service, name);
            }
        }
        return new EventAction(service + ":" + name, EventAction.Kind.DERIVED, null);
    }

    /** The table's exact line for the name, else the catalogued action of that name, else null. */
    private EventAction lookup(Map<String, Rule> hostRules, String service, String name) {
        Rule rule = hostRules.get(name.toLowerCase(Locale.ROOT));
        if (rule != null) {
            return apply(rule, service, name);
        }
        return catalogue.find(service + ":" + name).map(EventActions::catalogued).orElse(null);
    }

    private EventAction apply(Rule rule, String service, String eventName) {
        if (rule.action() == null) {
            return none(service, eventName);
        }
        return catalogue.find(rule.action()).map(EventActions::catalogued)
                // A table line the catalogue no longer knows: EventActionsTest fails, events still get the action.
                .orElseGet(() -> new EventAction(rule.action(), EventAction.Kind.DERIVED, null));
    }

    private EventAction none(String service, String eventName) {
        String action = service + ":" + eventName;
        // Spelt as AWS spells it where the catalogue has it (sts:GetCallerIdentity), for one name per action.
        return new EventAction(catalogue.find(action).map(IamAction::action).orElse(action),
                EventAction.Kind.NO_PERMISSION, null);
    }

    private static EventAction catalogued(IamAction action) {
        return new EventAction(action.action(), EventAction.Kind.CATALOGUED, action.accessLevel());
    }

    static List<Rule> load() {
        try (InputStream in = EventActions.class.getResourceAsStream(RULES)) {
            if (in == null) {
                throw new IOException("resource " + RULES + " is missing next to " + EventActions.class.getName());
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + RULES, e);
        }
    }

    static List<Rule> parse(BufferedReader reader) throws IOException {
        List<Rule> rules = new ArrayList<>();
        int number = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int hash = line.indexOf('#');
            String why = hash < 0 ? "" : line.substring(hash + 1).strip();
            String[] columns = (hash < 0 ? line : line.substring(0, hash)).strip().split("\t+");
            if (columns.length != 3 || why.isEmpty()) {
                throw new IllegalStateException(RULES + " line " + number
                        + ": expected eventSource, eventName, action and # why, found: " + line);
            }
            String name = columns[1];
            if (name.equals("*") || (name.indexOf('*') >= 0 && name.indexOf('*') != name.length() - 1)) {
                throw new IllegalStateException(RULES + " line " + number + ": only Name* patterns are allowed: " + line);
            }
            String action = columns[2].equals(NO_PERMISSION) ? null : columns[2];
            if (action != null && action.indexOf(':') <= 0) {
                throw new IllegalStateException(RULES + " line " + number + ": not service:Action: " + line);
            }
            rules.add(new Rule(columns[0].toLowerCase(Locale.ROOT), name, action, why));
        }
        return rules;
    }
}
