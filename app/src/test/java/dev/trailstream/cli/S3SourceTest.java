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
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --source s3://...} end to end: a simulated organisation uploaded to S3Proxy (a real S3 API, in this
 * JVM), read by the connector through the AWS SDK's default credential chain, analysed, and counted exactly.
 */
class S3SourceTest {
    private static final String KEY_ID = "test-key-id";
    private static final String SECRET = "test-secret-for-s3proxy-only";
    private static AwsCredentialProperties credentials;
    private static S3Proxy proxy;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        credentials = new AwsCredentialProperties(KEY_ID, SECRET);
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
        credentials.close();
    }

    @Test
    void readsASimulatedOrganisationFromS3WithExactCounts() throws IOException {
        assertReadsOrganisationExactly("http://127.0.0.1:" + proxy.getPort(), tmp, 21, SECRET);
    }

    /**
     * Uploads a simulated organisation to the S3 API at {@code endpoint} (credentials from the default chain), runs
     * {@code run --once} over it and checks every count against the files themselves.
     */
    static void assertReadsOrganisationExactly(String endpoint, Path tmp, long seed, String secret) throws IOException {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), seed);
        CloudTrailFolder expected = CloudTrailFolder.of(logs);
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
        assertThat(result.err()).doesNotContain(secret);
        assertThat(result.out()).doesNotContain(secret);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("events_ingested").asLong()).isEqualTo(expected.events());
        assertThat(summary.path("events_unique").asLong()).isEqualTo(expected.eventIds().size());
        assertThat(summary.path("files_read").asLong()).isEqualTo(expected.eventFiles());
        assertThat(summary.path("files_skipped").asLong()).isEqualTo(expected.digestFiles());
        assertThat(summary.path("principals").asLong()).isEqualTo(expected.principals().size());
        ExpectedFindings findings = ExpectedFindings.ofSimulated(logs);
        assertThat(findings.byRule()).containsEntry(ExpectedFindings.ROOT_USAGE, 1L);
        findings.assertSummary(summary, "read from S3");
        findings.assertFindingsFile(out.resolve("findings.jsonl"), "read from S3");
    }

    @Test
    void reportsAMissingBucketInOneLine() {
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("run", "--source", "s3://no-such-bucket/AWSLogs",
                "--s3-endpoint", endpoint, "--s3-path-style", "--once",
                "--state-dir", tmp.resolve("state").toString()), "cannot list s3://no-such-bucket/AWSLogs");
    }
}
