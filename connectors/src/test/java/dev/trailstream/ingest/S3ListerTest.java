package dev.trailstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.source.SourceRecord;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.trailstream.ingest.CloudTrailRecordReaderTest.gzip;
import static dev.trailstream.ingest.CloudTrailRecordReaderTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 lister and the task reading S3, against S3Proxy running in this JVM (a real S3 API over HTTP, in memory).
 * Credentials reach the SDK through its default chain, as in production: the test sets the {@code aws.accessKeyId}
 * and {@code aws.secretAccessKey} system properties, which that chain reads, and never puts keys in a config.
 */
class S3ListerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCESS_KEY = "test-access-key";
    private static final String SECRET_KEY = "test-secret-key-not-a-real-one";
    private static final String EVENTS = "cloudtrail.events";
    private static final String OBJECTS = "cloudtrail.objects";
    private static final String ORG_US = "AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1/";
    private static final String ORG_EU = "AWSLogs/o-abc123/111122223333/CloudTrail/eu-west-1/";
    private static final String OTHER_US = "AWSLogs/o-abc123/444455556666/CloudTrail/us-east-1/";
    private static final String DIGEST = "AWSLogs/o-abc123/111122223333/CloudTrail-Digest/us-east-1/";
    private static final String ORG_WEST = "AWSLogs/o-abc123/111122223333/CloudTrail/us-west-2/";
    private static final String OTHER_SOUTH = "AWSLogs/o-abc123/444455556666/CloudTrail/ap-south-1/";
    private static final String DAY = "2026/11/02/";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static final Map<String, String> savedProperties = new HashMap<>();
    private static S3Proxy proxy;
    private static URI endpoint;
    private static S3Client admin;

    private final List<CloudTrailSourceTask> tasks = new ArrayList<>();
    private final List<ListObjectsV2Request> listings = new CopyOnWriteArrayList<>();
    private String bucket;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        for (String[] property : new String[][]{{"aws.accessKeyId", ACCESS_KEY}, {"aws.secretAccessKey", SECRET_KEY},
                {"aws.region", "us-east-1"}}) {
            savedProperties.put(property[0], System.getProperty(property[0]));
            System.setProperty(property[0], property[1]);
        }
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("S3Proxy did not start within 10 s; state " + proxy.getState());
            }
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        admin = client(null);
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (proxy != null) {
            proxy.stop();
        }
        Properties properties = System.getProperties();
        savedProperties.forEach((name, value) -> {
            if (value == null) {
                properties.remove(name);
            } else {
                properties.setProperty(name, value);
            }
        });
    }

    @BeforeEach
    void createBucket() {
        bucket = "trails-" + BUCKETS.incrementAndGet();
        admin.createBucket(request -> request.bucket(bucket));
    }

    @AfterEach
    void stopTasks() {
        tasks.forEach(CloudTrailSourceTask::stop);
    }

    @Test
    void listsAnOrganisationTrailInS3WithOneCursorPerAccountAndRegion() throws Exception {
        put(ORG_US + DAY + "a.json.gz", 1);
        put(ORG_US + DAY + "b.json.gz", 1);
        put(ORG_EU + DAY + "c.json.gz", 1);
        put(OTHER_US + DAY + "d.json.gz", 1);
        put(DIGEST + DAY + "111122223333_CloudTrail-Digest_us-east-1_x.json.gz", 1);
        put("notes/readme.txt", 0);
        S3Lister lister = new S3Lister(client(recorder()), new S3Location(bucket, ""));

        assertThat(lister.location()).hasToString("s3://" + bucket + "/");
        assertThat(lister.lastKeyPerPrefix()).containsExactly(Map.entry("", "notes/readme.txt"),
                Map.entry(DIGEST, DIGEST + DAY + "111122223333_CloudTrail-Digest_us-east-1_x.json.gz"),
                Map.entry(ORG_EU, ORG_EU + DAY + "c.json.gz"), Map.entry(ORG_US, ORG_US + DAY + "b.json.gz"),
                Map.entry(OTHER_US, OTHER_US + DAY + "d.json.gz"));

        listings.clear();
        Map<String, Integer> asked = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        lister.list(prefix -> {
            asked.merge(prefix, 1, Integer::sum);
            return prefix.equals(ORG_US) ? Optional.of(ORG_US + DAY + "a.json.gz") : Optional.empty();
        }).forEachRemaining(object -> keys.add(object.key()));

        // S3's order: "CloudTrail-Digest/" sorts before "CloudTrail/" ('-' < '/').
        assertThat(keys).containsExactly(DIGEST + DAY + "111122223333_CloudTrail-Digest_us-east-1_x.json.gz",
                ORG_EU + DAY + "c.json.gz", ORG_US + DAY + "b.json.gz", OTHER_US + DAY + "d.json.gz",
                "notes/readme.txt");
        assertThat(asked).containsOnlyKeys("", ORG_EU, ORG_US, DIGEST, OTHER_US).allSatisfy((p, n) -> assertThat(n)
                .as("cursor requests for '%s'", p).isEqualTo(1));
        // Each CloudTrail prefix is one flat listing of its own, from its cursor; folders above are discovered.
        assertThat(listings).filteredOn(request -> request.delimiter() == null)
                .extracting(request -> request.prefix() + " after " + request.startAfter())
                .containsExactly(DIGEST + " after null", ORG_EU + " after null",
                        ORG_US + " after " + ORG_US + DAY + "a.json.gz", OTHER_US + " after null");
        assertThat(listings).filteredOn(request -> "/".equals(request.delimiter()))
                .extracting(ListObjectsV2Request::prefix).contains("", "AWSLogs/", "AWSLogs/o-abc123/",
                        "AWSLogs/o-abc123/111122223333/", "AWSLogs/o-abc123/111122223333/CloudTrail/");
        assertThat(lister.describe(ORG_US + DAY + "a.json.gz")).map(SourceObject::kind).contains(ObjectKind.EVENTS);
        assertThat(lister.describe(ORG_US + DAY + "gone.json.gz")).isEmpty();
        // Listed and described objects carry S3's LastModified, which the task's lag metric is measured from.
        SourceObject listed = lister.listAfter(Optional.of(ORG_US + DAY + "a.json")).next();
        assertThat(listed.key()).isEqualTo(ORG_US + DAY + "a.json.gz");
        assertThat(listed.lastModified()).isNotNull().isBetween(java.time.Instant.now().minusSeconds(3600),
                java.time.Instant.now().plusSeconds(60));
        assertThat(lister.describe(listed.key())).contains(listed);
    }

    @Test
    void readsEveryEventOfABucketWithExactCountsAndResumesMidObject() throws Exception {
        put(ORG_US + DAY + "111122223333_CloudTrail_us-east-1_20261102T0000Z_a.json.gz", 3);
        put(ORG_US + DAY + "111122223333_CloudTrail_us-east-1_20261102T0005Z_b.json.gz", 2);
        put(OTHER_US + DAY + "444455556666_CloudTrail_us-east-1_20261102T0000Z_c.json.gz", 4);
        put(ORG_EU + DAY + "111122223333_CloudTrail_eu-west-1_20261102T0000Z_d.json.gz", 1);
        put(DIGEST + DAY + "111122223333_CloudTrail-Digest_us-east-1_20261102T0100Z.json.gz", 1);

        List<SourceRecord> whole = drain(start(Map.of(), Map.of()));

        assertThat(ofTopic(whole, EVENTS)).hasSize(10);
        assertThat(ofTopic(whole, OBJECTS)).extracting(r -> json(r).get("kind").asText() + "/"
                        + json(r).get("status").asText() + "/" + json(r).get("events").asLong())
                .containsExactly("digest/skipped/0", "events/read/1", "events/read/3", "events/read/2",
                        "events/read/4");
        assertThat(ofTopic(whole, EVENTS).get(0).sourcePartition()).isEqualTo(Map.of("source", "s3://" + bucket + "/",
                "prefix", ORG_EU));
        int cut = whole.indexOf(ofTopic(whole, EVENTS).get(2)); // the second event of the us-east-1 object "a"
        SourceRecord committed = whole.get(cut);
        // The first object of its prefix: a look-back window with nothing finished yet, so no start either.
        assertThat(committed.sourceOffset()).isEqualTo(Map.of("object",
                ORG_US + DAY + "111122223333_CloudTrail_us-east-1_20261102T0000Z_a.json.gz", "index", 2L,
                "done", false, "recent", "[]"));
        List<SourceRecord> delivered = new ArrayList<>();
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        for (SourceRecord record : whole.subList(0, cut + 1)) {
            delivered.add(record);
            offsets.put(record.sourcePartition(), record.sourceOffset());
        }

        List<SourceRecord> rest = drain(start(Map.of(CloudTrailSourceConfig.BATCH_SIZE, "2"), offsets));

        assertThat(signatures(rest)).containsExactlyElementsOf(signatures(whole.subList(cut + 1, whole.size())));
        List<String> union = new ArrayList<>(signatures(delivered));
        union.addAll(signatures(rest));
        assertThat(new HashSet<>(union)).hasSameSizeAs(union).hasSize(whole.size());
    }

    @Test
    void picksUpNewObjectsInEveryPrefixOnTheNextPass() throws Exception {
        put(ORG_US + DAY + "a1.json.gz", 1);
        put(ORG_EU + DAY + "b1.json.gz", 1);
        put(OTHER_US + DAY + "c1.json.gz", 1);
        put("flat/f1.json", 1);
        CloudTrailSourceTask task = start(Map.of(), Map.of());
        assertThat(ofTopic(drain(task), EVENTS)).hasSize(4);

        put(ORG_US + DAY + "a2.json.gz", 2);
        put(ORG_EU + "2026/11/03/b2.json.gz", 2);
        put(OTHER_US + DAY + "c2.json.gz", 2);
        put("flat/f2.json", 2);
        List<SourceRecord> second = drain(task);

        assertThat(ofTopic(second, OBJECTS)).extracting(r -> json(r).get("object").asText()).containsExactly(
                ORG_EU + "2026/11/03/b2.json.gz", ORG_US + DAY + "a2.json.gz", OTHER_US + DAY + "c2.json.gz",
                "flat/f2.json");
        assertThat(ofTopic(second, EVENTS)).hasSize(8);
        assertThat(drain(task)).isEmpty();
    }

    @Test
    void aLateObjectDeliveredAfterTheCursorPassedItIsReadExactlyOnceAndListingStartsTheLookBackBeforeTheCursor()
            throws Exception {
        String name = ORG_US + DAY + "111122223333_CloudTrail_us-east-1_20261102T";
        put(name + "1200Z_a.json.gz", 2);
        put(name + "1205Z_c.json.gz", 1);
        S3Client client = client(recorder());
        Function<CloudTrailSourceConfig, ObjectLister> listers =
                config -> new S3Lister(client, config.s3Location().orElseThrow(), config.listingFilter());
        CloudTrailSourceTask task = startOn("s3://" + bucket + "/", Map.of(), Map.of(), listers);
        List<SourceRecord> all = new ArrayList<>(drain(task));
        assertThat(ofTopic(all, EVENTS)).hasSize(3);

        put(name + "1200Z_b.json.gz", 3); // the same five minutes as a, delivered after c
        List<SourceRecord> second = drain(task);
        all.addAll(second);

        assertThat(ofTopic(second, OBJECTS)).extracting(r -> json(r).get("object").asText())
                .containsExactly(name + "1200Z_b.json.gz");
        assertThat(ofTopic(second, EVENTS)).hasSize(3);
        assertThat(drain(task)).as("a third pass").isEmpty();

        // A task started from the committed offsets lists the prefix from its day folder and file-name stem at the
        // cursor's time less the look-back, and finds nothing left to read there.
        listings.clear();
        assertThat(drain(startOn("s3://" + bucket + "/", Map.of(), TaskRuns.committedAfter(all), listers))).isEmpty();
        assertThat(listings).filteredOn(request -> request.prefix().equals(ORG_US))
                .extracting(ListObjectsV2Request::startAfter).containsExactly(name + "1135Z");
    }

    @Test
    void listsAPrefixAfterALookBackKeyThatNamesNoObjectAsTheFolderListerDoes() {
        String prefix = PrefixCursorTest.PREFIX;
        LocalFolderListerTest.LOOKBACK_KEYS.forEach(key -> put(key, 1));
        S3Lister lister = new S3Lister(client(recorder()), new S3Location(bucket, ""));

        List<String> keys = new ArrayList<>();
        lister.list(p -> p.equals(prefix) ? Optional.of(PrefixCursorTest.stem("1135")) : Optional.empty())
                .forEachRemaining(object -> keys.add(object.key()));

        List<String> all = LocalFolderListerTest.LOOKBACK_KEYS;
        assertThat(keys).containsExactlyElementsOf(all.subList(3, all.size()));
    }

    @Test
    void readsOnlyTheConfiguredAccountsAndRegions() throws Exception {
        put(ORG_US + DAY + "a.json.gz", 1);
        put(ORG_EU + DAY + "b.json.gz", 1);
        put(OTHER_US + DAY + "c.json.gz", 1);
        put(DIGEST + DAY + "111122223333_CloudTrail-Digest_us-east-1_x.json.gz", 1);
        put("AWSLogs/o-abc123/444455556666/notes.txt", 1);
        S3Lister lister = new S3Lister(client(recorder()), new S3Location(bucket, ""),
                new ListingFilter(Set.of("111122223333"), Set.of("us-east-1"), Optional.empty()));
        List<String> asked = new ArrayList<>();

        List<String> keys = new ArrayList<>();
        lister.list(prefix -> {
            asked.add(prefix);
            return Optional.empty();
        }).forEachRemaining(object -> keys.add(object.key()));

        assertThat(keys).containsExactly(DIGEST + DAY + "111122223333_CloudTrail-Digest_us-east-1_x.json.gz",
                ORG_US + DAY + "a.json.gz", "AWSLogs/o-abc123/444455556666/notes.txt");
        assertThat(asked).containsExactly("", DIGEST, ORG_US);
        // The prefixes of other accounts and regions are never listed.
        assertThat(listings).extracting(ListObjectsV2Request::prefix).doesNotContain(ORG_EU, OTHER_US);
        assertThat(lister.lastKeyPerPrefix()).containsOnlyKeys("", DIGEST, ORG_US);

        // The task reads the same, with no objects record for what the filters leave out.
        List<SourceRecord> records = drain(start(Map.of(CloudTrailSourceConfig.ACCOUNTS, "111122223333",
                CloudTrailSourceConfig.REGIONS, "us-east-1"), Map.of()));
        assertThat(ofTopic(records, OBJECTS)).extracting(r -> json(r).get("object").asText())
                .containsExactlyElementsOf(keys);
        assertThat(ofTopic(records, EVENTS)).hasSize(1);
    }

    @Test
    void startsEachPrefixAtTheStartDateWithoutListingEarlierDays() throws Exception {
        put(ORG_US + "2025/12/31/a.json.gz", 1);
        put(ORG_US + "2026/11/01/b.json.gz", 1);
        put(ORG_US + "2026/11/02/c.json.gz", 1);
        put(ORG_US + "2027/01/01/d.json.gz", 1);
        put(DIGEST + "2026/11/01/111122223333_CloudTrail-Digest_us-east-1_e.json.gz", 1);
        put(DIGEST + "2026/11/02/111122223333_CloudTrail-Digest_us-east-1_f.json.gz", 1);
        put("flat/2020/01/01/g.json.gz", 1);
        S3Lister lister = new S3Lister(client(recorder()), new S3Location(bucket, ""),
                new ListingFilter(Set.of(), Set.of(), Optional.of(java.time.LocalDate.of(2026, 11, 2))));

        List<String> keys = new ArrayList<>();
        lister.listAfter(Optional.empty()).forEachRemaining(object -> keys.add(object.key()));

        assertThat(keys).containsExactly(DIGEST + "2026/11/02/111122223333_CloudTrail-Digest_us-east-1_f.json.gz",
                ORG_US + "2026/11/02/c.json.gz", ORG_US + "2027/01/01/d.json.gz", "flat/2020/01/01/g.json.gz");
        assertThat(listings).filteredOn(request -> request.delimiter() == null)
                .extracting(request -> request.prefix() + " after " + request.startAfter())
                .containsExactly(DIGEST + " after " + DIGEST + "2026/11/02", ORG_US + " after " + ORG_US + "2026/11/02");

        // Under a source prefix, StartAfter is a full key.
        listings.clear();
        S3Lister below = new S3Lister(client(recorder()), new S3Location(bucket, "AWSLogs/o-abc123/"),
                new ListingFilter(Set.of(), Set.of(), Optional.of(java.time.LocalDate.of(2026, 11, 2))));
        assertThat(below.lastKeyPerPrefix()).containsExactly(
                Map.entry("111122223333/CloudTrail-Digest/us-east-1/",
                        "111122223333/CloudTrail-Digest/us-east-1/2026/11/02/111122223333_CloudTrail-Digest_us-east-1_f.json.gz"),
                Map.entry("111122223333/CloudTrail/us-east-1/", "111122223333/CloudTrail/us-east-1/2027/01/01/d.json.gz"));
        assertThat(listings).filteredOn(request -> request.prefix().equals(ORG_US))
                .extracting(ListObjectsV2Request::startAfter).containsExactly(ORG_US + "2026/11/02");
    }

    @Test
    void aCursorLaterThanTheStartDateWins() throws Exception {
        put(ORG_US + "2026/11/02/a.json.gz", 1);
        put(ORG_US + "2026/11/05/b.json.gz", 1);
        put(ORG_US + "2026/11/06/c.json.gz", 1);
        put(ORG_EU + "2026/10/01/d.json.gz", 1);
        put(ORG_EU + "2026/11/03/e.json.gz", 1);
        S3Lister lister = new S3Lister(client(recorder()), new S3Location(bucket, ""),
                new ListingFilter(Set.of(), Set.of(), Optional.of(java.time.LocalDate.of(2026, 11, 2))));
        // us-east-1's cursor is past the start date; eu-west-1's is before it, so the start date wins there.
        Map<String, String> cursors = Map.of(ORG_US, ORG_US + "2026/11/05/b.json.gz",
                ORG_EU, ORG_EU + "2026/10/01/d.json.gz");

        List<String> keys = new ArrayList<>();
        lister.list(prefix -> Optional.ofNullable(cursors.get(prefix))).forEachRemaining(o -> keys.add(o.key()));

        assertThat(keys).containsExactly(ORG_EU + "2026/11/03/e.json.gz", ORG_US + "2026/11/06/c.json.gz");
        assertThat(listings).filteredOn(request -> request.delimiter() == null)
                .extracting(request -> request.prefix() + " after " + request.startAfter())
                .containsExactly(ORG_EU + " after " + ORG_EU + "2026/11/02",
                        ORG_US + " after " + ORG_US + "2026/11/05/b.json.gz");

        // The same through the task: committed offsets of both prefixes, start.date in the config.
        String source = "s3://" + bucket + "/";
        Map<Map<String, ?>, Map<String, ?>> committed = new HashMap<>();
        cursors.forEach((prefix, key) -> committed.put(Map.of("source", source, "prefix", prefix),
                Map.of("object", key, "index", 1L, "done", true)));
        List<SourceRecord> records = drain(start(Map.of(CloudTrailSourceConfig.START_DATE, "2026-11-02"), committed));
        assertThat(ofTopic(records, OBJECTS)).extracting(r -> json(r).get("object").asText()).containsExactlyElementsOf(keys);
    }

    @Test
    void reportsAMissingBucketClearly() throws Exception {
        S3Lister lister = new S3Lister(client(null), new S3Location("no-such-bucket", "AWSLogs/"));

        assertThatThrownBy(() -> lister.listAfter(Optional.empty()).hasNext())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("S3 bucket 'no-such-bucket' does not exist (source s3://no-such-bucket/AWSLogs/)")
                .hasMessageNotContaining(SECRET_KEY);
        // The task logs it and lists again at the next interval instead of failing.
        CloudTrailSourceTask task = startOn("s3://no-such-bucket/AWSLogs/", Map.of(), Map.of(), ObjectListers::open);
        assertThat(task.poll()).isNull();
    }

    @Test
    void pagesThroughALargeListing() throws Exception {
        ExecutorService uploads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < 1_200; i++) {
                String key = i % 2 == 0 ? ORG_US + DAY + String.format("%04d.json", i)
                        : String.format("other/%04d.json", i);
                puts.add(uploads.submit(() -> {
                    putPlain(key, 1);
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            uploads.shutdown();
        }
        S3Client client = client(recorder());
        CloudTrailSourceTask task = startOn("s3://" + bucket, Map.of(), Map.of(),
                config -> new S3Lister(client, config.s3Location().orElseThrow(), 100));

        List<SourceRecord> records = drain(task);

        List<String> objects = ofTopic(records, OBJECTS).stream().map(r -> json(r).get("object").asText()).toList();
        assertThat(objects).hasSize(1_200).doesNotHaveDuplicates();
        assertThat(ofTopic(records, EVENTS)).hasSize(1_200);
        // Polls go on into the next pass at once (poll.interval.ms=0): count the first pass's pages.
        assertThat(listings).filteredOn(request -> request.prefix().equals(ORG_US) && request.startAfter() == null)
                .hasSize(6);
        assertThat(listings).filteredOn(request -> request.prefix().equals("other/"))
                .filteredOn(request -> request.continuationToken() != null).hasSizeGreaterThanOrEqualTo(5);
        assertThat(listings.stream().filter(request -> request.prefix().equals("other/")).count()
                % 6).as("whole passes of 6 pages over other/").isZero();
        assertThat(listings).allSatisfy(request -> assertThat(request.maxKeys()).isEqualTo(100));
    }

    @ParameterizedTest(name = "{0} tasks")
    @ValueSource(ints = {2, 3})
    void tasksTogetherReadEveryEventOfABucketOnceWithoutListingEachOthersPrefixes(int taskCount) throws Exception {
        List<String> prefixes = List.of(ORG_US, ORG_EU, OTHER_US, DIGEST, ORG_WEST, OTHER_SOUTH);
        for (String prefix : prefixes) {
            put(prefix + DAY + "a.json.gz", 2);
            put(prefix + "2026/11/03/b.json.gz", 1);
        }
        put("flat/f.json.gz", 2);
        put("notes/readme.txt", 0);
        List<SourceRecord> whole = drain(start(Map.of(), Map.of()));
        assertThat(ofTopic(whole, EVENTS)).hasSize(17);
        Map<String, String> props = new HashMap<>();
        props.put(CloudTrailSourceConfig.SOURCE, "s3://" + bucket + "/");
        props.put(CloudTrailSourceConfig.POLL_INTERVAL_MS, "0");

        List<String> union = new ArrayList<>();
        List<Map<String, String>> configs = TaskRuns.taskConfigs(props, taskCount);
        for (int index = 0; index < taskCount; index++) {
            List<ListObjectsV2Request> requests = new CopyOnWriteArrayList<>();
            S3Client client = client(recorder(requests));
            List<SourceRecord> records = drain(startOn("s3://" + bucket + "/", configs.get(index), Map.of(),
                    config -> new S3Lister(client, config.s3Location().orElseThrow(), config.listingFilter())));
            union.addAll(signatures(records));

            TaskShare share = new TaskShare(index, taskCount);
            List<String> owned = prefixes.stream().filter(share::owns).toList();
            assertThat(ofTopic(records, EVENTS)).as("events of task %d", index).isNotEmpty();
            assertThat(records).extracting(r -> (String) r.sourcePartition().get("prefix"))
                    .as("prefixes of task %d", index).allMatch(share::owns);
            // Its own CloudTrail prefixes are listed flat (once a pass); the others never are (the folders above are).
            assertThat(requests.stream().filter(request -> request.delimiter() == null)
                    .map(ListObjectsV2Request::prefix).collect(Collectors.toSet()))
                    .as("prefixes listed by task %d", index).isEqualTo(Set.copyOf(owned));
            assertThat(requests).extracting(ListObjectsV2Request::prefix)
                    .doesNotContainAnyElementsOf(prefixes.stream().filter(p -> !share.owns(p)).toList());
        }
        assertThat(union).containsExactlyInAnyOrderElementsOf(signatures(whole));
    }

    @Test
    void ordersKeysAsS3DoesByUtf8BytesNotUtf16Units() {
        String bmpPrivateUse = "a\uE000";
        String emoji = "a\uD83D\uDE00";

        assertThat(bmpPrivateUse.compareTo(emoji)).isPositive();
        assertThat(S3Lister.KEY_ORDER.compare(bmpPrivateUse, emoji)).isNegative();
        assertThat(S3Lister.KEY_ORDER.compare("a/b", "a.json")).isPositive();
        assertThat(S3Lister.KEY_ORDER.compare("a", "ab")).isNegative();
        assertThat(S3Lister.KEY_ORDER.compare("ab", "ab")).isZero();
    }

    // --- helpers ---

    /** A client of S3Proxy through the SDK's default credential chain; {@code interceptor} may be null. */
    private static S3Client client(ExecutionInterceptor interceptor) {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .overrideConfiguration(override -> {
                    if (interceptor != null) {
                        override.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    /** Records every ListObjectsV2 request the client sends. */
    private ExecutionInterceptor recorder() {
        return recorder(listings);
    }

    /** Records every ListObjectsV2 request the client sends into {@code into}. */
    private static ExecutionInterceptor recorder(List<ListObjectsV2Request> into) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ListObjectsV2Request request) {
                    into.add(request);
                }
            }
        };
    }

    private CloudTrailSourceTask start(Map<String, String> overrides, Map<Map<String, ?>, Map<String, ?>> committed) {
        Map<String, String> props = new HashMap<>(overrides);
        props.put(CloudTrailSourceConfig.S3_ENDPOINT, endpoint.toString());
        props.put(CloudTrailSourceConfig.S3_PATH_STYLE, "true");
        return startOn("s3://" + bucket + "/", props, committed, ObjectListers::open);
    }

    private CloudTrailSourceTask startOn(String source, Map<String, String> overrides,
                                        Map<Map<String, ?>, Map<String, ?>> committed,
                                        Function<CloudTrailSourceConfig, ObjectLister> listers) {
        Map<String, String> props = new HashMap<>();
        props.put(CloudTrailSourceConfig.SOURCE, source);
        props.put(CloudTrailSourceConfig.POLL_INTERVAL_MS, "0");
        props.put(CloudTrailSourceConfig.S3_ENDPOINT, endpoint.toString());
        props.put(CloudTrailSourceConfig.S3_PATH_STYLE, "true");
        props.putAll(overrides);
        FakeTaskContext context = new FakeTaskContext(props);
        committed.forEach(context::committed);
        CloudTrailSourceTask task = new CloudTrailSourceTask(listers);
        task.initialize(context);
        task.start(props);
        tasks.add(task);
        return task;
    }

    /** Uploads a gzipped {@code {"Records":[...]}} file of {@code events} events (a zero-byte object for 0). */
    private void put(String key, int events) {
        byte[] body = events == 0 ? new byte[0] : gzip(utf8(records(key, events)));
        admin.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    private void putPlain(String key, int events) {
        admin.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString(records(key, events),
                StandardCharsets.UTF_8));
    }

    private static String records(String key, int events) {
        return "{\"Records\":[" + String.join(",", IntStream.range(0, events).mapToObj(n -> "{\"eventVersion\":"
                + "\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA" + n + "\",\"arn\":"
                + "\"arn:aws:iam::111122223333:user/u" + n + "\",\"accountId\":\"111122223333\"},\"eventName\":"
                + "\"GetObject\",\"from\":\"" + key + "\"}").toList()) + "]}";
    }

    /** Polls until the task has nothing more to read in this pass. */
    private static List<SourceRecord> drain(CloudTrailSourceTask task) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        for (int polls = 0; polls < 10_000; polls++) {
            List<SourceRecord> batch = task.poll();
            if (batch == null || batch.isEmpty()) {
                return records;
            }
            records.addAll(batch);
        }
        throw new AssertionError("task never ran out of records");
    }

    private static List<SourceRecord> ofTopic(List<SourceRecord> records, String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private static List<String> signatures(List<SourceRecord> records) {
        return records.stream().map(r -> r.topic() + " | " + r.key() + " | "
                + new String((byte[]) r.value(), StandardCharsets.UTF_8) + " | " + new TreeMap<>(r.sourcePartition())
                + " | " + r.sourceOffset()).toList();
    }

    private static JsonNode json(SourceRecord record) {
        try {
            return JSON.readTree((byte[]) record.value());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
