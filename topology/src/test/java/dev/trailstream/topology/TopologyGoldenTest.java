package dev.trailstream.topology;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the topology, names included, against a committed copy. Processor, store and repartition-topic names
 * are bound to state on disk and in changelogs: a rename must be a decision, not an accident.
 */
class TopologyGoldenTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "topology-golden.txt");

    @Test
    void describesTheSameTopologyAsTheCommittedGoldenFile() throws IOException {
        String actual = TrailStreamTopology.build(TopologyConfig.defaults()).describe().toString();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(GOLDEN)).as("missing %s; create it with -Dgolden.update=true", GOLDEN).isTrue();
        assertThat(actual)
                .as("The topology changed. If processor, store or topic names changed, existing state is orphaned. "
                        + "If that is intended, regenerate with: mvn -pl topology test -Dtest=TopologyGoldenTest "
                        + "-Dgolden.update=true, and review the diff of %s", GOLDEN)
                .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }
}
