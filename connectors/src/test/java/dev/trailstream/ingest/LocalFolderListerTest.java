package dev.trailstream.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LocalFolderListerTest {
    /** The component-wise order: a folder's files come before a sibling name that extends the folder's name. */
    private static final List<String> ORDERED = List.of(
            "A.json", "a/b/c.json", "a/z.json.gz", "a-b.json", "a.json", "b.json", "b0/x.json");

    @TempDir
    Path root;

    @Test
    void namesTheLastKeyOfEveryPrefixSoThatWaitingForThemCoversEverything() throws IOException {
        String a = "AWSLogs/111122223333/CloudTrail/us-east-1/";
        String b = "AWSLogs/444455556666/CloudTrail/eu-west-1/";
        for (String key : List.of(a + "2026/11/02/x_0100.json", a + "2026/11/03/x_0005.json", b + "2026/11/02/y_0100.json",
                "loose/z.json", "top.json")) {
            write(key, "{}");
        }
        assertThat(new LocalFolderLister(root).lastKeyPerPrefix()).containsExactly(
                java.util.Map.entry("", "top.json"),
                java.util.Map.entry(a, a + "2026/11/03/x_0005.json"),
                java.util.Map.entry(b, b + "2026/11/02/y_0100.json"));
    }

    @Test
    void listsNestedFoldersDepthFirstInComponentOrder() throws IOException {
        for (String key : List.of("b0/x.json", "a.json", "a/z.json.gz", "b.json", "a-b.json", "A.json", "a/b/c.json")) {
            write(key, "{}");
        }
        Files.createDirectories(root.resolve("empty/dir"));

        List<String> keys = keys(new LocalFolderLister(root).listAfter(Optional.empty()));

        assertThat(keys).containsExactlyElementsOf(ORDERED);
        assertThat(keys).isSortedAccordingTo(LocalFolderLister.KEY_ORDER);
    }

    @Test
    void resumesAfterAnyKeyWithTheRestOfTheOrder() throws IOException {
        for (String key : ORDERED) {
            write(key, "{}");
        }
        LocalFolderLister lister = new LocalFolderLister(root);

        for (int i = 0; i < ORDERED.size(); i++) {
            assertThat(keys(lister.listAfter(Optional.of(ORDERED.get(i)))))
                    .as("after %s", ORDERED.get(i))
                    .containsExactlyElementsOf(ORDERED.subList(i + 1, ORDERED.size()));
        }
        // Keys that are not (or no longer) there resume at their place in the order.
        for (String gone : List.of("0", "a", "a/b", "a/b/b.json", "a/m.json", "a.json.gz", "a-a", "b/x.json", "zzz")) {
            assertThat(keys(lister.listAfter(Optional.of(gone))))
                    .as("after %s", gone)
                    .containsExactlyElementsOf(ORDERED.stream()
                            .filter(key -> LocalFolderLister.KEY_ORDER.compare(key, gone) > 0).toList());
        }
        assertThat(keys(lister.listAfter(Optional.of("a/m.json")))).first().isEqualTo("a/z.json.gz");
    }

    @Test
    void listsEachPrefixAfterItsOwnCursorInOneGlobalOrder() throws IOException {
        String east = "AWSLogs/111122223333/CloudTrail/us-east-1/";
        String west = "AWSLogs/111122223333/CloudTrail/us-west-2/";
        String org = "AWSLogs/o-aa11bb22cc/444455556666/CloudTrail/eu-west-1/";
        for (String key : List.of(east + "2024/01/01/a.json", east + "2024/01/02/b.json", east + "2024/02/01/c.json",
                west + "2024/01/01/d.json", west + "2024/01/03/e.json", org + "2024/01/01/f.json",
                "0-flat/g.json", "z-flat/h.json")) {
            write(key, "{}");
        }
        Map<String, String> cursors = Map.of(east, east + "2024/01/02/b.json", west, west + "2024/01/02",
                "", "0-flat/g.json");
        List<String> asked = new ArrayList<>();

        List<String> keys = keys(new LocalFolderLister(root).list(prefix -> {
            asked.add(prefix);
            return Optional.ofNullable(cursors.get(prefix));
        }));

        assertThat(keys).containsExactly(east + "2024/02/01/c.json", west + "2024/01/03/e.json",
                org + "2024/01/01/f.json", "z-flat/h.json");
        assertThat(asked).containsExactly("", east, west, org);
    }

    @Test
    void readsEachFolderOnlyWhenTheWalkReachesIt() throws IOException {
        write("a/1.json", "{}");
        Files.createDirectories(root.resolve("b"));
        Iterator<SourceObject> listing = new LocalFolderLister(root).listAfter(Optional.empty());

        assertThat(listing.next().key()).isEqualTo("a/1.json");
        write("b/2.json", "{}"); // after the walk started, in a folder it has not entered yet

        assertThat(keys(listing)).containsExactly("b/2.json");
    }

    @Test
    void classifiesDigestInsightOtherAndEmptyFiles() throws IOException {
        write("AWSLogs/1/CloudTrail/us-east-1/2024/01/01/1_CloudTrail_us-east-1_20240101T0000Z_x.json.gz", "x");
        write("AWSLogs/1/CloudTrail-Digest/us-east-1/2024/01/01/1_CloudTrail-Digest_us-east-1_x.json.gz", "x");
        write("AWSLogs/1/CloudTrail-Insight/us-east-1/2024/01/01/1_CloudTrail-Insight_us-east-1_x.json.gz", "x");
        write("flat/1_CloudTrail-Digest_us-east-1_x.json", "x");
        write("notes.txt", "x");
        write("zero.json", "");

        List<SourceObject> objects = new ArrayList<>();
        new LocalFolderLister(root).listAfter(Optional.empty()).forEachRemaining(objects::add);

        assertThat(objects).extracting(SourceObject::kind).containsExactly(ObjectKind.EVENTS, ObjectKind.DIGEST,
                ObjectKind.INSIGHT, ObjectKind.DIGEST, ObjectKind.OTHER, ObjectKind.EMPTY);
        assertThat(objects.get(0).size()).isEqualTo(1);
        assertThat(ObjectKind.classify("CloudTrail-Digest/x.json", 5)).isEqualTo(ObjectKind.DIGEST);
        assertThat(ObjectKind.classify("x.JSON.GZ", 5)).isEqualTo(ObjectKind.EVENTS);
        assertThat(ObjectKind.classify("x.json.gz.tmp", 5)).isEqualTo(ObjectKind.OTHER);
    }

    @Test
    void followsLinksOnlyToFilesInsideTheRoot(@TempDir Path outside) throws IOException {
        write("inside/real.json", "{}");
        Files.writeString(outside.resolve("secret.json"), "{}");
        Files.createSymbolicLink(root.resolve("in-link.json"), root.resolve("inside/real.json"));
        Files.createSymbolicLink(root.resolve("out-link.json"), outside.resolve("secret.json"));
        Files.createSymbolicLink(root.resolve("dir-link"), root.resolve("inside"));
        Files.createSymbolicLink(root.resolve("loop"), root);

        LocalFolderLister lister = new LocalFolderLister(root);

        assertThat(keys(lister.listAfter(Optional.empty()))).containsExactly("in-link.json", "inside/real.json");
        assertThat(lister.describe("out-link.json")).isEmpty();
        Instant modified = Instant.parse("2024-01-01T00:00:00Z");
        Files.setLastModifiedTime(root.resolve("inside/real.json"), FileTime.from(modified));
        assertThat(lister.describe("in-link.json")).contains(SourceObject.of("in-link.json", 2, modified));
        // A link's object is its target's: size and last-modified time alike.
        assertThat(lister.listAfter(Optional.empty()).next()).isEqualTo(SourceObject.of("in-link.json", 2, modified));
    }

    @Test
    void summarizesEventFilesAndTheLastOneToBeRead() throws IOException {
        write("2024/01/a.json", "{}");
        write("2024/02/b.json.gz", "{}");
        write("2024/03/empty.json", "");
        write("2024/CloudTrail-Digest/d.json", "{}");
        write("readme.md", "#");

        LocalFolderLister lister = new LocalFolderLister(root);

        assertThat(lister.summarize()).isEqualTo(new ListingSummary(5, 2, Optional.of("2024/02/b.json.gz")));
        assertThat(lister.lastKey()).contains("2024/02/b.json.gz");
        assertThat(lister.eventObjectCount()).isEqualTo(2);
        assertThat(new LocalFolderLister(Files.createDirectories(root.resolve("void"))).lastKey()).isEmpty();
    }

    @Test
    void describesAndOpensObjectsByKey() throws IOException {
        write("x/y.json", "{\"a\":1}");
        Instant modified = Instant.parse("2025-06-30T12:34:56Z");
        Files.setLastModifiedTime(root.resolve("x/y.json"), FileTime.from(modified));
        LocalFolderLister lister = new LocalFolderLister(root);

        assertThat(lister.describe("x/y.json")).contains(new SourceObject("x/y.json", 7, ObjectKind.EVENTS, modified));
        assertThat(lister.listAfter(Optional.empty()).next()).isEqualTo(lister.describe("x/y.json").orElseThrow());
        assertThat(lister.describe("x/nope.json")).isEmpty();
        try (var in = lister.open("x/y.json")) {
            assertThat(in.readAllBytes()).hasSize(7);
        }
        assertThat(lister.location().toString()).startsWith("file:/").endsWith("/");
    }

    @Test
    void readsOnlyTheConfiguredAccountsAndRegions() throws IOException {
        String east = "AWSLogs/o-aa11bb22cc/111122223333/CloudTrail/us-east-1/";
        String west = "AWSLogs/o-aa11bb22cc/111122223333/CloudTrail/eu-west-1/";
        String digest = "AWSLogs/o-aa11bb22cc/111122223333/CloudTrail-Digest/us-east-1/";
        String otherAccount = "AWSLogs/o-aa11bb22cc/444455556666/CloudTrail/us-east-1/";
        for (String key : List.of(east + "2026/11/02/a.json", west + "2026/11/02/b.json",
                digest + "2026/11/02/111122223333_CloudTrail-Digest_us-east-1_c.json.gz",
                otherAccount + "2026/11/02/d.json", "AWSLogs/o-aa11bb22cc/444455556666/notes.txt", "top.json")) {
            write(key, "{}");
        }
        LocalFolderLister lister = new LocalFolderLister(root,
                new ListingFilter(Set.of("111122223333"), Set.of("us-east-1"), Optional.empty()));
        List<String> asked = new ArrayList<>();

        List<String> keys = keys(lister.list(prefix -> {
            asked.add(prefix);
            return Optional.empty();
        }));

        // Keys outside the CloudTrail layout are listed whatever the filter says.
        // The local order is component-wise: "CloudTrail" sorts before "CloudTrail-Digest".
        assertThat(keys).containsExactly(east + "2026/11/02/a.json",
                digest + "2026/11/02/111122223333_CloudTrail-Digest_us-east-1_c.json.gz",
                "AWSLogs/o-aa11bb22cc/444455556666/notes.txt", "top.json");
        assertThat(asked).containsExactly("", east, digest);
        assertThat(lister.lastKeyPerPrefix()).containsOnlyKeys("", digest, east);
        assertThat(lister.summarize()).isEqualTo(new ListingSummary(4, 2, Optional.of("top.json")));
        // With no filter, everything is there.
        assertThat(keys(new LocalFolderLister(root).listAfter(Optional.empty()))).hasSize(6);
    }

    @Test
    void appliesTheFiltersOfTheConnectorConfigToWhatTheAppWaitsFor() throws IOException {
        String east = "AWSLogs/111122223333/CloudTrail/us-east-1/";
        String other = "AWSLogs/444455556666/CloudTrail/us-east-1/";
        for (String key : List.of(east + "2026/11/01/old.json", east + "2026/11/02/new.json",
                other + "2026/11/03/d.json")) {
            write(key, "{}");
        }
        CloudTrailSourceConfig config = new CloudTrailSourceConfig(Map.of("source", root.toString(),
                "accounts", "111122223333", "start.date", "2026-11-02"));

        try (ObjectLister lister = ObjectListers.open(config)) {
            assertThat(lister.lastKeyPerPrefix()).containsExactly(Map.entry(east, east + "2026/11/02/new.json"));
            assertThat(lister.eventObjectCount()).isEqualTo(1);
        }
    }

    @Test
    void takesTheAccountFromTheSourceFolderWhenTheSourceIsOneAccountsFolder() throws IOException {
        write("AWSLogs/444455556666/CloudTrail/us-east-1/2026/11/02/d.json", "{}");
        Path account = root.resolve("AWSLogs/444455556666");

        assertThat(keys(new LocalFolderLister(account, new ListingFilter(Set.of("111122223333"), Set.of(),
                Optional.empty())).listAfter(Optional.empty()))).isEmpty();
        assertThat(keys(new LocalFolderLister(account, new ListingFilter(Set.of("444455556666"), Set.of(),
                Optional.empty())).listAfter(Optional.empty()))).containsExactly("CloudTrail/us-east-1/2026/11/02/d.json");
    }

    @Test
    void startsEachPrefixAtTheStartDateWithoutListingEarlierDays() throws IOException {
        String east = "AWSLogs/111122223333/CloudTrail/us-east-1/";
        String digest = "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/";
        for (String key : List.of(east + "2025/12/31/a.json", east + "2026/10/30/b.json", east + "2026/11/01/c.json",
                east + "2026/11/02/d.json", east + "2026/11/10/e.json", east + "2027/01/01/f.json",
                digest + "2026/11/01/g.json", digest + "2026/11/02/h.json", "flat/2020/01/01/i.json")) {
            write(key, "{}");
        }
        LocalFolderLister lister = new LocalFolderLister(root,
                new ListingFilter(Set.of(), Set.of(), Optional.of(LocalDate.of(2026, 11, 2))));

        assertThat(keys(lister.listAfter(Optional.empty()))).containsExactly(east + "2026/11/02/d.json",
                east + "2026/11/10/e.json", east + "2027/01/01/f.json", digest + "2026/11/02/h.json",
                "flat/2020/01/01/i.json");
        assertThat(lister.lastKeyPerPrefix()).containsExactly(Map.entry("", "flat/2020/01/01/i.json"),
                Map.entry(digest, digest + "2026/11/02/h.json"), Map.entry(east, east + "2027/01/01/f.json"));
    }

    @Test
    void aCursorLaterThanTheStartDateWins() throws IOException {
        String east = "AWSLogs/111122223333/CloudTrail/us-east-1/";
        String west = "AWSLogs/111122223333/CloudTrail/us-west-2/";
        for (String key : List.of(east + "2026/11/01/a.json", east + "2026/11/02/b.json", east + "2026/11/05/c.json",
                east + "2026/11/06/d.json", west + "2026/10/01/e.json", west + "2026/11/01/f.json",
                west + "2026/11/03/g.json")) {
            write(key, "{}");
        }
        LocalFolderLister lister = new LocalFolderLister(root,
                new ListingFilter(Set.of(), Set.of(), Optional.of(LocalDate.of(2026, 11, 2))));
        // east's cursor is past the start date; west's is before it, so the start date wins there.
        Map<String, String> cursors = Map.of(east, east + "2026/11/05/c.json", west, west + "2026/10/01/e.json");

        assertThat(keys(lister.list(prefix -> Optional.ofNullable(cursors.get(prefix)))))
                .containsExactly(east + "2026/11/06/d.json", west + "2026/11/03/g.json");
    }

    @Test
    void listsAPrefixAfterALookBackKeyThatNamesNoFileAsS3DoesWithStartAfter() throws IOException {
        for (String key : LOOKBACK_KEYS) {
            write(key, "{}");
        }

        List<String> keys = keys(new LocalFolderLister(root).list(prefix -> prefix.equals(PrefixCursorTest.PREFIX)
                ? Optional.of(PrefixCursorTest.stem("1135")) : Optional.empty()));

        assertThat(keys).containsExactlyElementsOf(LOOKBACK_KEYS.subList(3, LOOKBACK_KEYS.size()));
    }

    /**
     * A prefix's files around 11:35 on 2026-11-02, in key order: listed after {@code PrefixCursorTest.stem("1135")},
     * the first three are left out. The same in {@link S3ListerTest}.
     */
    static final List<String> LOOKBACK_KEYS = List.of(
            PrefixCursorTest.PREFIX + "2026/11/01/111122223333_CloudTrail_us-east-1_20261101T2355Z_z.json.gz",
            PrefixCursorTest.key("1130", "zzzz"),
            PrefixCursorTest.PREFIX + "2026/11/02/111122223333_CloudTrail_us-east-1_20261102T113",
            PrefixCursorTest.key("1135", "0000"),
            PrefixCursorTest.key("1200", "a"),
            PrefixCursorTest.PREFIX + "2026/11/02/readme.txt",
            PrefixCursorTest.PREFIX + "2026/11/03/111122223333_CloudTrail_us-east-1_20261103T0000Z_a.json.gz");

    private void write(String key, String content) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> keys(Iterator<SourceObject> listing) {
        List<String> keys = new ArrayList<>();
        listing.forEachRemaining(object -> keys.add(object.key()));
        return keys;
    }
}
