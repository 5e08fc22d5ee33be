package dev.trailstream.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * A small, deterministic day of CloudTrail for the demo, laid out as CloudTrail writes to S3: one gzipped
 * {@code {"Records":[...]}} file per account, region and 5 minutes, plus hourly digest files the pipeline must skip.
 *
 * <p>A stand-in until the simulator arrives: a handful of principals of each kind doing plausible work, and one
 * root sign-in with a few root API calls, which the root-usage rule must report.
 */
public final class DemoLogs {
    static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");
    static final List<String> ACCOUNTS = List.of("111122223333", "444455556666");
    static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DIGEST_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactory();

    /** What one generated principal does. */
    private record Actor(String kind, String name, String ua, String ip, List<String[]> calls, int perHour,
                         int fromHour, int toHour) {
    }

    private final Random random;
    private long events;
    private long files;

    private DemoLogs(long seed) {
        this.random = new Random(seed);
    }

    /** Writes the day below {@code dir}; returns the number of events written. */
    public static long write(Path dir, long seed) throws IOException {
        DemoLogs logs = new DemoLogs(seed);
        for (String account : ACCOUNTS) {
            for (String region : REGIONS) {
                logs.writeTrail(dir, account, region);
            }
        }
        return logs.events;
    }

    private static List<Actor> actors(String account) {
        String cli = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/";
        return List.of(
                new Actor("IAMUser", "alice", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15",
                        "198.51.100.23", calls("ec2:DescribeInstances", "s3:ListBuckets", "monitoring:GetMetricData",
                        "cloudtrail:LookupEvents", "iam:ListRoles"), 30, 8, 18),
                new Actor("IAMUser", "bob-deploy-key", cli + "s3.cp", "203.0.113.77",
                        calls("s3:ListBuckets", "sts:GetCallerIdentity", "ec2:DescribeSecurityGroups"), 12, 0, 24),
                new Actor("AssumedRole", "ci-deployer", "APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io)",
                        "192.0.2.10", calls("lambda:UpdateFunctionCode20150331v2", "cloudformation:DescribeStacks",
                        "iam:GetRole", "ec2:DescribeVpcs"), 40, 9, 17),
                new Actor("AssumedRole", "orders-api", "aws-sdk-java/2.25.11 Linux/5.10 OpenJDK_64-Bit_Server_VM/17",
                        "10.0.12.34", calls("kms:Decrypt", "secretsmanager:GetSecretValue", "logs:CreateLogStream",
                        "sqs:GetQueueAttributes"), 60, 0, 24),
                new Actor("SSO", "carol@example.com", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0",
                        "198.51.100.90", calls("iam:ListUsers", "ec2:DescribeInstances", "s3:GetBucketPolicy"), 15, 10, 16),
                new Actor("AWSService", "config.amazonaws.com", "config.amazonaws.com", "config.amazonaws.com",
                        calls("sts:AssumeRole"), 6, 0, 24));
    }

    private static List<String[]> calls(String... actions) {
        return java.util.Arrays.stream(actions).map(a -> a.split(":", 2)).toList();
    }

    private void writeTrail(Path dir, String account, String region) throws IOException {
        List<Actor> actors = actors(account);
        Path day = dir.resolve("AWSLogs").resolve(account).resolve("CloudTrail").resolve(region)
                .resolve(DAY_PATH.format(DAY));
        Files.createDirectories(day);
        for (int slot = 0; slot < 24 * 12; slot++) {
            Instant from = DAY.plus(Duration.ofMinutes(5L * slot));
            Path file = day.resolve(account + "_CloudTrail_" + region + "_" + FILE_TIME.format(from.plusSeconds(300))
                    + "_" + Long.toHexString(random.nextLong() & 0xffffffffffffL) + ".json.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
                 JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeArrayFieldStart("Records");
                int hour = slot / 12;
                for (Actor actor : actors) {
                    if (hour < actor.fromHour() || hour >= actor.toHour()) {
                        continue;
                    }
                    // Poisson-ish: about perHour/12 calls per 5 minutes, spread over the slot.
                    int n = (int) Math.round(actor.perHour() / 12.0 * (0.5 + random.nextDouble()));
                    for (int i = 0; i < n; i++) {
                        String[] call = actor.calls().get(random.nextInt(actor.calls().size()));
                        writeEvent(g, account, region, actor, call[0], call[1], from.plusSeconds(random.nextInt(300)));
                    }
                }
                if (account.equals(ACCOUNTS.get(0)) && region.equals("us-east-1") && slot == 9 * 12 + 2) {
                    writeRootSession(g, account, region, from);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            files++;
            if (slot % 12 == 11) {
                writeDigest(dir, account, region, from);
            }
        }
    }

    private void writeRootSession(JsonGenerator g, String account, String region, Instant at) throws IOException {
        Actor root = new Actor("Root", "root", "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0", "203.0.113.200",
                List.of(), 0, 0, 0);
        writeEvent(g, account, region, root, "signin", "ConsoleLogin", at.plusSeconds(12));
        writeEvent(g, account, region, root, "iam", "GetAccountSummary", at.plusSeconds(40));
        writeEvent(g, account, region, root, "iam", "ListAccessKeys", at.plusSeconds(95));
    }

    private void writeDigest(Path dir, String account, String region, Instant hourEnd) throws IOException {
        Path digestDir = dir.resolve("AWSLogs").resolve(account).resolve("CloudTrail-Digest").resolve(region)
                .resolve(DAY_PATH.format(DAY));
        Files.createDirectories(digestDir);
        Path digest = digestDir.resolve(account + "_CloudTrail-Digest_" + region + "_management_" + region + "_"
                + DIGEST_TIME.format(hourEnd.plusSeconds(300)) + ".json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(digest));
             JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("awsAccountId", account);
            g.writeStringField("digestStartTime", hourEnd.minusSeconds(3300).toString());
            g.writeStringField("digestEndTime", hourEnd.plusSeconds(300).toString());
            g.writeArrayFieldStart("logFiles");
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void writeEvent(JsonGenerator g, String account, String region, Actor actor, String service, String name,
                            Instant time) throws IOException {
        events++;
        boolean console = actor.ua().startsWith("Mozilla");
        boolean signIn = name.equals("ConsoleLogin");
        g.writeStartObject();
        g.writeStringField("eventVersion", "1.09");
        writeIdentity(g, account, actor);
        g.writeStringField("eventTime", time.toString().replace(".000", ""));
        g.writeStringField("eventSource", service + ".amazonaws.com");
        g.writeStringField("eventName", name);
        g.writeStringField("awsRegion", signIn ? "us-east-1" : region);
        g.writeStringField("sourceIPAddress", actor.ip());
        g.writeStringField("userAgent", actor.ua());
        boolean denied = !signIn && random.nextInt(200) == 0;
        if (denied) {
            g.writeStringField("errorCode", "AccessDenied");
            g.writeStringField("errorMessage", "User is not authorized to perform: " + service + ":" + name);
        }
        g.writeNullField("requestParameters");
        g.writeNullField("responseElements");
        if (signIn) {
            g.writeObjectFieldStart("additionalEventData");
            g.writeStringField("LoginTo", "https://console.aws.amazon.com/console/home");
            g.writeStringField("MobileVersion", "No");
            g.writeStringField("MFAUsed", actor.kind().equals("Root") ? "No" : "Yes");
            g.writeEndObject();
        } else {
            g.writeStringField("requestID", uuid());
        }
        g.writeStringField("eventID", uuid());
        boolean readOnly = name.startsWith("Describe") || name.startsWith("List") || name.startsWith("Get")
                || name.equals("LookupEvents");
        g.writeBooleanField("readOnly", readOnly);
        g.writeStringField("eventType", signIn ? "AwsConsoleSignIn" : "AwsApiCall");
        g.writeBooleanField("managementEvent", true);
        g.writeStringField("recipientAccountId", account);
        g.writeStringField("eventCategory", "Management");
        if (!console || !signIn) {
            g.writeObjectFieldStart("tlsDetails");
            g.writeStringField("tlsVersion", "TLSv1.3");
            g.writeStringField("cipherSuite", "TLS_AES_128_GCM_SHA256");
            g.writeStringField("clientProvidedHostHeader", service + "." + region + ".amazonaws.com");
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeIdentity(JsonGenerator g, String account, Actor actor) throws IOException {
        g.writeObjectFieldStart("userIdentity");
        switch (actor.kind()) {
            case "Root" -> {
                g.writeStringField("type", "Root");
                g.writeStringField("principalId", account);
                g.writeStringField("arn", "arn:aws:iam::" + account + ":root");
                g.writeStringField("accountId", account);
            }
            case "IAMUser" -> {
                g.writeStringField("type", "IAMUser");
                g.writeStringField("principalId", "AIDA" + Integer.toHexString(actor.name().hashCode()).toUpperCase());
                g.writeStringField("arn", "arn:aws:iam::" + account + ":user/" + actor.name());
                g.writeStringField("accountId", account);
                g.writeStringField("accessKeyId", (actor.ua().startsWith("Mozilla") ? "ASIA" : "AKIA")
                        + Integer.toHexString(actor.name().hashCode()).toUpperCase() + "EXAMPLE");
                g.writeStringField("userName", actor.name());
            }
            case "AssumedRole", "SSO" -> {
                boolean sso = actor.kind().equals("SSO");
                String role = sso ? "AWSReservedSSO_AdministratorAccess_5f3e1c2a9b7d4e60" : actor.name();
                String session = sso ? actor.name() : actor.name().equals("ci-deployer")
                        ? "github-actions-" + (1000 + random.nextInt(50)) : actor.name();
                String rolePath = sso ? "role/aws-reserved/sso.amazonaws.com/" : "role/";
                g.writeStringField("type", "AssumedRole");
                g.writeStringField("principalId", "AROA" + Integer.toHexString(role.hashCode()).toUpperCase() + ":" + session);
                g.writeStringField("arn", "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session);
                g.writeStringField("accountId", account);
                g.writeStringField("accessKeyId", "ASIA" + Integer.toHexString(session.hashCode()).toUpperCase());
                g.writeObjectFieldStart("sessionContext");
                g.writeObjectFieldStart("sessionIssuer");
                g.writeStringField("type", "Role");
                g.writeStringField("principalId", "AROA" + Integer.toHexString(role.hashCode()).toUpperCase());
                g.writeStringField("arn", "arn:aws:iam::" + account + ":" + rolePath + role);
                g.writeStringField("accountId", account);
                g.writeStringField("userName", role);
                g.writeEndObject();
                g.writeObjectFieldStart("attributes");
                g.writeStringField("creationDate", DAY.toString());
                g.writeStringField("mfaAuthenticated", "false");
                g.writeEndObject();
                g.writeEndObject();
            }
            default -> {
                g.writeStringField("type", "AWSService");
                g.writeStringField("invokedBy", actor.name());
            }
        }
        g.writeEndObject();
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
