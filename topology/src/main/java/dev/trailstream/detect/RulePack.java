package dev.trailstream.detect;

import dev.trailstream.event.CloudTrailEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rules the topology runs: the built-in pack ({@code dev/trailstream/detect/rules/*.yml} on the classpath) and
 * rule files from user folders, each compiled once at load. Ids are unique across the pack: they are part of every
 * finding uid.
 */
public final class RulePack {
    /** Lists the built-in files: a folder inside a jar cannot be listed portably. {@code RulePackTest} keeps it true. */
    static final String BUILT_IN_INDEX = "rules/index.txt";
    private static final class BuiltIn {
        private static final RulePack PACK = readBuiltIn();
    }

    private final List<Rule> rules;
    /** Lower-case eventName → the rules that may match it, in pack order; other names get {@link #anyEvent}. */
    private final Map<String, List<Rule>> byEventName = new HashMap<>();
    private final List<Rule> anyEvent;

    private RulePack(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.anyEvent = rules.stream().filter(rule -> rule.eventNames().isEmpty()).toList();
        Set<String> names = new HashSet<>();
        rules.forEach(rule -> rule.eventNames().ifPresent(names::addAll));
        for (String name : names) {
            byEventName.put(name, rules.stream().filter(rule -> rule.eventNames().map(n -> n.contains(name))
                    .orElse(true)).toList());
        }
    }

    /** The rules that ship with TrailStream; read once per JVM. */
    public static RulePack builtIn() {
        return BuiltIn.PACK;
    }

    /**
     * The built-in rules plus every {@code *.yml} and {@code *.yaml} file under the given folders (recursively, in
     * path order). Throws {@link InvalidRulesException} listing every problem found.
     */
    public static RulePack load(List<Path> folders) {
        List<Rule> rules = new ArrayList<>(builtIn().rules());
        List<String> problems = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                problems.add(folder + ": not a folder of rule files");
                continue;
            }
            List<Path> files;
            try {
                files = ruleFiles(folder);
            } catch (IOException | UncheckedIOException e) {
                // A folder (or one below it) the user may not list is theirs to fix, like a bad rule: say which.
                problems.add(folder + ": cannot be read: " + unreadable(e));
                continue;
            }
            for (Path file : files) {
                try {
                    rules.addAll(RuleFiles.read(file.toString(), Files.readAllBytes(file), problems));
                } catch (IOException e) {
                    problems.add(file + ": cannot be read: " + unreadable(e));
                }
            }
        }
        return checked(rules, problems);
    }

    /** A pack of the given rules, e.g. for tests; ids must be unique. */
    public static RulePack of(List<? extends Rule> rules) {
        return checked(new ArrayList<>(rules), new ArrayList<>());
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * The rules that may match {@code event}, in pack order: most rules name the API calls they are about, so an
     * event is tried only against those naming its eventName, and against rules that name none.
     */
    public List<Rule> candidates(CloudTrailEvent event) {
        return byEventName.getOrDefault(event.eventName().toLowerCase(Locale.ROOT), anyEvent);
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(rule -> rule.id().equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return rules.size() + " rules";
    }

    private static RulePack checked(List<Rule> rules, List<String> problems) {
        Map<String, Rule> byId = new HashMap<>();
        for (Rule rule : rules) {
            Rule first = byId.putIfAbsent(rule.id(), rule);
            if (first != null) {
                problems.add(source(rule) + ": rule " + rule.id() + ": duplicate id, already defined in "
                        + source(first) + " (ids are part of finding uids and must be unique)");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        return new RulePack(rules);
    }

    private static String source(Rule rule) {
        return rule instanceof DetectionRule file ? file.source() : rule.getClass().getName();
    }

    /** Walking a tree reports a sub-folder it cannot open as an UncheckedIOException from the stream. */
    private static List<Path> ruleFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".yml")
                            || file.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    /** Java's file exceptions name only the path; say what went wrong with it. */
    private static String unreadable(Exception e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AccessDeniedException) {
            return "permission denied (" + cause.getMessage() + ")";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static RulePack readBuiltIn() {
        List<Rule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : builtInFileNames()) {
            String resource = "rules/" + name;
            rules.addAll(RuleFiles.read("classpath:dev/trailstream/detect/" + resource, resource(resource), problems));
        }
        try {
            return checked(rules, problems);
        } catch (InvalidRulesException e) {
            throw new IllegalStateException("the built-in rule pack is broken: " + e.getMessage(), e);
        }
    }

    static List<String> builtInFileNames() {
        String index = new String(resource(BUILT_IN_INDEX), StandardCharsets.UTF_8);
        return index.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static byte[] resource(String name) {
        try (InputStream in = RulePack.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in resource dev/trailstream/detect/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
