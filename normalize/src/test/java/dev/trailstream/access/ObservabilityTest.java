package dev.trailstream.access;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What {@link Observability} says CloudTrail records, and that the resource is what the script makes. */
class ObservabilityTest {
    private static final Path SHARED = Path.of("..", "..", "shared", "data");
    private static final Path RESOURCES = Path.of("src", "main", "resources", "dev", "trailstream", "access");
    private final Observability observability = Observability.bundled();

    @Test
    void takesManagementEventsAsAlwaysRecorded() {
        assertThat(observability.recording("iam:CreateUser")).isEqualTo(Recording.MANAGEMENT);
        assertThat(observability.recording("EC2:runinstances")).isEqualTo(Recording.MANAGEMENT);
        assertThat(observability.observable("iam:CreateUser")).isTrue();
    }

    @Test
    void takesDataEventsAsRecordedOnlyWhenTheTrailEnablesThem() {
        for (String action : new String[]{"s3:GetObject", "s3:PutObject", "lambda:InvokeFunction",
                "dynamodb:GetItem", "sqs:SendMessage"}) {
            assertThat(observability.recording(action)).as(action).isEqualTo(Recording.DATA);
            assertThat(observability.observable(action)).as(action).isFalse();
            assertThat(observability.withDataEvents(true).observable(action)).as(action).isTrue();
        }
        // Bucket configuration is a management event, even where its name mentions objects; the source does not
        // list this one, the project's event table maps CloudTrail's PutObjectLockConfiguration to it.
        assertThat(observability.recording("s3:PutBucketObjectLockConfiguration")).isEqualTo(Recording.MANAGEMENT);
        assertThat(observability.recording("s3:CreateAccessPointForObjectLambda")).isNotEqualTo(Recording.DATA);
    }

    @Test
    void neverTakesPassRoleAsObservableSinceItIsNoCallOfItsOwn() {
        assertThat(observability.recording("iam:PassRole")).isEqualTo(Recording.NEVER);
        assertThat(observability.withDataEvents(true).observable("iam:PassRole")).isFalse();
    }

    @Test
    void tellsUnlistedActionsOfKnownServicesFromUnknownServices() {
        assertThat(observability.recording("iam:CreateDelegationRequest")).isEqualTo(Recording.NOT_LISTED);
        assertThat(observability.recording("bedrock:InvokeModel")).isEqualTo(Recording.UNKNOWN);
        assertThat(observability.observable("bedrock:InvokeModel")).isFalse();
        assertThat(observability.recording("not-an-action")).isEqualTo(Recording.UNKNOWN);
    }

    @Test
    void holdsWhatTheScriptGeneratesFromTheSharedData() throws IOException, InterruptedException {
        assumeTrue(Files.isDirectory(SHARED.resolve("cloudtracker-mappings")), "no ../shared/data");
        Path out = Files.createTempDirectory("access-facts");
        Process p;
        try {
            p = new ProcessBuilder("python3", "../tools/access-facts/generate.py", "--shared", SHARED.toString(),
                    "--out", out.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no python3");
            return;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        for (String file : List.of("cloudtrail-observability.tsv.gz", "risk-tags.tsv", "access-facts.properties")) {
            assertThat(Files.readAllBytes(out.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(RESOURCES.resolve(file)));
        }
    }
}
