package dev.trailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A docker-compose file read as data, with the few readings of its services the static checks need. Only the forms
 * the project's file uses are understood (list-form commands, short-form volumes and ports, map-form environment and
 * depends_on); anything else fails loudly rather than being skipped.
 */
final class ComposeFile {
    private static final YAMLMapper YAML = new YAMLMapper();

    private final JsonNode root;

    private ComposeFile(JsonNode root) {
        this.root = root;
    }

    static ComposeFile read(Path file) throws IOException {
        return new ComposeFile(YAML.readTree(file.toFile()));
    }

    static JsonNode readYaml(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    /** Services by name, in file order. */
    Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        root.path("services").fields().forEachRemaining(e -> services.put(e.getKey(), new Service(e.getKey(), e.getValue())));
        return services;
    }

    Service service(String name) {
        Service s = services().get(name);
        if (s == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return s;
    }

    /** The named volumes declared at the top level. */
    List<String> namedVolumes() {
        List<String> names = new ArrayList<>();
        root.path("volumes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A mount in short syntax, {@code source:target[:mode]}: a host path when the source starts with . or /. */
    record Mount(String source, String target) {
        boolean hostPath() {
            return source.startsWith(".") || source.startsWith("/");
        }
    }

    /** A published port in short syntax, {@code [host_ip:]host_port:container_port}. */
    record PublishedPort(Optional<String> hostIp, int hostPort, int containerPort) {
        static PublishedPort parse(String text) {
            String[] parts = text.split(":");
            return switch (parts.length) {
                case 2 -> new PublishedPort(Optional.empty(), Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                case 3 -> new PublishedPort(Optional.of(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]));
                default -> throw new AssertionError("port " + text + ": expected [HOST_IP:]HOST_PORT:CONTAINER_PORT");
            };
        }
    }

    /** One service of the file. */
    record Service(String name, JsonNode node) {
        Optional<String> image() {
            return node.hasNonNull("image") ? Optional.of(node.get("image").asText()) : Optional.empty();
        }

        /** The image's repository, without the tag. */
        String imageRepository() {
            String image = image().orElseThrow();
            int colon = image.lastIndexOf(':');
            return colon < 0 ? image : image.substring(0, colon);
        }

        /** The image's tag, or empty when there is none. */
        String imageTag() {
            String image = image().orElseThrow();
            int colon = image.lastIndexOf(':');
            return colon < 0 || image.indexOf('/', colon) >= 0 ? "" : image.substring(colon + 1);
        }

        /** The command as a list of arguments (the file writes every command as a list). */
        List<String> command() {
            return strings(node.path("command"), "command");
        }

        List<String> entrypoint() {
            return strings(node.path("entrypoint"), "entrypoint");
        }

        List<String> healthcheck() {
            return strings(node.path("healthcheck").path("test"), "healthcheck.test");
        }

        boolean hasHealthcheck() {
            return node.has("healthcheck") && !node.path("healthcheck").path("disable").asBoolean(false);
        }

        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            JsonNode e = node.path("environment");
            if (e.isMissingNode()) {
                return env;
            }
            if (!e.isObject()) {
                throw new AssertionError(name + ": environment must be a map");
            }
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
            return env;
        }

        List<Mount> mounts() {
            List<Mount> mounts = new ArrayList<>();
            for (String v : strings(node.path("volumes"), "volumes")) {
                String[] parts = v.split(":");
                if (parts.length < 2 || parts.length > 3) {
                    throw new AssertionError(name + ": volume " + v + ": expected SOURCE:TARGET[:MODE]");
                }
                mounts.add(new Mount(parts[0], parts[1]));
            }
            return mounts;
        }

        List<PublishedPort> ports() {
            return strings(node.path("ports"), "ports").stream().map(PublishedPort::parse).toList();
        }

        /** depends_on: service name to condition ({@code service_started} when the list form is used). */
        Map<String, String> dependsOn() {
            Map<String, String> deps = new LinkedHashMap<>();
            JsonNode d = node.path("depends_on");
            if (d.isArray()) {
                d.forEach(n -> deps.put(n.asText(), "service_started"));
            } else if (d.isObject()) {
                d.fields().forEachRemaining(f -> deps.put(f.getKey(),
                        f.getValue().path("condition").asText("service_started")));
            }
            return deps;
        }

        String restart() {
            return node.path("restart").asText("no");
        }

        private List<String> strings(JsonNode n, String what) {
            if (n.isMissingNode() || n.isNull()) {
                return List.of();
            }
            if (!n.isArray()) {
                throw new AssertionError(name + ": " + what + " must be a list, so that it reads as arguments");
            }
            List<String> out = new ArrayList<>();
            n.forEach(item -> {
                if (!item.isValueNode()) {
                    throw new AssertionError(name + ": " + what + ": expected short syntax, got " + item);
                }
                out.add(item.asText());
            });
            return out;
        }
    }
}
