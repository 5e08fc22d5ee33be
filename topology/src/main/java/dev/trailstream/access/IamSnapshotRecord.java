package dev.trailstream.access;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One account's IAM snapshot as a record of the compacted topic {@code trailstream.iam-snapshots}. Compaction keeps
 * the latest record per key, so the topic holds the newest snapshot of every account.
 *
 * <ul>
 *   <li>key: the AWS account id (String, 12 digits)</li>
 *   <li>value: the JSON that {@code aws iam get-account-authorization-details} printed, unchanged, gzip-compressed
 *       (exports run to megabytes; the topic's {@code max.message.bytes} is {@link #MAX_RECORD_BYTES})</li>
 *   <li>header {@value #TAKEN_AT}: when the export was taken, epoch milliseconds as decimal text</li>
 *   <li>header {@value #SOURCE}: the name of the file it was read from</li>
 *   <li>header {@value #FORMAT}: {@value #AUTHORIZATION_DETAILS_V1}, the only format so far</li>
 * </ul>
 *
 * <p>The value is the export itself rather than a model of it so that a reader gets every field AWS wrote, including
 * those {@link IamSnapshot} does not model yet, and so that the format can only change with the AWS CLI.
 *
 * @param accountId the account the export describes (the record key)
 * @param json      the export, uncompressed
 * @param takenAt   when it was taken
 * @param source    the file name it came from, for messages
 */
public record IamSnapshotRecord(String accountId, String json, Instant takenAt, String source) {
    public static final String TAKEN_AT = "trailstream.iam.taken-at";
    public static final String SOURCE = "trailstream.iam.source";
    public static final String FORMAT = "trailstream.iam.format";
    public static final String AUTHORIZATION_DETAILS_V1 = "authorization-details-v1";
    /**
     * The largest record the topic takes and producers send, 16 MiB: a compressed export of a large account (tens of
     * MB of JSON) fits, where Kafka's default of 1 MiB would not.
     */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    public IamSnapshotRecord {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(source, "source");
    }

    /** The record value: the export gzip-compressed. */
    public byte[] value() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The record headers: taken-at, source and format. */
    public Headers headers() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TAKEN_AT, Long.toString(takenAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE, source.getBytes(StandardCharsets.UTF_8));
        headers.add(FORMAT, AUTHORIZATION_DETAILS_V1.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The export parsed, taken at {@link #takenAt()}. */
    public IamSnapshot snapshot() {
        return IamSnapshot.parse(json, source, takenAt);
    }

    /**
     * When a record was taken, from its headers alone (no need to decompress a megabyte to compare times).
     *
     * @throws IllegalArgumentException when the header is missing or not a number
     */
    public static Instant takenAt(Headers headers) {
        String millis = header(headers, TAKEN_AT);
        try {
            return Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header " + TAKEN_AT + " is not epoch milliseconds: " + millis);
        }
    }

    /**
     * Decodes a record of the topic.
     *
     * @throws IllegalArgumentException when a header is missing, the format is unknown or the value is not gzip
     */
    public static IamSnapshotRecord decode(String key, byte[] value, Headers headers) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        String format = header(headers, FORMAT);
        if (!format.equals(AUTHORIZATION_DETAILS_V1)) {
            // A newer writer's format: refuse rather than misread it.
            throw new IllegalArgumentException("snapshot of account " + key + " has format " + format
                    + ", expected " + AUTHORIZATION_DETAILS_V1);
        }
        return new IamSnapshotRecord(key, gunzip(key, value), takenAt(headers), header(headers, SOURCE));
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            throw new IllegalArgumentException("IAM snapshot record without header " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String gunzip(String key, byte[] value) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(value))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("snapshot of account " + key + " is not gzip-compressed JSON: " + e);
        }
    }

    @Override
    public String toString() {
        return "IamSnapshotRecord[" + accountId + ", " + source + ", taken at " + takenAt + ", " + json.length()
                + " chars]";
    }
}
