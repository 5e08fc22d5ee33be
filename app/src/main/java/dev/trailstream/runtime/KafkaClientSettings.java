package dev.trailstream.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The security settings of an existing Kafka cluster ({@code --kafka-config FILE}, a Java properties file: SASL,
 * SSL), given to every Kafka client this process makes: the Streams application and its clients, the in-process
 * Connect worker and the clients of its connectors, the admin client, the access review, the IAM snapshot publisher,
 * the findings readers and the SIEM sinks.
 *
 * <p>Only connection and security settings are taken ({@link #ALLOWED}): the rest (serialisers, group ids,
 * isolation, transactions) are TrailStream's to set, and a file that overrode them could break exactly-once without a
 * word. Values are never printed; Kafka's own config logging hides the secret ones ({@code sasl.jaas.config},
 * passwords) as {@code [hidden]}.
 *
 * <p>Process-wide, set once by {@code run} before anything connects: one run per JVM, as the CLI has.
 */
public final class KafkaClientSettings {
    /** Setting names, or prefixes ending in '.', that a --kafka-config file may hold. */
    static final List<String> ALLOWED = List.of("security.protocol", "sasl.", "ssl.", "client.dns.lookup",
            "socket.connection.setup.timeout.ms", "socket.connection.setup.timeout.max.ms", "connections.max.idle.ms",
            "reconnect.backoff.ms", "reconnect.backoff.max.ms");
    private static volatile Map<String, String> current = Map.of();

    private KafkaClientSettings() {
    }

    /**
     * Reads and checks a settings file.
     *
     * @throws UsageException on an unreadable file or a setting outside {@link #ALLOWED}
     */
    public static Map<String, String> load(Path file, String flag) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new UsageException(flag + " " + file + ": no such file: give a properties file of client "
                    + "security settings (security.protocol, sasl.*, ssl.*)");
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException(flag + " " + file + ": cannot read it as a Java properties file");
        }
        Map<String, String> settings = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (ALLOWED.stream().noneMatch(a -> a.endsWith(".") ? name.startsWith(a) : name.equals(a))) {
                throw new UsageException(flag + " " + file + ": " + name + " is not a connection or security "
                        + "setting; allowed are security.protocol, sasl.*, ssl.*, client.dns.lookup and the "
                        + "socket/reconnect timeouts (TrailStream sets the rest itself)");
            }
            settings.put(name, properties.getProperty(name).strip());
        }
        return Map.copyOf(settings);
    }

    /** Makes {@code settings} the ones every client gets from now on; empty for none. */
    public static void use(Map<String, String> settings) {
        current = Map.copyOf(settings);
    }

    /** The settings in use, for a client that builds its config itself. */
    public static Map<String, String> current() {
        return current;
    }

    /** A new, mutable client config: {@code bootstrap.servers} plus the settings in use. */
    public static Map<String, Object> client(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(current);
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** An admin client's config: short timeouts, so that an unreachable cluster is one line rather than a hang. */
    public static Map<String, Object> admin(String bootstrapServers) {
        Map<String, Object> config = client(bootstrapServers);
        config.put("default.api.timeout.ms", "10000");
        config.put("request.timeout.ms", "5000");
        return config;
    }

    /**
     * A Connect worker's share: the worker's own clients read the settings unprefixed, the clients it makes for
     * connectors read them under {@code producer.}, {@code consumer.} and {@code admin.}.
     */
    public static Map<String, String> forConnectWorker() {
        Map<String, String> worker = new LinkedHashMap<>();
        current.forEach((name, value) -> {
            worker.put(name, value);
            worker.put("producer." + name, value);
            worker.put("consumer." + name, value);
            worker.put("admin." + name, value);
        });
        return worker;
    }
}
