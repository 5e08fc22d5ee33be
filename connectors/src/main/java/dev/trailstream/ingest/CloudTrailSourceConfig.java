package dev.trailstream.ingest;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of {@link CloudTrailSourceConnector} and its task; {@link #CONFIG_DEF} is the one declaration of what a
 * user sets, {@link #TASK_CONFIG_DEF} adds what the connector sets for each task.
 */
public final class CloudTrailSourceConfig extends AbstractConfig {
    public static final String SOURCE = "source";
    public static final String TOPIC = "topic";
    public static final String ERRORS_TOPIC = "errors.topic";
    public static final String OBJECTS_TOPIC = "objects.topic";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String LOOKBACK_MINUTES = "lookback.minutes";
    public static final String BATCH_SIZE = "batch.size";
    public static final String MAX_RECORD_BYTES = "max.record.bytes";
    public static final String MAX_OBJECT_BYTES = "max.object.bytes";
    public static final String MAX_COMPRESSION_RATIO = "max.compression.ratio";
    public static final String ERRORS_TOLERANCE = "errors.tolerance";
    public static final String S3_REGION = "s3.region";
    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_PATH_STYLE = "s3.path.style";
    public static final String ACCOUNTS = "accounts";
    public static final String REGIONS = "regions";
    public static final String START_DATE = "start.date";
    /** Set by the connector in each task's config ({@link CloudTrailSourceConnector#taskConfigs}), never by a user. */
    public static final String TASK_INDEX = "task.index";
    /** Set by the connector in each task's config, never by a user: how many tasks share the source. */
    public static final String TASK_COUNT = "task.count";
    /** The {@code name} Connect gives every connector; tasks get it with the rest of the connector's config. */
    static final String CONNECTOR_NAME = "name";
    /** The connector name tagged on metrics when the config has none (a task started outside Connect). */
    static final String DEFAULT_CONNECTOR_NAME = "cloudtrail-source";

    private static final String SOURCE_GROUP = "Source";
    private static final String OUTPUT_GROUP = "Output";
    private static final String READING_GROUP = "Reading";
    private static final String S3_GROUP = "S3";
    private static final String FILTERS_GROUP = "Filters";

    /** What to do with a record or object that cannot be read. */
    public enum ErrorTolerance {
        /** Report it on the errors topic, count it, and go on. */
        ALL,
        /** Fail the task, naming the object and record. */
        NONE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The longest look-back accepted: a day. Every pass lists each prefix's whole look-back, and CloudTrail's delays
     * are minutes, so anything longer only costs listing.
     */
    static final int MAX_LOOKBACK_MINUTES = 1_440;

    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    /** us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1, ... */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-[0-9]+");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final DateTimeFormatter DATE_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SOURCE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new SourceValidator(), Importance.HIGH,
                    "Where to read CloudTrail log files from, recursively: a local folder (a path or a file: URI) "
                            + "or an S3 bucket and prefix (s3://bucket/prefix, read with the AWS SDK's default "
                            + "credential chain). Files are read in key order, each once. The source is listed "
                            + "again every poll.interval.ms; a file added later is read if its key sorts after the "
                            + "last file read in its own listing prefix, or if its CloudTrail time is within "
                            + "lookback.minutes of that file's: AWSLogs/[o-xxxx/]<account>/CloudTrail/<region>/ (or "
                            + "CloudTrail-Digest, CloudTrail-Insight), each with its own cursor and source partition "
                            + "(in S3, each listed on its own from that cursor, less the look-back); files outside "
                            + "that layout share one prefix, the whole source.",
                    SOURCE_GROUP, 1, Width.LONG, "Source")
            .define(TOPIC, Type.STRING, "cloudtrail.events", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic for CloudTrail records: key the principal id (null when the record names none), value "
                            + "the record's bytes exactly as in the file.",
                    OUTPUT_GROUP, 1, Width.MEDIUM, "Events topic")
            .define(ERRORS_TOPIC, Type.STRING, "cloudtrail.ingest-errors", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Topic for records and objects that could not be read: key the object key, value a JSON "
                            + "report with the record index, a reason and an error code.",
                    OUTPUT_GROUP, 2, Width.MEDIUM, "Errors topic")
            .define(OBJECTS_TOPIC, Type.STRING, "cloudtrail.objects", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Topic receiving one JSON record per listed file, after its last event: its kind, whether it "
                            + "was read, failed or skipped, and how many events and errors it gave.",
                    OUTPUT_GROUP, 3, Width.MEDIUM, "Objects topic")
            .define(POLL_INTERVAL_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "How long to wait, once every listed file has been read, before listing the folder again.",
                    READING_GROUP, 1, Width.SHORT, "Listing interval (ms)")
            .define(LOOKBACK_MINUTES, Type.INT, 30, new LookbackMinutes(), Importance.MEDIUM,
                    "How far behind a prefix's cursor (the last file read there), in minutes of CloudTrail time, "
                            + "each listing pass looks for files that arrived late. CloudTrail does not deliver a "
                            + "prefix's files in key order: files of the same five minutes differ only by a random "
                            + "suffix and may arrive minutes apart, and delivery can lag by about 15 minutes, so a "
                            + "file can appear with a key before the cursor. Each pass lists every CloudTrail prefix "
                            + "from the cursor's time less this (in S3, StartAfter=<prefix>YYYY/MM/DD/<account>"
                            + "_CloudTrail_<region>_<YYYYMMDDTHHmmZ>) and reads the files there that were not read "
                            + "yet; the prefix's offset remembers the files finished in that window (at most 1,000). "
                            + "A file that arrives later than that is not read: it is logged, counted (metric "
                            + "trailstream.connector.late, outcome=skipped) and reported as skipped on the objects "
                            + "topic. 0 turns the look-back off: a file is read only if its key sorts after the "
                            + "cursor. Files whose names carry no CloudTrail time always keep that plain cursor.",
                    READING_GROUP, 2, Width.SHORT, "Look-back (minutes)")
            .define(BATCH_SIZE, Type.INT, 2000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Most records returned by one poll (one transaction under exactly-once).",
                    READING_GROUP, 3, Width.SHORT, "Batch size")
            .define(MAX_RECORD_BYTES, Type.INT, ReadLimits.DEFAULT_MAX_RECORD_BYTES, ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Largest record accepted, in bytes; larger ones are reported on the errors topic and skipped. "
                            + "Keep it below the producer's max.request.size.",
                    READING_GROUP, 4, Width.SHORT, "Max record size")
            .define(MAX_OBJECT_BYTES, Type.LONG, ReadLimits.DEFAULT_MAX_OBJECT_BYTES,
                    ConfigDef.Range.atLeast(ReadLimits.DEFAULT_MAX_RECORD_BYTES), Importance.LOW,
                    "Most bytes one file may decompress to (or hold, if not compressed). Past it the file ends "
                            + "with a decompression_limit error on the errors topic; the events before are kept. "
                            + "CloudTrail's files decompress to tens of MB at most, so the default, 1 GiB, only "
                            + "stops files that are not CloudTrail's (or bombs that evade the ratio).",
                    READING_GROUP, 6, Width.SHORT, "Max decompressed file size")
            .define(MAX_COMPRESSION_RATIO, Type.INT, ReadLimits.DEFAULT_MAX_COMPRESSION_RATIO,
                    ConfigDef.Range.atLeast(2), Importance.LOW,
                    "Most times a gzip file may decompress relative to its compressed bytes read so far, checked "
                            + "once it has given more than 1 MiB. Past it the file ends with a decompression_limit "
                            + "error (a gzip bomb); the events before are kept. CloudTrail's files decompress 10-30 "
                            + "times, a bomb about 1,000; the default is 200.",
                    READING_GROUP, 7, Width.SHORT, "Max compression ratio")
            .define(ERRORS_TOLERANCE, Type.STRING, ErrorTolerance.ALL.label(),
                    ConfigDef.ValidString.in(ErrorTolerance.ALL.label(), ErrorTolerance.NONE.label()),
                    Importance.MEDIUM,
                    "all: report unreadable records and files on the errors topic and go on; none: fail the task "
                            + "at the first one, naming the file and record index.",
                    READING_GROUP, 5, Width.SHORT, "Error tolerance")
            .define(S3_REGION, Type.STRING, null, new ConfigDef.NonEmptyStringWithoutControlChars(),
                    Importance.MEDIUM,
                    "AWS region of the S3 bucket. Default: the AWS SDK's region chain (aws.region, AWS_REGION, "
                            + "the profile, instance metadata), else us-east-1. Credentials are never configured "
                            + "here: the SDK's default credential chain (environment, profile, role) provides them.",
                    S3_GROUP, 1, Width.SHORT, "S3 region")
            .define(S3_ENDPOINT, Type.STRING, null, new HttpUri(), Importance.LOW,
                    "Endpoint of an S3-compatible store (http:// or https://), replacing the AWS endpoint of the "
                            + "region. Unset for AWS S3.",
                    S3_GROUP, 2, Width.MEDIUM, "S3 endpoint")
            .define(S3_PATH_STYLE, Type.BOOLEAN, false, Importance.LOW,
                    "Address buckets as https://endpoint/bucket (path style) instead of https://bucket.endpoint; "
                            + "most S3-compatible stores need true.",
                    S3_GROUP, 3, Width.SHORT, "S3 path-style access")
            .define(ACCOUNTS, Type.LIST, "", new Matching(ACCOUNT_ID, "12-digit AWS account ids",
                            "111122223333,444455556666"), Importance.MEDIUM,
                    "Comma-separated 12-digit AWS account ids to read; empty (the default) reads every account. "
                            + "The AWSLogs/[o-xxxx/]<account>/CloudTrail[-Digest|-Insight]/<region>/ prefixes of "
                            + "other accounts are not listed at all: their files are never read and get no record on "
                            + "the objects topic. Files outside that layout are read whatever this says.",
                    FILTERS_GROUP, 1, Width.LONG, "Accounts")
            .define(REGIONS, Type.LIST, "", new Matching(REGION, "AWS region names", "us-east-1,eu-west-1"),
                    Importance.MEDIUM,
                    "Comma-separated AWS region names to read; empty (the default) reads every region. Like "
                            + "accounts: the region folders of other regions are not listed at all, files outside "
                            + "the CloudTrail layout are read whatever this says.",
                    FILTERS_GROUP, 2, Width.LONG, "Regions")
            .define(START_DATE, Type.STRING, null, new IsoDate(), Importance.MEDIUM,
                    "First day to read, as YYYY-MM-DD (UTC, the day folders CloudTrail writes); unset reads every "
                            + "day. Inside each CloudTrail prefix the day folders before it (and anything else "
                            + "sorting before its YYYY/MM/DD/ folder) are not listed at all: in S3 a prefix is "
                            + "listed from StartAfter=<prefix>YYYY/MM/DD. A prefix whose cursor (the last file read) "
                            + "is later goes on from its cursor. Files outside the CloudTrail layout are read "
                            + "whatever their date.",
                    FILTERS_GROUP, 3, Width.SHORT, "Start date");

    /**
     * {@link #CONFIG_DEF} plus the two settings the connector gives each task, so that a task knows its share of the
     * listing prefixes ({@link TaskShare}). Kept out of {@code CONFIG_DEF} (what the connector's {@code config()}
     * returns, so what Connect's validation and UIs show) because a user never sets them; their defaults make a
     * config without them one task reading everything.
     */
    public static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .defineInternal(TASK_INDEX, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Which of the connector's tasks this is, from 0. Set by the connector for each task.")
            .defineInternal(TASK_COUNT, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How many tasks share the source (tasks.max). Set by the connector for each task.");

    public CloudTrailSourceConfig(Map<String, String> props) {
        super(TASK_CONFIG_DEF, props);
        NoCredentialsInConfig.check(props);
        if (getInt(TASK_INDEX) >= getInt(TASK_COUNT)) {
            throw new ConfigException(TASK_INDEX, getInt(TASK_INDEX), "must be below " + TASK_COUNT + " ("
                    + getInt(TASK_COUNT) + "); both are set by the connector for each task, not by users");
        }
    }

    /** The listing prefixes this task reads: all of them unless the connector split the source between tasks. */
    public TaskShare taskShare() {
        return new TaskShare(getInt(TASK_INDEX), getInt(TASK_COUNT));
    }

    /** The connector's name (Connect's {@code name} setting), for metric tags; "cloudtrail-source" if none. */
    public String connectorName() {
        Object name = originals().get(CONNECTOR_NAME);
        return name == null || name.toString().isBlank() ? DEFAULT_CONNECTOR_NAME : name.toString();
    }

    /** The folder to read, absolute and normalised; fails when the source is an S3 location. */
    public Path sourceFolder() {
        return folder(getString(SOURCE));
    }

    /** The S3 bucket and prefix to read, or empty when the source is a local folder. */
    public Optional<S3Location> s3Location() {
        return S3Location.parse(getString(SOURCE));
    }

    /** The configured region of the bucket, or empty for the SDK's region chain. */
    public Optional<String> s3Region() {
        return Optional.ofNullable(getString(S3_REGION));
    }

    public Optional<URI> s3Endpoint() {
        return Optional.ofNullable(getString(S3_ENDPOINT)).map(text -> URI.create(text.trim()));
    }

    public boolean s3PathStyle() {
        return getBoolean(S3_PATH_STYLE);
    }

    public String topic() {
        return getString(TOPIC);
    }

    public String errorsTopic() {
        return getString(ERRORS_TOPIC);
    }

    public String objectsTopic() {
        return getString(OBJECTS_TOPIC);
    }

    public long pollIntervalMs() {
        return getLong(POLL_INTERVAL_MS);
    }

    /** How far behind each prefix's cursor a pass looks for late files; zero when the look-back is off. */
    public Duration lookback() {
        return Duration.ofMinutes(getInt(LOOKBACK_MINUTES));
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public int maxRecordBytes() {
        return getInt(MAX_RECORD_BYTES);
    }

    /** {@code max.record.bytes}, {@code max.object.bytes} and {@code max.compression.ratio}, for the reader. */
    public ReadLimits readLimits() {
        return new ReadLimits(maxRecordBytes(), getLong(MAX_OBJECT_BYTES), getInt(MAX_COMPRESSION_RATIO));
    }

    public ErrorTolerance errorsTolerance() {
        return ErrorTolerance.valueOf(getString(ERRORS_TOLERANCE).toUpperCase(Locale.ROOT));
    }

    /** The account ids to read; empty for all. */
    public Set<String> accounts() {
        return Set.copyOf(getList(ACCOUNTS));
    }

    /** The regions to read; empty for all. */
    public Set<String> regions() {
        return Set.copyOf(getList(REGIONS));
    }

    /** The first day to read inside each CloudTrail prefix, or empty for all. */
    public Optional<LocalDate> startDate() {
        return Optional.ofNullable(getString(START_DATE)).map(text -> LocalDate.parse(text.trim(), DATE_FORMAT));
    }

    /** The accounts, regions and start date, for the listers. */
    public ListingFilter listingFilter() {
        return new ListingFilter(accounts(), regions(), startDate());
    }

    /** A path, or a {@code file:} URI; other schemes are refused ({@code s3://} is read by {@link S3Lister}). */
    static Path folder(String source) {
        String text = source.trim();
        if (text.regionMatches(true, 0, "file:", 0, 5)) {
            return Path.of(URI.create(text)).toAbsolutePath().normalize();
        }
        if (text.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("the only URI schemes supported are file: and s3://");
        }
        return Path.of(text).toAbsolutePath().normalize();
    }

    /**
     * Accepts {@code s3://bucket[/prefix]} (checked for form only: whether the bucket exists and may be read depends
     * on the worker's credentials, and shows at the first listing) or an existing, readable local directory.
     */
    static final class SourceValidator implements ConfigDef.Validator {
        private static final String ALLOWED = "an existing, readable directory (a path or a file: URI) or an S3 "
                + "location (s3://bucket/prefix)";

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "must be " + ALLOWED);
            }
            Path folder;
            try {
                if (S3Location.parse(value.toString()).isPresent()) {
                    return;
                }
                folder = folder(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "must be " + ALLOWED + ": " + e.getMessage());
            }
            if (!Files.isDirectory(folder) || !Files.isReadable(folder)) {
                throw new ConfigException(name, value, "must be " + ALLOWED + "; " + folder
                        + (Files.exists(folder) ? " is not a readable directory" : " does not exist"));
            }
        }

        @Override
        public String toString() {
            return ALLOWED;
        }
    }

    /** Accepts a list whose every entry matches a pattern (an empty list too), naming the first entry that does not. */
    static final class Matching implements ConfigDef.Validator {
        private final Pattern pattern;
        private final String what;
        private final String example;

        Matching(Pattern pattern, String what, String example) {
            this.pattern = pattern;
            this.what = what;
            this.example = example;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must be a comma-separated list of " + what + " (e.g. "
                        + example + "), or empty for all");
            }
            for (Object entry : (List<?>) value) {
                String text = String.valueOf(entry).trim();
                if (!pattern.matcher(text).matches()) {
                    throw new ConfigException(name, value, "must be a comma-separated list of " + what + " (e.g. "
                            + example + "), or empty for all; '" + text + "' is not one");
                }
            }
        }

        @Override
        public String toString() {
            return "a comma-separated list of " + what + ", or empty for all";
        }
    }

    /** Accepts a look-back from 0 (off) to {@link #MAX_LOOKBACK_MINUTES}, saying what the bounds mean. */
    static final class LookbackMinutes implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof Integer minutes) || minutes < 0 || minutes > MAX_LOOKBACK_MINUTES) {
                throw new ConfigException(name, value, "must be a whole number of minutes from 0 (no look-back: "
                        + "read only the files sorting after each prefix's last one) to " + MAX_LOOKBACK_MINUTES
                        + " (one day); CloudTrail's delivery delays are minutes, which the default, 30, covers");
            }
        }

        @Override
        public String toString() {
            return "whole minutes from 0 (off) to " + MAX_LOOKBACK_MINUTES;
        }
    }

    /** Accepts a real calendar date written YYYY-MM-DD, or nothing. */
    static final class IsoDate implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String text = value.toString().trim();
            if (DATE.matcher(text).matches()) {
                try {
                    LocalDate.parse(text, DATE_FORMAT);
                    return;
                } catch (DateTimeParseException e) {
                    throw new ConfigException(name, value, "must be a date as YYYY-MM-DD (e.g. 2026-11-02); "
                            + text + " is not a day of the calendar");
                }
            }
            throw new ConfigException(name, value, "must be a date as YYYY-MM-DD (e.g. 2026-11-02)");
        }

        @Override
        public String toString() {
            return "a date as YYYY-MM-DD";
        }
    }

    /** Accepts an absolute http:// or https:// URI, or nothing. */
    static final class HttpUri implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            try {
                URI uri = new URI(value.toString().trim());
                if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null) {
                    return;
                }
            } catch (URISyntaxException e) {
                // refused below, with the allowed form
            }
            throw new ConfigException(name, value, "must be an http:// or https:// URI with a host");
        }

        @Override
        public String toString() {
            return "an http:// or https:// URI";
        }
    }
}
