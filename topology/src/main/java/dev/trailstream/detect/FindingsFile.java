package dev.trailstream.detect;

import dev.trailstream.anomaly.AnomalySettings;
import dev.trailstream.anomaly.AnomalyTuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The findings file ({@code run --allow FILE}): one YAML document with an {@code allow:} list (known-good activity,
 * see {@link AllowList}), a {@code suppress:} list (suppression windows, see {@link FindingWindows}) and an
 * {@code anomalies:} mapping (thresholds of the behavioural anomalies, see {@link AnomalyTuning}), any of them. Read and checked as a whole: every problem of both sections is listed in one
 * {@link InvalidAllowListException}, and nothing is applied unless all of it is right.
 */
public record FindingsFile(AllowList allowList, FindingWindows windows, AnomalySettings anomalies) {
    private static final Set<String> SECTIONS = Set.of("allow", "suppress", "anomalies");

    public FindingsFile {
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(anomalies, "anomalies");
    }

    /** No file: nothing allowed, the built-in windows and anomaly thresholds. */
    public static FindingsFile none() {
        return new FindingsFile(AllowList.NONE, FindingWindows.DEFAULTS, AnomalySettings.defaults());
    }

    public static FindingsFile load(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidAllowListException(List.of(file + ": cannot be read: " + e.getMessage()));
        }
        return parse(file.toString(), content);
    }

    /** {@code source} names the content in errors. */
    public static FindingsFile parse(String source, byte[] content) {
        List<Object> documents;
        try {
            documents = RuleYaml.documents(content);
        } catch (IOException | RuntimeException e) {
            throw new InvalidAllowListException(List.of(source + ": not valid YAML: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
        if (documents.size() != 1 || !(documents.get(0) instanceof Map<?, ?> top) || top.isEmpty()
                || !SECTIONS.containsAll(top.keySet().stream().map(String::valueOf).toList())) {
            throw new InvalidAllowListException(List.of(source
                    + ": expected one YAML document with the keys 'allow' (a list of entries), 'suppress' "
                    + "(a list of windows) and/or 'anomalies' (thresholds)"));
        }
        List<String> problems = new ArrayList<>();
        AllowList allow = AllowList.compile(source, top.get("allow"), problems);
        FindingWindows windows = FindingWindows.compile(source, top.get("suppress"), problems);
        AnomalySettings anomalies = AnomalyTuning.compile(source, top.get("anomalies"), problems);
        if (!problems.isEmpty()) {
            throw new InvalidAllowListException(problems);
        }
        return new FindingsFile(allow, windows, anomalies);
    }
}
