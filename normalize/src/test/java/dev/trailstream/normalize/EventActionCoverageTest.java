package dev.trailstream.normalize;

import dev.trailstream.normalize.EventAction.Kind;
import dev.trailstream.normalize.SharedSamples.Sample;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures, over every event of the real samples in {@code ../shared/data}, how many map to a catalogued IAM action,
 * and writes the numbers and the pairs that do not to {@code target/action-mapping-coverage.md} (quoted in
 * {@code ACTION-MAPPING.md}).
 */
class EventActionCoverageTest {
    static final Path REPORT = Path.of("target", "action-mapping-coverage.md");
    private static final String ALL = "all";

    /** One eventSource/eventName pair of the samples: how it maps, how often, and where it was seen. */
    private static final class Pair {
        EventAction action;
        EventAction hostAndName;
        boolean mixed;
        int events;
        final TreeSet<String> datasets = new TreeSet<>();
    }

    /** Pairs and events per kind of mapping, for one data set or all. */
    private static final class Tally {
        final Map<Kind, int[]> byKind = new EnumMap<>(Kind.class);
        final int[] before = new int[2];
        int pairs;
        int events;
        int withoutName;

        Tally() {
            for (Kind kind : Kind.values()) {
                byKind.put(kind, new int[2]);
            }
        }

        int pairs(Kind kind) {
            return byKind.get(kind)[0];
        }

        int events(Kind kind) {
            return byKind.get(kind)[1];
        }
    }

    @Test
    void mapsEveryRealEventOfTheDetonationAndBreachLogsAndNearlyAllOfPanthersToACataloguedAction() throws IOException {
        List<Sample> samples = SharedSamples.events();
        Map<String, Map<String, Pair>> pairsByDataset = new TreeMap<>();
        Map<String, Tally> tallies = new TreeMap<>();
        for (Sample sample : samples) {
            for (String dataset : List.of(ALL, sample.dataset())) {
                Tally tally = tallies.computeIfAbsent(dataset, d -> new Tally());
                String source = sample.text("eventSource");
                String name = sample.text("eventName");
                if (source == null || name == null) {
                    tally.withoutName++;
                    continue;
                }
                EventAction action = EventActions.of(source, name, sample.text("eventType"));
                Pair pair = pairsByDataset.computeIfAbsent(dataset, d -> new TreeMap<>())
                        .computeIfAbsent(source + " " + name, k -> new Pair());
                pair.mixed |= pair.action != null && pair.action.kind() != action.kind();
                if (pair.action == null) {
                    pair.action = action;
                    pair.hostAndName = hostAndName(source, name);
                }
                pair.events++;
                pair.datasets.add(sample.dataset());
            }
        }
        pairsByDataset.forEach((dataset, pairs) -> {
            Tally tally = tallies.get(dataset);
            pairs.values().forEach(pair -> {
                tally.pairs++;
                tally.events += pair.events;
                tally.byKind.get(pair.action.kind())[0]++;
                tally.byKind.get(pair.action.kind())[1] += pair.events;
                if (pair.hostAndName.catalogued()) {
                    tally.before[0]++;
                    tally.before[1] += pair.events;
                }
            });
        });
        writeReport(samples.size(), tallies, pairsByDataset.get(ALL));

        Tally all = tallies.get(ALL);
        assertThat(pairsByDataset.get(ALL).values()).noneMatch(p -> p.mixed);
        assertThat(samples).hasSize(874);
        assertThat(all.pairs).isEqualTo(236);
        assertThat(all.events).isEqualTo(864);
        // Measured: 208 of 236 pairs and 801 of 864 events catalogued, 8 pairs (42 events) need no permission.
        assertThat(all.pairs(Kind.CATALOGUED)).isGreaterThanOrEqualTo(208);
        assertThat(all.events(Kind.CATALOGUED)).isGreaterThanOrEqualTo(801);
        assertThat(all.pairs(Kind.DERIVED)).isLessThanOrEqualTo(20);
        // The real logs map completely; what is left comes from Panther's hand-edited test events.
        assertThat(tallies.get("stratus-red-team").pairs(Kind.DERIVED)).isZero();
        assertThat(tallies.get("otrf-security-datasets-aws").pairs(Kind.DERIVED)).isZero();
        assertThat(all.pairs(Kind.CATALOGUED)).isGreaterThan(all.before[0]);
    }

    /** The mapping this replaces: the host's first label and the event name, as {@code action()} used to be. */
    private static EventAction hostAndName(String source, String name) {
        String action = source.substring(0, Math.max(0, source.indexOf('.'))) + ":" + name;
        return ActionCatalogue.get().find(action)
                .map(a -> new EventAction(a.action(), Kind.CATALOGUED, a.accessLevel()))
                .orElse(new EventAction(action, Kind.DERIVED, null));
    }

    private static void writeReport(int total, Map<String, Tally> tallies, Map<String, Pair> pairs) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("Events read: ").append(total).append(" (").append(tallies.get(ALL).withoutName)
                .append(" without eventSource or eventName are left out below)\n\n");
        out.append("| data set | pairs | events | catalogued pairs | catalogued events | no-permission pairs (events)"
                + " | derived pairs (events) | catalogued before, pairs (events) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        tallies.forEach((dataset, t) -> out.append(String.format(Locale.ROOT,
                "| %s | %d | %d | %d (%.1f%%) | %d (%.1f%%) | %d (%d) | %d (%d) | %d (%d) |%n", dataset, t.pairs,
                t.events, t.pairs(Kind.CATALOGUED), 100.0 * t.pairs(Kind.CATALOGUED) / t.pairs,
                t.events(Kind.CATALOGUED), 100.0 * t.events(Kind.CATALOGUED) / t.events,
                t.pairs(Kind.NO_PERMISSION), t.events(Kind.NO_PERMISSION), t.pairs(Kind.DERIVED),
                t.events(Kind.DERIVED), t.before[0], t.before[1])));
        out.append('\n');
        for (Kind kind : List.of(Kind.DERIVED, Kind.NO_PERMISSION)) {
            out.append(kind == Kind.DERIVED ? "Unmapped (derived, not in the catalogue):\n\n"
                    : "No permission needed:\n\n");
            out.append("| eventSource | eventName | action | events | seen in |\n|---|---|---|---:|---|\n");
            pairs.forEach((key, pair) -> {
                if (pair.action.kind() == kind) {
                    appendRow(out, key, pair.action.action(), pair);
                }
            });
            out.append('\n');
        }
        out.append("Catalogued now, not catalogued as host:eventName:\n\n");
        out.append("| eventSource | eventName | action | events | seen in |\n|---|---|---|---:|---|\n");
        pairs.forEach((key, pair) -> {
            if (pair.action.catalogued() && !pair.hostAndName.catalogued()) {
                appendRow(out, key, pair.action.action(), pair);
            }
        });
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, out);
    }

    private static void appendRow(StringBuilder out, String key, String action, Pair pair) {
        String[] sourceAndName = key.split(" ");
        out.append("| ").append(sourceAndName[0]).append(" | ").append(sourceAndName[1]).append(" | ").append(action)
                .append(" | ").append(pair.events).append(" | ").append(String.join(", ", pair.datasets)).append(" |\n");
    }
}
