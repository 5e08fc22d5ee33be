package dev.trailstream.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SBOM the build writes ({@code target/sbom.json}, CycloneDX) describes what is shipped: every library inside the
 * packaged {@code trailstream.jar} (found by the Maven descriptors the shade plugin keeps) is listed at the version
 * shipped, or embedded in one that is, and nothing only the tests use is.
 */
class SbomIT {
    private static final Path TARGET = Path.of("target");

    @Test
    void listsEveryLibraryInsideTheJarAndNoTestOnlyOne() throws IOException {
        Path sbom = TARGET.resolve("sbom.json");
        // The CycloneDX plugin skips itself in offline builds (-o); CI and a plain `./mvnw -B verify` write it.
        assumeTrue(Files.isRegularFile(sbom), "no " + sbom + " (offline build?)");
        JsonNode bom = new ObjectMapper().readTree(sbom.toFile());
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        Set<String> listed = new HashSet<>();
        for (JsonNode c : bom.path("components")) {
            listed.add(c.path("group").asText() + ":" + c.path("name").asText() + ":" + c.path("version").asText());
        }

        Set<String> shipped = shipped(Path.of(System.getProperty("trailstream.jar", "target/trailstream.jar")));

        assertThat(shipped).as("libraries found in the jar").hasSizeGreaterThan(50);
        Set<String> missing = new TreeSet<>(shipped);
        missing.removeIf(gav -> gav.startsWith("dev.trailstream:") || listed.contains(gav));
        // A library that a listed one embeds (kafka-clients 4.4.0 carries commons-net, shaded) is shipped inside it:
        // the SBOM cannot see it, so it must at least be explained by its carrier.
        Path repository = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        for (String gav : missing) {
            assertThat(listed.stream().filter(carrier -> embeds(repository, carrier, gav)).findFirst())
                    .as("%s is shipped, but neither in the SBOM nor inside a library the SBOM lists", gav)
                    .isPresent();
        }
        assertThat(listed).noneMatch(gav -> gav.startsWith("org.junit") || gav.startsWith("org.testcontainers")
                || gav.startsWith("org.gaul:s3proxy") || gav.startsWith("net.jqwik") || gav.startsWith("org.assertj"));
    }

    /** Whether the jar of {@code carrier} (in the local Maven repository) holds the Maven descriptor of {@code gav}. */
    private static boolean embeds(Path repository, String carrier, String gav) {
        String[] c = carrier.split(":");
        Path jar = repository.resolve(c[0].replace('.', '/')).resolve(c[1]).resolve(c[2])
                .resolve(c[1] + "-" + c[2] + ".jar");
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try {
            return !carrier.equals(gav) && shipped(jar).contains(gav);
        } catch (IOException e) {
            return false;
        }
    }

    /** group:artifact:version of each library whose {@code pom.properties} the jar carries. */
    private static Set<String> shipped(Path jar) throws IOException {
        Set<String> gavs = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = file.getInputStream(entry)) {
                        p.load(in);
                    }
                    gavs.add(p.getProperty("groupId") + ":" + p.getProperty("artifactId") + ":"
                            + p.getProperty("version"));
                }
            }
        }
        return gavs;
    }
}
