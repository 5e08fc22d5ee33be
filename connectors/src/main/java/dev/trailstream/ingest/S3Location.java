package dev.trailstream.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3 source, {@code s3://bucket[/prefix]}. The prefix is a folder: it is empty or ends with '/', so that keys
 * relative to it are the same paths a local folder would give ({@code s3://b/AWSLogs} and {@code s3://b/AWSLogs/}
 * are one source, with one set of offsets).
 *
 * @param bucket the bucket name
 * @param prefix the key prefix below which objects are read, {@code ""} or ending with '/'
 */
public record S3Location(String bucket, String prefix) {
    /** Lenient on purpose: S3-compatible stores accept names that AWS would refuse (upper case, underscores). */
    private static final Pattern S3_URI = Pattern.compile("(?i)s3://([A-Za-z0-9][A-Za-z0-9._-]{0,254})(?:/(.*))?");

    public S3Location {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must be empty or end with '/': " + prefix);
        }
    }

    /** Whether {@code source} names an S3 location (whether or not it is a valid one). */
    static boolean isS3(String source) {
        return source.trim().toLowerCase(Locale.ROOT).startsWith("s3://");
    }

    /** Parses {@code s3://bucket[/prefix]}; empty when {@code source} is not an {@code s3://} URI at all. */
    static Optional<S3Location> parse(String source) {
        if (!isS3(source)) {
            return Optional.empty();
        }
        Matcher matcher = S3_URI.matcher(source.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected s3://<bucket>[/<prefix>], with a bucket name of letters, "
                    + "digits, '.', '-' or '_'");
        }
        String prefix = matcher.group(2) == null ? "" : matcher.group(2);
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("the prefix must not start with '/' (s3://<bucket>/<prefix>)");
        }
        return Optional.of(new S3Location(matcher.group(1), prefix.isEmpty() || prefix.endsWith("/") ? prefix
                : prefix + "/"));
    }

    /** {@code s3://bucket/prefix}: the {@code source} of the connector's source partitions. */
    public URI uri() {
        try {
            return new URI("s3", bucket, "/" + prefix, null); // quotes what a URI may not hold
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid S3 location: " + this, e);
        }
    }

    /** The human form, for messages: {@code s3://bucket/prefix}. */
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** {@code s3://bucket/prefix} for a full key of this bucket, for messages. */
    String describe(String fullKey) {
        return "s3://" + bucket + "/" + fullKey;
    }
}
