package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --source s3://...} end to end: a simulated organisation uploaded to S3Proxy (a real S3 API, in this
 * JVM), read by the connector through the AWS SDK's default credential chain, analysed, and counted exactly.
 */
class S3SourceTest {
    private static final String KEY_ID = "test-key-id";
    private static final String SECRET = "test-secret-for-s3proxy-only";
    private static final Map<String, String> saved = new HashMap<>();
    private static S3Proxy proxy;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        // Credentials reach the SDK the way a user's would: through its default chain (here system properties).
        for (String[] p : new String[][]{{"aws.accessKeyId", KEY_ID}, {"aws.secretAccessKey", SECRET},
                {"aws.region", "us-east-1"}}) {
            saved.put(p[0], System.getProperty(p[0]));
            System.setProperty(p[0], p[1]);
        }
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY_ID, SECRET).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            assertThat(System.nanoTime()).as("S3Proxy started within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        proxy.stop();
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    @Test
    void readsASimulatedOrganisationFromS3WithExactCounts() throws IOException {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 21);
        CloudTrailFolder expected = CloudTrailFolder.of(logs);
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .region(Region.US_EAST_1).build()) {
            s3.createBucket(b -> b.bucket("trail-bucket"));
            List<Path> files;
            try (Stream<Path> walk = Files.walk(logs)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                String key = "AWSLogs/" + logs.relativize(f).toString().replace('\\', '/');
                s3.putObject(b -> b.bucket("trail-bucket").key(key), RequestBody.fromFile(f));
            }
        }
        Path out = tmp.resolve("out");
        RunOnceTest.Result result = RunOnceTest.run("run", "--source", "s3://trail-bucket/AWSLogs",
                "--s3-endpoint", endpoint, "--s3-path-style", "--s3-region", "us-east-1",
                "--state-dir", tmp.resolve("state").toString(), "--once", "--out", out.toString(),
                "--partitions", "2");
        assertThat(result.rc()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain(SECRET);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("events_ingested").asLong()).isEqualTo(expected.events());
        assertThat(summary.path("events_unique").asLong()).isEqualTo(expected.eventIds().size());
        assertThat(summary.path("files_read").asLong()).isEqualTo(expected.eventFiles());
        assertThat(summary.path("files_skipped").asLong()).isEqualTo(expected.digestFiles());
        assertThat(summary.path("principals").asLong()).isEqualTo(expected.principals().size());
        assertThat(summary.path("findings_by_type").path("root-account-usage").asLong()).isEqualTo(1);
    }

    @Test
    void reportsAMissingBucketInOneLine() {
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("run", "--source", "s3://no-such-bucket/AWSLogs",
                "--s3-endpoint", endpoint, "--s3-path-style", "--once",
                "--state-dir", tmp.resolve("state").toString()), "cannot list s3://no-such-bucket/AWSLogs");
    }
}
