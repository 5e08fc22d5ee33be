package dev.trailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.cli.TrailStreamCli;
import dev.trailstream.deploy.ComposeFile.Mount;
import dev.trailstream.deploy.ComposeFile.PublishedPort;
import dev.trailstream.deploy.ComposeFile.Service;
import dev.trailstream.ingest.CloudTrailSourceConfig;
import dev.trailstream.ingest.CloudTrailSourceConnector;
import dev.trailstream.topology.Topics;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The docker-compose stack, checked without Docker: images, the three-broker KRaft quorum, ports, mounts, start
 * order, Prometheus targets, and the commands and configs handed to TrailStream, the Connect worker and the connector
 * read by the real parsers and validators (picocli's {@link TrailStreamCli}, {@link KafkaConfig},
 * {@link DistributedConfig}, the connector's {@code ConfigDef}), so that a renamed flag or config breaks the build.
 */
class DockerComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Environment variables of the apache/kafka image that are not broker settings (its kafka-propertiesSpec.json). */
    private static final Set<String> KAFKA_IMAGE_NON_CONFIG_ENV = Set.of("KAFKA_VERSION", "KAFKA_HEAP_OPTS",
            "KAFKA_LOG4J_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS",
            "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9._-]+):(\\d+)");

    private static ComposeFile compose;
    private static Map<String, Service> services;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readTheComposeFile() throws IOException {
        compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
        services = compose.services();
    }

    @Test
    void pinsEveryImageToAVersionTag() {
        assertThat(services).isNotEmpty();
        services.values().forEach(s -> {
            assertThat(s.image()).as("%s has an image (nothing is built by compose)", s.name()).isPresent();
            assertThat(s.imageTag()).as("%s: %s", s.name(), s.image().orElseThrow())
                    .isNotBlank().isNotEqualToIgnoringCase("latest").containsPattern("\\d");
        });
    }

    @Test
    void runsThreeCombinedKafkaNodesOfTheProjectsKafkaVersionInOneQuorum() throws IOException {
        Matcher version = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).as("pom.xml sets kafka.version").isTrue();
        String projectKafka = version.group(1);
        String minor = projectKafka.substring(0, projectKafka.indexOf('.', projectKafka.indexOf('.') + 1) + 1);
        services.values().stream().filter(s -> s.imageRepository().equals("apache/kafka"))
                .forEach(s -> assertThat(s.imageTag()).as(s.name()).startsWith(minor).isEqualTo(projectKafka));

        List<Service> brokers = brokers();
        assertThat(brokers).extracting(Service::name).hasSize(3);
        Set<String> voters = new TreeSet<>();
        Set<String> ids = new HashSet<>();
        for (Service b : brokers) {
            Map<String, String> env = b.environment();
            assertThat(Arrays.asList(env.get("KAFKA_PROCESS_ROLES").split(","))).as(b.name())
                    .containsExactlyInAnyOrder("broker", "controller");
            assertThat(ids.add(env.get("KAFKA_NODE_ID"))).as("node id %s of %s is unique", env.get("KAFKA_NODE_ID"),
                    b.name()).isTrue();
            voters.add(env.get("KAFKA_NODE_ID") + "@" + b.name() + ":" + listenerPort(b, "CONTROLLER"));
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as("%s advertises its own service name", b.name())
                    .isEqualTo("PLAINTEXT://" + b.name() + ":" + listenerPort(b, "PLAINTEXT"));
            assertThat(b.node().path("hostname").asText()).isEqualTo(b.name());
        }
        for (Service b : brokers) {
            assertThat(new TreeSet<>(Arrays.asList(b.environment().get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","))))
                    .as("%s's KAFKA_CONTROLLER_QUORUM_VOTERS names every node at its controller listener", b.name())
                    .isEqualTo(voters);
        }
        assertThat(brokers.stream().map(b -> b.environment().get("CLUSTER_ID")).collect(Collectors.toSet()))
                .as("one cluster id").hasSize(1).doesNotContainNull();
    }

    @Test
    void givesEveryBrokerSettingsThatKafkaAcceptsAndReplicatesEverythingThreeTimes() {
        Set<String> known = AbstractKafkaConfig.CONFIG_DEF.names();
        for (Service b : brokers()) {
            Properties props = brokerProperties(b);
            assertThat(props.stringPropertyNames()).as("%s: settings Kafka knows", b.name()).allSatisfy(name ->
                    assertThat(known).as("broker setting %s of %s", name, b.name()).contains(name));
            KafkaConfig config = KafkaConfig.fromProps(props);
            assertThat(config.nodeId()).isEqualTo(Integer.parseInt(b.environment().get("KAFKA_NODE_ID")));
            int brokers = brokers().size();
            assertThat(config.defaultReplicationFactor()).isEqualTo(brokers);
            assertThat(Integer.parseInt(props.getProperty("offsets.topic.replication.factor"))).isEqualTo(brokers);
            assertThat(Integer.parseInt(props.getProperty("transaction.state.log.replication.factor")))
                    .isEqualTo(brokers);
            // A write needs two replicas, so one broker may be down: fewer would lose data, all three would stall.
            assertThat(Integer.parseInt(props.getProperty("min.insync.replicas"))).isEqualTo(brokers - 1);
            assertThat(Integer.parseInt(props.getProperty("transaction.state.log.min.isr"))).isEqualTo(brokers - 1);
        }
    }

    @Test
    void publishesEveryPortOnLoopbackOnly() {
        List<String> published = new ArrayList<>();
        services.values().forEach(s -> s.ports().forEach(p -> {
            published.add(s.name() + " " + p);
            assertThat(p.hostIp()).as("%s publishes %s on 127.0.0.1 only", s.name(), p).contains("127.0.0.1");
        }));
        assertThat(published).isNotEmpty();
        List<Integer> hostPorts = services.values().stream().flatMap(s -> s.ports().stream())
                .map(PublishedPort::hostPort).toList();
        assertThat(hostPorts).as("host ports").doesNotHaveDuplicates();
        assertThat(hostPorts).contains(3000, 9090);
    }

    @Test
    void mountsOnlyPathsOfTheRepositoryOrWhatTheBuildMakesAndDeclaresEveryNamedVolume() throws IOException {
        Set<Path> built = buildOutputs();
        for (Service s : services.values()) {
            for (Mount m : s.mounts()) {
                if (m.hostPath()) {
                    Path host = ROOT.resolve(m.source()).normalize();
                    // Path.startsWith, not AssertJ's, which resolves real paths and so needs the jar built.
                    assertThat(host.startsWith(ROOT)).as("%s mounts %s from inside the repository", s.name(),
                            m.source()).isTrue();
                    assertThat(Files.exists(host) || built.contains(host))
                            .as("%s mounts %s: in the repository, or one of what the build makes %s", s.name(),
                                    m.source(), built).isTrue();
                } else {
                    assertThat(compose.namedVolumes()).as("%s mounts volume %s", s.name(), m.source())
                            .contains(m.source());
                }
            }
        }
        // Both build outputs are used: the jar by TrailStream's services, the plugin folder by the Connect worker.
        Set<Path> mounted = services.values().stream().flatMap(s -> s.mounts().stream()).filter(Mount::hostPath)
                .map(m -> ROOT.resolve(m.source()).normalize()).collect(Collectors.toSet());
        assertThat(mounted).containsAll(built);
    }

    @Test
    void namesTheJarAndThePluginFolderExactlyAsTheBuildMakesThem() throws IOException {
        Path jar = ROOT.resolve("app/target/trailstream.jar");
        Path plugin = ROOT.resolve("connectors/target/trailstream-cloudtrail-source");
        assertThat(buildOutputs()).containsExactlyInAnyOrder(jar, plugin);
        // When the connectors module has been packaged (it is, before the app's tests in a reactor build), the folder
        // mounted as plugin.path holds the plugin's own folder with the connector's jar.
        if (Files.isDirectory(plugin)) {
            try (var walk = Files.walk(plugin, 2)) {
                assertThat(walk.map(p -> p.getFileName().toString()))
                        .anyMatch(name -> name.startsWith("trailstream-connectors-") && name.endsWith(".jar"));
            }
        }
    }

    @Test
    void dependsOnlyOnServicesThatExistWithConditionsTheyCanMeetAndWithoutACycle() {
        for (Service s : services.values()) {
            s.dependsOn().forEach((name, condition) -> {
                assertThat(services).as("%s depends on %s", s.name(), name).containsKey(name);
                Service target = services.get(name);
                switch (condition) {
                    case "service_healthy" -> assertThat(target.hasHealthcheck())
                            .as("%s waits for %s to be healthy: it needs a healthcheck", s.name(), name).isTrue();
                    case "service_completed_successfully" -> assertThat(target.restart())
                            .as("%s waits for one-shot %s to finish: it must not restart", s.name(), name)
                            .isEqualTo("no");
                    case "service_started" -> { }
                    default -> fail(s.name() + " depends on " + name + " with unknown condition " + condition);
                }
            });
        }
        for (String start : services.keySet()) {
            Deque<String> todo = new ArrayDeque<>(services.get(start).dependsOn().keySet());
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String next = todo.pop();
                assertThat(next).as("%s depends on itself through its dependencies", start).isNotEqualTo(start);
                if (seen.add(next)) {
                    todo.addAll(services.get(next).dependsOn().keySet());
                }
            }
        }
    }

    @Test
    void startsEachPieceOnlyOnceWhatItNeedsIsUp() {
        for (Service instance : trailstreamInstances()) {
            assertThat(instance.dependsOn()).as(instance.name())
                    .containsAllEntriesOf(brokers().stream().collect(Collectors.toMap(Service::name,
                            b -> "service_healthy")))
                    .containsEntry("simulate", "service_completed_successfully");
        }
        Service init = connectorInit();
        // The connector starts only when TrailStream has created the topics with their partitions (auto-creation is
        // off), the worker answers, and the bucket holds the logs.
        assertThat(init.dependsOn()).containsEntry("connect", "service_healthy")
                .containsEntry("seed-bucket", "service_completed_successfully");
        trailstreamInstances().forEach(i -> assertThat(init.dependsOn()).containsEntry(i.name(), "service_healthy"));
        assertThat(brokers()).allSatisfy(b -> assertThat(b.environment())
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false"));
    }

    @Test
    void runsTwoTrailStreamInstancesWhoseCommandsTheRealCliParses() {
        List<Service> instances = trailstreamInstances();
        assertThat(instances).hasSize(2);
        Set<String> applicationIds = new HashSet<>();
        for (Service instance : instances) {
            ParseResult run = parse(instance, "run");
            assertThat(run.hasMatchedOption("--no-connect")).as("%s leaves the connector to Connect", instance.name())
                    .isTrue();
            assertThat(run.hasMatchedOption("--once")).isFalse();
            assertThat(List.of(run.<String>matchedOptionValue("--bootstrap-servers", "").split(",")))
                    .as("%s's --bootstrap-servers", instance.name())
                    .containsExactlyInAnyOrderElementsOf(bootstrapServers());
            short replicas = run.matchedOptionValue("--replication-factor", (short) 0);
            assertThat((int) replicas).isEqualTo(brokers().size());
            assertThat(run.<String>matchedOptionValue("--http-bind", "127.0.0.1")).isEqualTo("0.0.0.0");
            applicationIds.add(run.matchedOptionValue("--application-id", "trailstream"));
            int httpPort = run.matchedOptionValue("--http-port", 8080);
            assertThat(instance.ports()).extracting(PublishedPort::containerPort).containsExactly(httpPort);
            assertThat(String.join(" ", instance.healthcheck())).contains("127.0.0.1:" + httpPort + "/health");
            Path stateDir = run.matchedOptionValue("--state-dir", Path.of("trailstream-data"));
            assertThat(instance.mounts()).as("%s keeps its state on a volume of its own", instance.name())
                    .anySatisfy(m -> {
                        assertThat(m.target()).isEqualTo(stateDir.toString());
                        assertThat(m.hostPath()).isFalse();
                    });
            // Streams announces this name to the other instances for queries of keys it hosts.
            assertThat(instance.node().path("hostname").asText()).isEqualTo(instance.name());
        }
        assertThat(applicationIds).as("one application id: the instances share the work").hasSize(1);
        assertThat(instances.stream().flatMap(i -> i.mounts().stream()).filter(m -> !m.hostPath()
                && m.target().equals("/var/lib/trailstream")).map(Mount::source)).doesNotHaveDuplicates();
    }

    @Test
    void namesIamFilesThatTheSimulateServiceWritesWithItsArguments() throws IOException {
        Service simulate = services.get("simulate");
        List<String> args = new ArrayList<>(cliArguments(simulate));
        ParseResult parsed = new CommandLine(new TrailStreamCli()).parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("simulate");
        String out = parsed.subcommand().matchedOptionValue("--out", Path.of("")).toString();
        Mount simulated = simulate.mounts().stream().filter(m -> m.target().equals(out)).findFirst()
                .orElseThrow(() -> new AssertionError("simulate writes to " + out + ", which is no volume"));

        // The same arguments here: the same organisation, the same account ids.
        args.set(args.indexOf("--out") + 1, tmp.toString());
        StringWriter err = new StringWriter();
        int rc = TrailStreamCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                args.toArray(String[]::new));
        assertThat(rc).as(err.toString()).isZero();

        for (Service instance : trailstreamInstances()) {
            ParseResult run = parse(instance, "run");
            List<Path> files = new ArrayList<>(run.matchedOptionValue("--iam", List.<Path>of()));
            files.addAll(run.matchedOptionValue("--credential-report", List.<Path>of()));
            assertThat(files).as("%s reviews least privilege", instance.name()).isNotEmpty();
            Mount mine = instance.mounts().stream().filter(m -> m.source().equals(simulated.source())).findFirst()
                    .orElseThrow(() -> new AssertionError(instance.name() + " does not mount " + simulated.source()));
            for (Path file : files) {
                assertThat(file.toString()).startsWith(mine.target() + "/");
                Path local = tmp.resolve(Path.of(mine.target()).relativize(file));
                assertThat(local).as("%s names %s", instance.name(), file).isRegularFile();
            }
        }
    }

    @Test
    void runsADistributedConnectWorkerWithExactlyOnceSourceSupportAndThePluginMounted() throws IOException {
        Service connect = services.get("connect");
        assertThat(connect.imageRepository()).isEqualTo("apache/kafka");
        List<String> command = connect.command();
        assertThat(command.get(0)).isEqualTo("/opt/kafka/bin/connect-distributed.sh");
        Properties worker = load(hostFileMountedAt(connect, command.get(1)));

        DistributedConfig config = new DistributedConfig(toMap(worker));
        assertThat(config.exactlyOnceSourceEnabled()).isTrue();
        assertThat(List.of(worker.getProperty("bootstrap.servers").split(",")))
                .containsExactlyInAnyOrderElementsOf(bootstrapServers());
        for (String topic : List.of("config", "offset", "status")) {
            assertThat(Integer.parseInt(worker.getProperty(topic + ".storage.replication.factor")))
                    .isEqualTo(brokers().size());
        }
        Mount plugin = connect.mounts().stream().filter(m -> m.source().endsWith("trailstream-cloudtrail-source"))
                .findFirst().orElseThrow();
        assertThat(worker.getProperty("plugin.path")).isEqualTo(plugin.target());
        assertThat(worker.getProperty("key.converter")).isEqualTo("org.apache.kafka.connect.storage.StringConverter");
        assertThat(worker.getProperty("value.converter"))
                .isEqualTo("org.apache.kafka.connect.converters.ByteArrayConverter");
        int restPort = URI.create(worker.getProperty("listeners")).getPort();
        assertThat(connect.ports()).extracting(PublishedPort::containerPort).contains(restPort);
        assertThat(String.join(" ", connect.healthcheck())).contains("/" + restPort);
    }

    @Test
    void createsAConnectorWhoseEveryConfigNameTheConnectorKnowsAndWhoseConfigPassesItsValidation()
            throws IOException {
        Service init = connectorInit();
        List<String> curl = init.command();
        String url = curl.get(curl.size() - 1);
        assertThat(curl).containsSequence("-X", "PUT");
        URI uri = URI.create(url);
        Properties worker = load(hostFileMountedAt(services.get("connect"),
                services.get("connect").command().get(1)));
        assertThat(uri.getHost()).isEqualTo("connect");
        assertThat(uri.getPort()).isEqualTo(URI.create(worker.getProperty("listeners")).getPort());
        assertThat(uri.getPath()).matches("/connectors/[a-z0-9-]+/config");
        String data = curl.get(curl.indexOf("--data") + 1);
        assertThat(data).startsWith("@");
        Map<String, String> config = JSON.readValue(hostFileMountedAt(init, data.substring(1)).toFile(),
                JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, String.class));

        Set<String> known = new HashSet<>(CloudTrailSourceConfig.CONFIG_DEF.names());
        known.addAll(SourceConnectorConfig.configDef().names());
        assertThat(config.keySet()).as("config names the connector or Connect knows").allSatisfy(name ->
                assertThat(known).as(name).contains(name));
        assertThat(config.keySet()).doesNotContain(CloudTrailSourceConfig.TASK_INDEX,
                CloudTrailSourceConfig.TASK_COUNT);

        CloudTrailSourceConnector connector = new CloudTrailSourceConnector();
        List<String> problems = connector.validate(config).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty()).map(v -> v.name() + ": " + v.errorMessages()).toList();
        assertThat(problems).isEmpty();
        // PUT /connectors/NAME/config takes the name from the path (and refuses a different one in the body).
        String name = uri.getPath().split("/")[2];
        assertThat(config.getOrDefault("name", name)).isEqualTo(name);
        Map<String, String> asConnectSeesIt = new HashMap<>(config);
        asConnectSeesIt.put("name", name);
        Map<String, ConfigValue> connectSide = SourceConnectorConfig.configDef().validateAll(asConnectSeesIt);
        assertThat(connectSide.values().stream().filter(v -> !v.errorMessages().isEmpty())
                .map(v -> v.name() + ": " + v.errorMessages())).isEmpty();
        assertThat(config).containsEntry("connector.class", CloudTrailSourceConnector.class.getName())
                .containsEntry("exactly.once.support", "required");
        assertThat(connector.exactlyOnceSupport(config)).isEqualTo(ExactlyOnceSupport.SUPPORTED);
        // It writes where TrailStream reads.
        assertThat(config).containsEntry(CloudTrailSourceConfig.TOPIC, Topics.EVENTS)
                .containsEntry(CloudTrailSourceConfig.ERRORS_TOPIC, Topics.INGEST_ERRORS)
                .containsEntry(CloudTrailSourceConfig.OBJECTS_TOPIC, Topics.OBJECTS);
    }

    @Test
    void readsTheSeededMinioBucketWithCredentialsFromTheEnvironmentOnly() throws IOException {
        Service init = connectorInit();
        String data = init.command().get(init.command().indexOf("--data") + 1);
        Map<String, String> config = JSON.readValue(hostFileMountedAt(init, data.substring(1)).toFile(),
                JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, String.class));
        URI endpoint = URI.create(config.get(CloudTrailSourceConfig.S3_ENDPOINT));
        Service minio = services.get(endpoint.getHost());
        assertThat(minio).as("s3.endpoint names a compose service").isNotNull();
        assertThat(minio.imageRepository()).isEqualTo("minio/minio");
        assertThat(minio.command()).startsWith("server");
        // MinIO's S3 API listens on 9000 unless --address says otherwise.
        assertThat(minio.command()).doesNotContain("--address");
        assertThat(endpoint.getPort()).isEqualTo(9000);
        assertThat(config).containsEntry(CloudTrailSourceConfig.S3_PATH_STYLE, "true");

        String seed = String.join(" ", services.get("seed-bucket").command());
        Matcher bucket = Pattern.compile("mc mb (?:--ignore-existing )?local/([a-z0-9.-]+)").matcher(seed);
        assertThat(bucket.find()).as(seed).isTrue();
        Matcher mirror = Pattern.compile("mc mirror (?:--overwrite )?(\\S+) local/(\\S+)").matcher(seed);
        assertThat(mirror.find()).as(seed).isTrue();
        assertThat(config.get(CloudTrailSourceConfig.SOURCE)).isEqualTo("s3://" + mirror.group(2))
                .startsWith("s3://" + bucket.group(1) + "/");
        assertThat(services.get("seed-bucket").dependsOn()).containsEntry("simulate",
                "service_completed_successfully");

        // No secret in the connector's config (Connect shows it over REST); the worker's environment carries them
        // to the AWS SDK's default credential chain, the same variables MinIO is started with.
        Map<String, String> minioEnv = minio.environment();
        assertThat(config.keySet()).noneMatch(k -> k.matches("(?i).*(secret|password|access[._-]?key).*"));
        String password = minioEnv.get("MINIO_ROOT_PASSWORD");
        assertThat(password).as("taken from the environment, with a local default").startsWith("${MINIO_ROOT_PASSWORD:-");
        String localDefault = password.substring("${MINIO_ROOT_PASSWORD:-".length(), password.length() - 1);
        assertThat(config.values()).noneMatch(v -> v.contains(localDefault));
        Map<String, String> workerEnv = services.get("connect").environment();
        assertThat(workerEnv).containsEntry("AWS_ACCESS_KEY_ID", minioEnv.get("MINIO_ROOT_USER"))
                .containsEntry("AWS_SECRET_ACCESS_KEY", minioEnv.get("MINIO_ROOT_PASSWORD"));
    }

    @Test
    void scrapesEveryTrailStreamInstanceAtItsHttpPortAndOnlyComposeServices() throws IOException {
        Service prometheus = services.get("prometheus");
        String configFlag = prometheus.command().stream().filter(a -> a.startsWith("--config.file=")).findFirst()
                .orElseThrow();
        JsonNode config = ComposeFile.readYaml(hostFileMountedAt(prometheus,
                configFlag.substring("--config.file=".length())));
        Map<String, Integer> scraped = new HashMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                for (JsonNode target : sc.path("targets")) {
                    Matcher m = HOST_PORT.matcher(target.asText());
                    assertThat(m.matches()).as("target %s", target.asText()).isTrue();
                    Service s = services.get(m.group(1));
                    assertThat(s).as("target %s is a compose service", target.asText()).isNotNull();
                    int port = Integer.parseInt(m.group(2));
                    assertThat(s.ports()).extracting(PublishedPort::containerPort)
                            .as("%s listens on %d", s.name(), port).contains(port);
                    scraped.put(s.name(), port);
                }
            }
        }
        for (Service instance : trailstreamInstances()) {
            int httpPort = parse(instance, "run").matchedOptionValue("--http-port", 8080);
            assertThat(scraped).as("Prometheus scrapes %s's /metrics", instance.name())
                    .containsEntry(instance.name(), httpPort);
        }
        assertThat(services.get("grafana").dependsOn()).containsKey("prometheus");
    }

    @Test
    void provisionsGrafanaFromTheRepositoryFoldersPointingAtTheComposePrometheus() throws IOException {
        Service grafana = services.get("grafana");
        assertThat(grafana.mounts()).contains(new Mount("./grafana/provisioning", "/etc/grafana/provisioning"),
                new Mount("./grafana/dashboards", "/var/lib/grafana/dashboards"));
        // The provisioning files themselves come with the dashboards; when they are there, they must fit the stack.
        Path datasources = ROOT.resolve("grafana/provisioning/datasources");
        if (Files.isDirectory(datasources)) {
            try (var files = Files.list(datasources)) {
                for (Path f : files.filter(p -> p.toString().matches(".*\\.ya?ml")).toList()) {
                    for (JsonNode ds : ComposeFile.readYaml(f).path("datasources")) {
                        URI url = URI.create(ds.path("url").asText());
                        assertThat(services).as("%s: datasource URL %s", f, url).containsKey(url.getHost());
                        assertThat(services.get(url.getHost()).ports()).extracting(PublishedPort::containerPort)
                                .contains(url.getPort());
                    }
                }
            }
        }
        Path providers = ROOT.resolve("grafana/provisioning/dashboards");
        if (Files.isDirectory(providers)) {
            try (var files = Files.list(providers)) {
                for (Path f : files.filter(p -> p.toString().matches(".*\\.ya?ml")).toList()) {
                    for (JsonNode provider : ComposeFile.readYaml(f).path("providers")) {
                        assertThat(provider.path("options").path("path").asText()).as(f.toString())
                                .isEqualTo("/var/lib/grafana/dashboards");
                    }
                }
            }
        }
    }

    // --- readings of the file ---

    private static List<Service> brokers() {
        return services.values().stream().filter(s -> s.imageRepository().equals("apache/kafka")
                && s.environment().containsKey("KAFKA_PROCESS_ROLES")).toList();
    }

    private static List<Service> trailstreamInstances() {
        return services.values().stream().filter(s -> {
            List<String> args = s.command();
            int jar = args.indexOf("-jar");
            return jar >= 0 && args.size() > jar + 2 && args.get(jar + 2).equals("run");
        }).toList();
    }

    private static Service connectorInit() {
        return services.values().stream().filter(s -> s.command().stream().anyMatch(a -> a.contains("/connectors/")))
                .findFirst().orElseThrow(() -> new AssertionError("no service creates the connector"));
    }

    /** host:port of every broker's PLAINTEXT listener, as clients inside the compose network reach them. */
    private static List<String> bootstrapServers() {
        return brokers().stream().map(b -> b.name() + ":" + listenerPort(b, "PLAINTEXT")).toList();
    }

    private static int listenerPort(Service broker, String listener) {
        for (String l : broker.environment().get("KAFKA_LISTENERS").split(",")) {
            if (l.startsWith(listener + "://")) {
                return Integer.parseInt(l.substring(l.lastIndexOf(':') + 1));
            }
        }
        throw new AssertionError(broker.name() + " has no " + listener + " listener");
    }

    /** What the apache/kafka image writes to server.properties from KAFKA_* variables (_ . , __ _ , ___ -). */
    private static Properties brokerProperties(Service broker) {
        Properties props = new Properties();
        broker.environment().forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !KAFKA_IMAGE_NON_CONFIG_ENV.contains(name)) {
                String key = name.substring("KAFKA_".length()).toLowerCase()
                        .replace("___", "-").replace("__", "\u0000").replace("_", ".").replace("\u0000", "_");
                props.setProperty(key, value);
            }
        });
        return props;
    }

    /** The arguments TrailStream gets in a service that runs {@code java ... -jar JAR ARGS}. */
    private static List<String> cliArguments(Service service) {
        List<String> command = service.command();
        int jar = command.indexOf("-jar");
        assertThat(jar).as("%s runs java -jar", service.name()).isPositive();
        assertThat(command.get(0)).isEqualTo("java");
        Mount mounted = service.mounts().stream().filter(m -> m.target().equals(command.get(jar + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(service.name() + " runs a jar it does not mount"));
        assertThat(mounted.source()).isEqualTo("./app/target/trailstream.jar");
        return command.subList(jar + 2, command.size());
    }

    /** The command parsed by the real CLI (an unknown flag or bad value fails here), and its subcommand's result. */
    private static ParseResult parse(Service service, String subcommand) {
        List<String> args = cliArguments(service);
        ParseResult result;
        try {
            result = new CommandLine(new TrailStreamCli()).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(service.name() + ": trailstream refuses its command: " + e.getMessage(), e);
        }
        assertThat(result.subcommand()).isNotNull();
        assertThat(result.subcommand().commandSpec().name()).isEqualTo(subcommand);
        return result.subcommand();
    }

    /** The repository file a service mounts at {@code containerPath}, directly or inside a mounted folder. */
    private static Path hostFileMountedAt(Service service, String containerPath) {
        for (Mount m : service.mounts()) {
            if (m.hostPath() && (containerPath.equals(m.target()) || containerPath.startsWith(m.target() + "/"))) {
                Path file = ROOT.resolve(m.source()).resolve(Path.of(m.target()).relativize(Path.of(containerPath))
                        .toString()).normalize();
                assertThat(file).as("%s reads %s", service.name(), containerPath).isRegularFile();
                return file;
            }
        }
        throw new AssertionError(service.name() + " mounts nothing at " + containerPath);
    }

    /**
     * What {@code ./mvnw -B package} makes that the stack mounts, read from the poms: the shaded jar's
     * {@code outputFile} and the connector plugin assembly's {@code finalName} (its directory format).
     */
    private static Set<Path> buildOutputs() throws IOException {
        Set<Path> outputs = new HashSet<>();
        String app = Files.readString(ROOT.resolve("app/pom.xml"));
        Matcher jar = Pattern.compile("<outputFile>\\$\\{project\\.build\\.directory}/([^<]+)</outputFile>")
                .matcher(app);
        assertThat(jar.find()).as("app/pom.xml shades into an outputFile").isTrue();
        outputs.add(ROOT.resolve("app/target").resolve(jar.group(1)));
        String connectors = Files.readString(ROOT.resolve("connectors/pom.xml"));
        Matcher plugin = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(connectors);
        assertThat(plugin.find()).as("connectors/pom.xml names its plugin assembly").isTrue();
        assertThat(Files.readString(ROOT.resolve("connectors/src/assembly/plugin.xml"))).contains("<format>dir</format>");
        outputs.add(ROOT.resolve("connectors/target").resolve(plugin.group(1)));
        return outputs;
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }
}
