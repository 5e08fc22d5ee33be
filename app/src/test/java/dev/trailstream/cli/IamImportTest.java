package dev.trailstream.cli;

import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.IamSnapshotRecord;
import dev.trailstream.iam.IamSnapshots;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.topology.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code trailstream iam import} and {@code run --iam} on a real embedded broker: what lands on
 * {@code trailstream.iam-snapshots}, read back with {@link IamSnapshots#latest}. The tests share one broker, so each
 * uses accounts of its own.
 */
class IamImportTest {
    private static final Path REAL = Path.of("..", "..", "shared", "data", "cloudsplaining-authz-details");

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = EmbeddedBroker.start(shared.resolve("kafka"), 0, 0);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * A small export of one account as the AWS CLI prints it: {@code users} users, each with the one customer
     * policy attached.
     */
    static String export(String account, int users) {
        StringBuilder s = new StringBuilder("{\"UserDetailList\": [");
        for (int i = 0; i < users; i++) {
            s.append(i == 0 ? "" : ",").append("""
                    {"Path": "/", "UserName": "u%d", "UserId": "AIDA%d", "Arn": "arn:aws:iam::%s:user/u%d",
                     "CreateDate": "2024-03-11T09:27:45+00:00", "GroupList": [], "UserPolicyList": [],
                     "AttachedManagedPolicies": [{"PolicyName": "read", "PolicyArn": "arn:aws:iam::%s:policy/read"}]}
                    """.formatted(i, i, account, i, account));
        }
        return s.append("""
                ], "GroupDetailList": [], "RoleDetailList": [], "Policies": [
                  {"PolicyName": "read", "PolicyId": "ANPA1", "Arn": "arn:aws:iam::%s:policy/read", "Path": "/",
                   "DefaultVersionId": "v1", "AttachmentCount": %d, "CreateDate": "2024-03-11T09:27:45Z",
                   "UpdateDate": "2024-03-11T09:27:45Z", "PolicyVersionList": [{"VersionId": "v1",
                   "IsDefaultVersion": true, "Document": {"Version": "2012-10-17", "Statement": [
                     {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}]}
                """.formatted(account, users)).toString();
    }

    private Path write(String name, String json) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, json);
        return file;
    }

    private static RunOnceTest.Result iamImport(String... args) {
        String[] all = Stream.concat(Stream.of("iam", "import", "--bootstrap-servers", broker.bootstrapServers()),
                Stream.of(args)).toArray(String[]::new);
        return RunOnceTest.run(all);
    }

    private static Map<String, IamSnapshotRecord> onTopic() {
        return IamSnapshots.latest(broker.bootstrapServers(), Topics.IAM_SNAPSHOTS);
    }

    @Test
    void importingTwoAccountsExportsGivesOneKeyPerAccount() throws IOException {
        Path a = write("a.json", export("111111111111", 3));
        Path b = write("b.json", export("222222222222", 1));
        Instant modified = Instant.parse("2026-11-30T08:15:00.123Z");
        Files.setLastModifiedTime(a, FileTime.from(modified));

        RunOnceTest.Result result = iamImport(a.toString(), b.toString());

        assertThat(result.rc()).as(result.err()).isZero();
        String[] lines = result.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        int compressed = new IamSnapshotRecord("111111111111", Files.readString(a), modified, "a.json").value().length;
        assertThat(lines[0]).isEqualTo("account 111111111111 (a.json): 3 principals, 1 policies, "
                + String.format("%,d", compressed) + " bytes compressed, new");
        assertThat(lines[1]).matches("account 222222222222 \\(b\\.json\\): 1 principals, 1 policies, "
                + "[0-9,]+ bytes compressed, new");
        Map<String, IamSnapshotRecord> latest = onTopic();
        assertThat(latest).containsKeys("111111111111", "222222222222");
        IamSnapshotRecord first = latest.get("111111111111");
        assertThat(first.json()).isEqualTo(Files.readString(a));
        // Without --taken-at, the file's modification time: when the export was written.
        assertThat(first.takenAt()).isEqualTo(modified);
        assertThat(first.source()).isEqualTo("a.json");
        IamSnapshot snapshot = first.snapshot();
        assertThat(snapshot.accountId()).isEqualTo("111111111111");
        assertThat(snapshot.users()).hasSize(3);
        assertThat(snapshot.takenAt()).contains(modified);
        assertThat(latest.get("222222222222").snapshot().users()).hasSize(1);
    }

    @Test
    void publishesAnExportLargerThanKafkasDefaultRecordLimitEvenCompressed() throws IOException {
        // Random bytes do not compress: 2 MiB of them in a tag keep the record above Kafka's 1 MiB default, so this
        // fails unless the topic, the producer and the reader all take larger records.
        byte[] noise = new byte[2 * 1024 * 1024];
        new Random(5).nextBytes(noise);
        String blob = Base64.getEncoder().encodeToString(noise);
        Path big = write("big.json", export("121212121212", 2).replace("\"GroupList\": []",
                "\"GroupList\": [], \"Tags\": [{\"Key\": \"blob\", \"Value\": \"" + blob + "\"}]"));

        RunOnceTest.Result result = iamImport(big.toString());

        assertThat(result.rc()).as(result.err()).isZero();
        Matcher bytes = Pattern.compile("([0-9,]+) bytes compressed").matcher(result.out());
        assertThat(bytes.find()).as(result.out()).isTrue();
        assertThat(Long.parseLong(bytes.group(1).replace(",", ""))).isGreaterThan(1024L * 1024);
        IamSnapshotRecord record = onTopic().get("121212121212");
        assertThat(record.json()).isEqualTo(Files.readString(big));
        assertThat(record.snapshot().users()).hasSize(2);
    }

    @Test
    void aNewerExportReplacesTheOldOneAndAnOlderOneIsSkippedUnlessForced() throws IOException {
        String account = "333333333333";
        Path december1 = write("dec1.json", export(account, 1));
        Path december2 = write("dec2.json", export(account, 2));
        Path november30 = write("nov30.json", export(account, 4));

        RunOnceTest.Result first = iamImport(december1.toString(), "--taken-at", "2026-12-01T00:00:00Z");
        assertThat(first.rc()).as(first.err()).isZero();
        assertThat(first.out()).contains("account 333333333333 (dec1.json): 1 principals").contains(", new");

        RunOnceTest.Result newer = iamImport(december2.toString(), "--taken-at", "2026-12-02T00:00:00Z");
        assertThat(newer.rc()).as(newer.err()).isZero();
        assertThat(newer.out()).contains("account 333333333333 (dec2.json): 2 principals").contains(", replaced");
        assertThat(onTopic().get(account).snapshot().users()).hasSize(2);

        RunOnceTest.Result older = iamImport(november30.toString(), "--taken-at", "2026-11-30");
        assertThat(older.rc()).as(older.err()).isZero();
        assertThat(older.out()).contains("account 333333333333 (nov30.json): skipped, taken at 2026-11-30T00:00:00Z")
                .contains("(taken at 2026-12-02T00:00:00Z); --force");
        IamSnapshotRecord kept = onTopic().get(account);
        assertThat(kept.source()).isEqualTo("dec2.json");
        assertThat(kept.takenAt()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));

        RunOnceTest.Result forced = iamImport(november30.toString(), "--taken-at", "2026-11-30", "--force");
        assertThat(forced.rc()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("account 333333333333 (nov30.json): 4 principals").contains(", replaced");
        IamSnapshotRecord replaced = onTopic().get(account);
        assertThat(replaced.source()).isEqualTo("nov30.json");
        assertThat(replaced.takenAt()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(replaced.snapshot().users()).hasSize(4);
    }

    @Test
    void aMalformedFileExitsTwoWithOneLineNamingItAndPublishesNothing() throws IOException {
        Path good = write("good.json", export("444444444444", 2));
        Path noArn = write("no-arn.json", export("555555555555", 1)
                .replace("\"Arn\": \"arn:aws:iam::555555555555:user/u0\",", ""));
        Path notJson = write("cut.json", export("555555555555", 1).substring(0, 200));

        UsageErrorsTest.assertOneLineUsageError(iamImport(good.toString(), noArn.toString()),
                "no-arn.json: user u0: no Arn");
        UsageErrorsTest.assertOneLineUsageError(iamImport(good.toString(), notJson.toString()),
                "cut.json: not valid JSON at line ");
        UsageErrorsTest.assertOneLineUsageError(iamImport(good.toString(), tmp.resolve("absent.json").toString()),
                "absent.json: no such file");
        assertThat(onTopic()).doesNotContainKeys("444444444444", "555555555555");
    }

    @Test
    void refusesExportsItCannotFileUnderOneAccount() throws IOException {
        Path mixed = write("mixed.json", export("666666666666", 2).replace("arn:aws:iam::666666666666:user/u1",
                "arn:aws:iam::777777777777:user/u1"));
        Path again = write("again.json", export("888888888888", 1));
        Path twice = write("twice.json", export("888888888888", 2));

        UsageErrorsTest.assertOneLineUsageError(iamImport(mixed.toString()),
                "mixed.json: holds the IAM of several accounts [666666666666, 777777777777]");
        UsageErrorsTest.assertOneLineUsageError(iamImport(again.toString(), twice.toString()),
                "again.json and " + twice + " are both account 888888888888: give one file per account");
        UsageErrorsTest.assertOneLineUsageError(iamImport(again.toString(), "--taken-at", "yesterday"),
                "--taken-at yesterday: expected an ISO time");
        assertThat(onTopic()).doesNotContainKeys("666666666666", "777777777777", "888888888888");
    }

    @Test
    void importWithoutAClusterPointsAtRunIam() throws IOException {
        Path good = write("good.json", export("999999999999", 1));
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("iam", "import", good.toString()),
                "iam import needs --bootstrap-servers HOST:PORT; to publish to the embedded broker, give the files to "
                        + "run: trailstream run --iam FILE");
        UsageErrorsTest.assertOneLineUsageError(RunOnceTest.run("run", "--source", tmp.toString(), "--iam",
                tmp.resolve("absent.json").toString()), "--iam " + tmp.resolve("absent.json") + ": no such file");
    }

    @Test
    void runOnceWithIamPublishesEverySimulatedAccountsSnapshot() throws IOException {
        Path sim = tmp.resolve("sim");
        Path logs = RunOnceTest.simulate(sim, 11);
        List<Path> exports;
        try (Stream<Path> files = Files.list(sim.resolve("iam"))) {
            exports = files.sorted().map(d -> d.resolve("authorization-details.json")).toList();
        }
        assertThat(exports).hasSize(2).allSatisfy(f -> assertThat(f).isRegularFile());
        Path state = tmp.resolve("state");

        RunOnceTest.Result result = RunOnceTest.run("run", "--source", logs.toString(), "--state-dir",
                state.toString(), "--once", "--partitions", "1", "--iam", exports.get(0) + "," + exports.get(1));

        assertThat(result.rc()).as(result.err()).isZero();
        for (Path export : exports) {
            String account = export.getParent().getFileName().toString();
            IamSnapshot snapshot = IamSnapshot.read(export);
            assertThat(result.err()).contains(String.format("IAM snapshot of account %s (authorization-details.json): "
                    + "%d principals, %d policies, ", account, snapshot.principalArns().size(),
                    snapshot.policies().size()));
        }
        // Published once the embedded broker and the topics are up, as a start-up line.
        assertThat(result.err().indexOf("IAM snapshot of")).isGreaterThan(result.err().indexOf("Starting embedded"))
                .isGreaterThan(0);
        // The embedded broker is gone with the run; its log under the state dir still holds the topic.
        try (EmbeddedBroker again = EmbeddedBroker.start(state.resolve("kafka"), 0, 0)) {
            Map<String, IamSnapshotRecord> latest = IamSnapshots.latest(again.bootstrapServers(), Topics.IAM_SNAPSHOTS);
            assertThat(latest).containsOnlyKeys(exports.stream().map(e -> e.getParent().getFileName().toString())
                    .toArray(String[]::new));
            for (Path export : exports) {
                IamSnapshotRecord record = latest.get(export.getParent().getFileName().toString());
                assertThat(record.json()).isEqualTo(Files.readString(export));
                assertThat(record.takenAt()).isEqualTo(Files.getLastModifiedTime(export).toInstant()
                        .truncatedTo(ChronoUnit.MILLIS));
            }
        }
    }

    @Test
    void importsTheRealCloudsplainingExportsAndRefusesTheMixedLabOne() throws IOException {
        assumeTrue(Files.isDirectory(REAL), "../shared/data is absent");
        Path handMade = REAL.resolve("test/files/example-authz-details.json");
        Path partial = REAL.resolve("test/files/example_authz_v2.json");
        Path lab = REAL.resolve("examples/files/example.json");

        RunOnceTest.Result first = iamImport(handMade.toString(), "--taken-at", "2026-12-01T00:00:00Z");
        assertThat(first.rc()).as(first.err()).isZero();
        // 3 users and 3 roles; 32 policies, of which 30 AWS-managed.
        assertThat(first.out()).contains("account 012345678901 (example-authz-details.json): 6 principals, "
                + "32 policies, ").contains(", new");
        System.out.println("real export: " + first.out().strip() + " from " + Files.size(handMade) + " bytes");

        // The smaller export of the same account, taken later, replaces it.
        RunOnceTest.Result second = iamImport(partial.toString(), "--taken-at", "2026-12-02T00:00:00Z");
        assertThat(second.rc()).as(second.err()).isZero();
        assertThat(second.out()).contains("account 012345678901 (example_authz_v2.json): ").contains(", replaced");
        IamSnapshotRecord latest = onTopic().get("012345678901");
        assertThat(latest.json()).isEqualTo(Files.readString(partial));
        assertThat(latest.snapshot().principalArns()).hasSameSizeAs(IamSnapshot.read(partial).principalArns());

        // The lab export merges the hand-made account into a real one: no single key fits it.
        UsageErrorsTest.assertOneLineUsageError(iamImport(lab.toString()),
                "example.json: holds the IAM of several accounts [012345678901, 200611803367]");
        byte[] compressed = new IamSnapshotRecord("200611803367", Files.readString(lab), Instant.EPOCH, "example.json")
                .value();
        System.out.printf("lab export: %,d bytes, %,d gzip-compressed%n", Files.size(lab), compressed.length);
        assertThat(onTopic()).doesNotContainKey("200611803367");
    }
}
