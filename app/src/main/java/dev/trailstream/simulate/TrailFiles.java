package dev.trailstream.simulate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the trail as CloudTrail delivers it to S3: a gzipped {@code {"Records":[...]}} per account, region and
 * delivery, and an hourly digest per account and region listing the hour's files with their SHA-256.
 *
 * <p>Java's gzip header has no file name and a zero modification time, so the bytes depend on the content only.
 */
final class TrailFiles {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DIGEST_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    /** A delivered log file, as the digest lists it. */
    private record Delivered(String key, String sha256, Instant oldest, Instant newest) {
    }

    private final Path out;
    /** This hour's deliveries per "account/region": at most 12 each, so memory stays flat. */
    private final TreeMap<String, List<Delivered>> hour = new TreeMap<>();
    private final TreeMap<String, String> previousDigest = new TreeMap<>();
    private long eventFiles;
    private long digestFiles;

    TrailFiles(Path out) {
        this.out = out;
    }

    /** Writes one log file of events (sorted by time) delivered at {@code delivery}. */
    void writeLog(Account account, String region, Instant delivery, List<Event> events, SplittableRandom r)
            throws IOException {
        String key = "AWSLogs/" + account.id() + "/CloudTrail/" + region + "/" + DAY_PATH.format(delivery) + "/"
                + account.id() + "_CloudTrail_" + region + "_" + FILE_TIME.format(delivery) + "_"
                + Seeds.hex(r, 16).toUpperCase() + ".json.gz";
        MessageDigest sha = sha256();
        try (JsonGenerator g = generator(out.resolve(key), sha)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            for (Event e : events) {
                RecordWriter.write(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        eventFiles++;
        hour.computeIfAbsent(account.id() + "/" + region, k -> new ArrayList<>()).add(new Delivered(key,
                HexFormat.of().formatHex(sha.digest()), events.get(0).time(), events.get(events.size() - 1).time()));
    }

    /** Writes the digest of every account and region for the hour ending at {@code end}, files or not. */
    void writeDigests(List<Account> accounts, Instant end, SplittableRandom r) throws IOException {
        for (Account account : accounts) {
            for (String region : account.regions()) {
                writeDigest(account, region, end, hour.getOrDefault(account.id() + "/" + region, List.of()), r);
            }
        }
        hour.clear();
    }

    private void writeDigest(Account account, String region, Instant end, List<Delivered> files, SplittableRandom r)
            throws IOException {
        String key = "AWSLogs/" + account.id() + "/CloudTrail-Digest/" + region + "/" + DAY_PATH.format(end) + "/"
                + account.id() + "_CloudTrail-Digest_" + region + "_" + Account.TRAIL + "_" + region + "_"
                + DIGEST_TIME.format(end) + ".json.gz";
        MessageDigest sha = sha256();
        try (JsonGenerator g = generator(out.resolve(key), sha)) {
            g.writeStartObject();
            g.writeStringField("awsAccountId", account.id());
            g.writeStringField("digestStartTime", RecordWriter.time(end.minusSeconds(3600)));
            g.writeStringField("digestEndTime", RecordWriter.time(end));
            g.writeStringField("digestS3Bucket", account.bucket());
            g.writeStringField("digestS3Object", key);
            g.writeStringField("digestPublicKeyFingerprint", Seeds.hex(Seeds.random(0, account.id().hashCode()), 32));
            g.writeStringField("digestSignatureAlgorithm", "SHA256withRSA");
            if (!files.isEmpty()) {
                g.writeStringField("newestEventTime", RecordWriter.time(files.get(files.size() - 1).newest()));
                g.writeStringField("oldestEventTime", RecordWriter.time(files.get(0).oldest()));
            }
            String previous = previousDigest.get(account.id() + "/" + region);
            g.writeStringField("previousDigestS3Bucket", previous == null ? null : account.bucket());
            g.writeStringField("previousDigestS3Object", null);
            g.writeStringField("previousDigestHashValue", previous);
            g.writeStringField("previousDigestHashAlgorithm", previous == null ? null : "SHA-256");
            g.writeStringField("previousDigestSignature", previous == null ? null : Seeds.hex(r, 64));
            g.writeArrayFieldStart("logFiles");
            for (Delivered f : files) {
                g.writeStartObject();
                g.writeStringField("s3Bucket", account.bucket());
                g.writeStringField("s3Object", f.key());
                g.writeStringField("hashValue", f.sha256());
                g.writeStringField("hashAlgorithm", "SHA-256");
                g.writeStringField("newestEventTime", RecordWriter.time(f.newest()));
                g.writeStringField("oldestEventTime", RecordWriter.time(f.oldest()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        previousDigest.put(account.id() + "/" + region, HexFormat.of().formatHex(sha.digest()));
        digestFiles++;
    }

    long eventFiles() {
        return eventFiles;
    }

    long digestFiles() {
        return digestFiles;
    }

    private static JsonGenerator generator(Path file, MessageDigest sha) throws IOException {
        Files.createDirectories(file.getParent());
        OutputStream raw = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), sha);
        JsonGenerator g = MAPPER.getFactory().createGenerator(new GZIPOutputStream(raw, 1 << 16), JsonEncoding.UTF8);
        g.setCodec(MAPPER);
        return g;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
