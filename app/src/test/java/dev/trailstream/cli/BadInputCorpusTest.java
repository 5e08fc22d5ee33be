package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.event.EventJsonReader;
import dev.trailstream.export.CommittedTopic;
import dev.trailstream.ingest.CloudTrailSourceConfig;
import dev.trailstream.ingest.ReadLimits;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.topology.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/}): every case of {@code expected.json}, the static ones
 * copied from {@code files/} and the others made here, is read by {@code trailstream run --once} against a broker
 * the test owns, and ends as the manifest says: its status on the objects topic, its errors on the ingest-errors
 * topic, its rejections on the dead-letter topic (each with a reason and its origin), its events, and the summary's
 * figures as the sums of all cases. {@code docs/bad-input.md} shows the manifest's table; the test keeps it so
 * ({@code -Dbadinput.update=true} rewrites it).
 */
class BadInputCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOC = Path.of("..", "docs", "bad-input.md");
    private static final String TABLE_START = "<!-- cases: generated from "
            + "app/src/test/resources/bad-input/expected.json by BadInputCorpusTest -->";
    private static final String TABLE_END = "<!-- end of cases -->";
    private static final String LIMITS_START = "<!-- limits: generated from the code by BadInputCorpusTest -->";
    private static final String LIMITS_END = "<!-- end of limits -->";
    private static final String KEY_ID = "corpus-key-id";
    private static final String SECRET = "corpus-secret-for-s3proxy-only";
    private static final String BUCKET = "corpus-bucket";
    /** The connector's errors that skip one record and read on (the others end the file). */
    private static final Set<String> RECORD_LEVEL = Set.of("not_an_object", "record_too_large", "invalid_utf8");
    /** How many times the throttled object answers 503 SlowDown before it is served. */
    private static final int THROTTLED_ANSWERS = 2;

    @TempDir
    Path tmp;

    /** One case of the manifest; {@link #good()} is what it still yields to the profiles. */
    record Case(String name, String file, String origin, String source, String what, String outcome,
                List<String> ingestErrors, List<String> dlq, long events, long duplicates, String reason) {
        long good() {
            return events - dlq.size() - duplicates;
        }

        boolean generated() {
            return origin.equals("generated");
        }
    }

    record Manifest(String about, List<Case> cases) {
    }

    /** What a run put on the topics and in summary.json. */
    record Outcome(Map<String, JsonNode> objects, List<JsonNode> ingestErrors,
                   List<ConsumerRecord<String, byte[]>> dlq, Map<String, Long> eventsByObject, JsonNode summary) {
    }

    @Test
    void everyLocalFolderCaseEndsAsTheManifestSaysAndNoGoodEventIsLost() throws Exception {
        List<Case> cases = cases("folder");
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        for (Case c : cases) {
            if (c.generated()) {
                generate(c.file(), logs);
            } else {
                Path target = logs.resolve(c.file());
                Files.createDirectories(target.getParent());
                Files.copy(corpus().resolve("files").resolve(c.file()), target);
            }
        }

        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0, 0)) {
            RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--bootstrap-servers",
                    broker.bootstrapServers(), "--state-dir", tmp.resolve("state").toString(), "--once", "--out",
                    tmp.resolve("out").toString(), "--partitions", "2");
            assertThat(result.rc()).as(result.err()).isZero();
            assertOutcome(cases, outcome(broker.bootstrapServers(), tmp.resolve("out")), logs.toUri().toString());
        }
    }

    @Test
    void everyS3CaseEndsAsTheManifestSaysAndTheOtherObjectsAreRead() throws Exception {
        List<Case> cases = cases("s3");
        AtomicInteger throttled = new AtomicInteger();
        S3Proxy proxy = S3Proxy.builder().blobStore(new FaultyBlobStore(new TransientNio2BlobStore(), throttled))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY_ID, SECRET).build();
        try (AwsCredentialProperties credentials = new AwsCredentialProperties(KEY_ID, SECRET)) {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                assertThat(System.nanoTime()).as("S3Proxy started within 10 s").isLessThan(deadline);
                Thread.sleep(10);
            }
            String endpoint = "http://127.0.0.1:" + proxy.getPort();
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                    .region(Region.US_EAST_1).build()) {
                s3.createBucket(b -> b.bucket(BUCKET));
                for (Case c : cases) {
                    s3.putObject(b -> b.bucket(BUCKET).key("bad/" + c.file()),
                            RequestBody.fromBytes(records(c.file(), 2)));
                }
            }
            try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0, 0)) {
                RunOnceTest.Result result = RunOnceTest.run("run", "--source", "s3://" + BUCKET + "/bad",
                        "--s3-endpoint", endpoint, "--s3-path-style", "--s3-region", "us-east-1",
                        "--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                        tmp.resolve("state").toString(), "--once", "--out", tmp.resolve("out").toString(),
                        "--partitions", "2");
                assertThat(result.rc()).as(result.err()).isZero();
                assertThat(result.err() + result.out()).doesNotContain(SECRET);
                assertOutcome(cases, outcome(broker.bootstrapServers(), tmp.resolve("out")), "s3://" + BUCKET);
            }
            assertThat(throttled).as("503 SlowDown answers given, then retried").hasValue(THROTTLED_ANSWERS);
        } finally {
            proxy.stop();
        }
    }

    @Test
    void theManifestListsEveryCorpusFileAndTheDocumentShowsItsTable() throws IOException {
        List<Case> cases = manifest().cases();
        Set<String> staticFiles;
        Path files = corpus().resolve("files");
        try (Stream<Path> walk = Files.walk(files)) {
            staticFiles = walk.filter(Files::isRegularFile)
                    .map(f -> files.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(cases.stream().filter(c -> !c.generated()).map(Case::file))
                .containsExactlyInAnyOrderElementsOf(staticFiles);
        assertThat(cases).extracting(Case::name).doesNotHaveDuplicates();
        assertThat(cases).extracting(Case::file).doesNotHaveDuplicates();
        assertThat(cases).allSatisfy(c -> {
            assertThat(c.origin()).isIn("static", "generated");
            assertThat(c.source()).isIn("folder", "s3");
            assertThat(c.outcome()).isIn("read", "failed", "skipped", "ignored");
            assertThat(c.good()).as(c.name() + ": good events").isNotNegative();
            // Dead letters of different codes have different reasons: there, only their being there is checked.
            if (!c.ingestErrors().isEmpty() || c.outcome().equals("skipped")) {
                assertThat(c.reason()).as(c.name() + ": a reason to find in each rejection").isNotBlank();
            }
            if (c.outcome().equals("failed")) {
                assertThat(c.ingestErrors()).as(c.name() + ": a failed file says why").isNotEmpty();
            }
        });

        String doc = Files.readString(DOC);
        String updated = section(section(doc, TABLE_START, TABLE_END, table(cases)), LIMITS_START, LIMITS_END,
                limits());
        if (Boolean.getBoolean("badinput.update")) {
            Files.writeString(DOC, updated);
            return;
        }
        assertThat(doc).as(DOC + " shows the manifest and the limits (regenerate with -Dbadinput.update=true)")
                .isEqualTo(updated);
    }

    /** {@code doc} with what lies between the two markers replaced by {@code content}. */
    private static String section(String doc, String startMarker, String endMarker, String content) {
        int start = doc.indexOf(startMarker);
        int end = doc.indexOf(endMarker);
        assertThat(start).as(startMarker + " in " + DOC).isNotNegative().isLessThan(end);
        return doc.substring(0, start + startMarker.length()) + content + doc.substring(end);
    }

    /** The limits, their settings and defaults as the code declares them. */
    static String limits() {
        Map<String, Object> defaults = CloudTrailSourceConfig.CONFIG_DEF.defaultValues();
        return "\n| limit | setting | default | past it |\n|---|---|---|---|\n"
                + "| decompressed bytes per file | connector `" + CloudTrailSourceConfig.MAX_OBJECT_BYTES + "` | "
                + defaults.get(CloudTrailSourceConfig.MAX_OBJECT_BYTES) + " (1 GiB) | the file ends: "
                + "`decompression_limit` |\n"
                + "| decompressed / compressed bytes of a gzip file, past " + ReadLimits.RATIO_FLOOR_BYTES
                + " decompressed bytes | connector `" + CloudTrailSourceConfig.MAX_COMPRESSION_RATIO + "` | "
                + defaults.get(CloudTrailSourceConfig.MAX_COMPRESSION_RATIO) + " | the file ends: "
                + "`decompression_limit` |\n"
                + "| bytes per record | connector `" + CloudTrailSourceConfig.MAX_RECORD_BYTES + "` | "
                + defaults.get(CloudTrailSourceConfig.MAX_RECORD_BYTES) + " (1 MiB) | the record is skipped: "
                + "`record_too_large` |\n"
                + "| JSON nesting depth | connector, fixed | " + ReadLimits.MAX_NESTING_DEPTH
                + " | the file ends: `invalid_json` |\n"
                + "| string, number and name length | connector, = `" + CloudTrailSourceConfig.MAX_RECORD_BYTES
                + "` | " + defaults.get(CloudTrailSourceConfig.MAX_RECORD_BYTES) + " | (never reached: the record "
                + "is too large first) |\n"
                + "| JSON nesting depth of an event | event parser, fixed | " + EventJsonReader.MAX_NESTING_DEPTH
                + " | the record goes to the DLQ: `invalid-json` |\n"
                + "| digits of a number in an event | event parser, fixed | " + EventJsonReader.MAX_NUMBER_LENGTH
                + " | the record goes to the DLQ: `invalid-json` |\n"
                + "| length of a field name in an event | event parser, fixed | " + EventJsonReader.MAX_NAME_LENGTH
                + " | the record goes to the DLQ: `invalid-json` |\n"
                + "| length of a string in an event | event parser | none (the record is bounded by `"
                + CloudTrailSourceConfig.MAX_RECORD_BYTES + "`) | — |\n";
    }

    private static void assertOutcome(List<Case> cases, Outcome outcome, String source) {
        Set<String> files = cases.stream().map(Case::file).collect(Collectors.toSet());
        assertThat(outcome.objects().keySet()).as("objects reported").isSubsetOf(files);
        assertThat(outcome.eventsByObject().keySet()).as("objects with events").isSubsetOf(files);
        Map<String, List<String>> errorCodes = new HashMap<>();
        for (JsonNode error : outcome.ingestErrors()) {
            String object = error.path("object").asText();
            assertThat(object).as("ingest error of an object of the corpus: " + error).isIn(files);
            assertThat(error.path("source").asText()).as("origin of " + error).startsWith(source);
            assertThat(error.path("reason").asText()).as("reason of " + error).isNotBlank();
            errorCodes.computeIfAbsent(object, k -> new ArrayList<>()).add(error.path("error").asText());
        }
        Map<String, List<String>> rejectCodes = new HashMap<>();
        for (ConsumerRecord<String, byte[]> rejected : outcome.dlq()) {
            String object = header(rejected, "trailstream.object");
            assertThat(object).as("dead letter of an object of the corpus").isIn(files);
            assertThat(header(rejected, "trailstream.source")).as("origin of a dead letter").startsWith(source);
            assertThat(header(rejected, "trailstream.index")).as("index of a dead letter").isNotBlank();
            assertThat(header(rejected, "trailstream.error.reason")).as("reason of a dead letter").isNotBlank();
            rejectCodes.computeIfAbsent(object, k -> new ArrayList<>()).add(header(rejected, "trailstream.error.code"));
        }

        // Softly: one run shows every case that differs from the manifest.
        SoftAssertions softly = new SoftAssertions();
        for (Case c : cases) {
            String as = c.name() + " (" + c.file() + ")";
            JsonNode object = outcome.objects().get(c.file());
            if (c.outcome().equals("ignored")) {
                softly.assertThat(object).as(as + ": never listed").isNull();
                softly.assertThat(outcome.objects().keySet()).as(as).noneMatch(k -> k.startsWith(c.file() + "/"));
            } else {
                softly.assertThat(object).as(as + ": reported on the objects topic").isNotNull();
                softly.assertThat(object.path("status").asText()).as(as + ": status").isEqualTo(c.outcome());
                softly.assertThat(object.path("events").asLong()).as(as + ": events counted").isEqualTo(c.events());
                softly.assertThat(object.path("errors").asLong()).as(as + ": errors counted")
                        .isEqualTo(c.ingestErrors().size());
                if (c.outcome().equals("skipped")) {
                    softly.assertThat(object.path("reason").asText()).as(as + ": why skipped").contains(c.reason());
                }
            }
            softly.assertThat(errorCodes.getOrDefault(c.file(), List.of())).as(as + ": ingest errors")
                    .containsExactlyInAnyOrderElementsOf(c.ingestErrors());
            softly.assertThat(rejectCodes.getOrDefault(c.file(), List.of())).as(as + ": dead letters")
                    .containsExactlyInAnyOrderElementsOf(c.dlq());
            softly.assertThat(outcome.eventsByObject().getOrDefault(c.file(), 0L)).as(as + ": events")
                    .isEqualTo(c.events());
            if (c.reason() != null && !c.outcome().equals("skipped")) {
                outcome.ingestErrors().stream().filter(e -> e.path("object").asText().equals(c.file()))
                        .forEach(e -> softly.assertThat(e.path("reason").asText()).as(as + ": reason")
                                .contains(c.reason()));
                outcome.dlq().stream().filter(r -> c.file().equals(header(r, "trailstream.object")))
                        .forEach(r -> softly.assertThat(header(r, "trailstream.error.reason")).as(as + ": reason")
                                .contains(c.reason()));
            }
        }
        softly.assertAll();

        JsonNode summary = outcome.summary();
        assertThat(summary.path("events_ingested").asLong()).isEqualTo(sum(cases, Case::events));
        // Rejected events: the dead letters, and the records the connector skipped while reading their file on.
        assertThat(summary.path("events_rejected").asLong()).isEqualTo(sum(cases, c -> c.dlq().size()
                + c.ingestErrors().stream().filter(RECORD_LEVEL::contains).count()));
        assertThat(summary.path("events_duplicate").asLong()).isEqualTo(sum(cases, Case::duplicates));
        assertThat(summary.path("events_unique").asLong()).as("every good event arrives")
                .isEqualTo(sum(cases, Case::good));
        assertThat(summary.path("ingest_errors").asLong()).isEqualTo(sum(cases, c -> c.ingestErrors().size()));
        assertThat(summary.path("files_read").asLong()).isEqualTo(count(cases, c -> c.outcome().equals("read")));
        assertThat(summary.path("files_rejected").asLong())
                .isEqualTo(count(cases, c -> c.outcome().equals("failed")));
        assertThat(summary.path("files_skipped").asLong())
                .isEqualTo(count(cases, c -> c.outcome().equals("skipped")));
    }

    private static Outcome outcome(String bootstrapServers, Path out) throws IOException {
        Map<String, JsonNode> objects = new TreeMap<>();
        CommittedTopic.forEach(bootstrapServers, Topics.OBJECTS, r -> objects.put(r.key(), tree(r.value())));
        List<JsonNode> errors = new ArrayList<>();
        CommittedTopic.forEach(bootstrapServers, Topics.INGEST_ERRORS, r -> errors.add(tree(r.value())));
        List<ConsumerRecord<String, byte[]>> dlq = new ArrayList<>();
        CommittedTopic.forEach(bootstrapServers, Topics.EVENTS_DLQ, dlq::add);
        Map<String, Long> events = new TreeMap<>();
        CommittedTopic.forEach(bootstrapServers, Topics.EVENTS,
                r -> events.merge(header(r, "trailstream.object"), 1L, Long::sum));
        return new Outcome(objects, errors, dlq, events, JSON.readTree(out.resolve("summary.json").toFile()));
    }

    /** Makes the generated case {@code file} in {@code logs}; the manifest's cases and these must agree. */
    private void generate(String file, Path logs) throws IOException {
        Path target = logs.resolve(file);
        switch (file) {
            case "gzip-bomb.json.gz" -> {
                // Concatenated gzip members read as one stream: 64 MiB of blanks, valid JSON whitespace, from ~64 KiB.
                ByteArrayOutputStream bomb = new ByteArrayOutputStream();
                bomb.write(gzip(("{\"Records\":[" + event("bomb-1", "") + "," + event("bomb-2", "") + ",")
                        .getBytes(StandardCharsets.UTF_8)));
                byte[] blanks = new byte[1 << 20];
                Arrays.fill(blanks, (byte) ' ');
                byte[] member = gzip(blanks);
                for (int i = 0; i < 64; i++) {
                    bomb.write(member);
                }
                bomb.write(gzip((event("bomb-3", "") + "]}").getBytes(StandardCharsets.UTF_8)));
                Files.write(target, bomb.toByteArray());
            }
            case "huge-record.json" -> Files.writeString(target, "{\"Records\":[" + event("huge-1", "") + ","
                    + event("huge-2", "\"userAgent\":\"" + "a".repeat(3 << 19) + "\",") + "," + event("huge-3", "")
                    + "]}");
            case "long-string.json" -> Files.writeString(target, "{\"Records\":["
                    + event("long-1", "\"requestParameters\":{\"policy\":\"" + "p".repeat(600 << 10) + "\"},")
                    + "]}");
            case "empty.json" -> Files.write(target, new byte[0]);
            case "directory.json" -> Files.createDirectory(target);
            case "outside-link.json" -> {
                Path outside = Files.createDirectories(tmp.resolve("outside")).resolve("log.json");
                Files.write(outside, records("outside", 2));
                Files.createSymbolicLink(target, outside);
            }
            case "inside-link.json" -> Files.createSymbolicLink(target, Path.of("good.json"));
            default -> throw new AssertionError("No generator for the manifest's case " + file);
        }
    }

    /** A CloudTrail file of {@code count} valid events whose ids start with {@code prefix}. */
    private static byte[] records(String prefix, int count) {
        StringBuilder text = new StringBuilder("{\"Records\":[");
        for (int i = 1; i <= count; i++) {
            text.append(i == 1 ? "" : ",").append(event(prefix + "-" + i, ""));
        }
        return text.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A valid ListUsers event of an IAM user, with {@code extraFields} (ending with a comma) first. */
    private static String event(String id, String extraFields) {
        return "{" + extraFields + "\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\","
                + "\"principalId\":\"AIDAEXAMPLEDEV\",\"arn\":\"arn:aws:iam::111122223333:user/dev\","
                + "\"accountId\":\"111122223333\",\"userName\":\"dev\"},\"eventTime\":\"2026-11-02T11:00:00Z\","
                + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-1\","
                + "\"eventID\":\"" + id + "\",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}";
    }

    /**
     * S3Proxy's store with S3's failures for some keys: AccessDenied, SlowDown (for the first
     * {@link #THROTTLED_ANSWERS} reads), and NoSuchKey for an object that is still listed, as if deleted since.
     */
    private static final class FaultyBlobStore extends ForwardingBlobStore {
        private final AtomicInteger throttled;
        private final Map<String, Integer> reads = new ConcurrentHashMap<>();

        FaultyBlobStore(BlobStore delegate, AtomicInteger throttled) {
            super(delegate);
            this.throttled = throttled;
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            String key = request.key();
            if (key.endsWith("s3-access-denied.json")) {
                throw error(403, "AccessDenied", "Access Denied");
            }
            if (key.endsWith("s3-vanished.json")) {
                throw error(404, "NoSuchKey", "The specified key does not exist.");
            }
            if (key.endsWith("s3-throttled.json") && reads.merge(key, 1, Integer::sum) <= THROTTLED_ANSWERS) {
                throttled.incrementAndGet();
                throw error(503, "SlowDown", "Please reduce your request rate.");
            }
            return super.getBlob(request);
        }

        private static S3Exception error(int status, String code, String message) {
            return (S3Exception) S3Exception.builder().statusCode(status)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                    .message(message).build();
        }
    }

    /** The manifest's table, as docs/bad-input.md shows it. */
    static String table(List<Case> cases) {
        StringBuilder table = new StringBuilder("\n| case | input | outcome | rejections | good events |\n"
                + "|---|---|---|---|---|\n");
        for (Case c : cases) {
            List<String> rejections = new ArrayList<>();
            c.ingestErrors().stream().collect(Collectors.groupingBy(code -> code, TreeMap::new, Collectors.counting()))
                    .forEach((code, n) -> rejections.add(times(n) + "`" + code + "` on `cloudtrail.ingest-errors`"));
            c.dlq().stream().collect(Collectors.groupingBy(code -> code, TreeMap::new, Collectors.counting()))
                    .forEach((code, n) -> rejections.add(times(n) + "`" + code + "` on `cloudtrail.events.dlq`"));
            if (c.duplicates() > 0) {
                rejections.add(c.duplicates() + " dropped as duplicates");
            }
            table.append("| ").append(c.name()).append(c.source().equals("s3") ? " (S3)" : "")
                    .append(" | `").append(c.file()).append("`").append(c.generated() ? " (made by the test)" : "")
                    .append(": ").append(c.what())
                    .append(" | ").append(c.outcome())
                    .append(" | ").append(rejections.isEmpty() ? "—" : String.join("; ", rejections))
                    .append(c.reason() == null ? "" : " (reason: \"…" + c.reason() + "…\")")
                    .append(" | ").append(c.good()).append(" of ").append(c.events()).append(" |\n");
        }
        return table.toString();
    }

    private static String times(long n) {
        return n == 1 ? "" : n + " × ";
    }

    private static List<Case> cases(String source) throws IOException {
        List<Case> cases = manifest().cases().stream().filter(c -> c.source().equals(source)).toList();
        assertThat(cases).as("cases read from " + source).isNotEmpty();
        return cases;
    }

    private static Manifest manifest() throws IOException {
        return JSON.readValue(corpus().resolve("expected.json").toFile(), Manifest.class);
    }

    private static Path corpus() {
        try {
            return Path.of(BadInputCorpusTest.class.getResource("/bad-input/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sum(List<Case> cases, java.util.function.ToLongFunction<Case> figure) {
        return cases.stream().mapToLong(figure).sum();
    }

    private static long count(List<Case> cases, Predicate<Case> which) {
        return cases.stream().filter(which).count();
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
