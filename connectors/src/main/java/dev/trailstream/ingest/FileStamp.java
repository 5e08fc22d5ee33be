package dev.trailstream.ingest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time CloudTrail writes into a log file's key, and the keys that sort just before a given minute's files.
 *
 * <p>CloudTrail names its files
 * {@code <prefix>YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<random>.json.gz} (Insights files:
 * {@code _CloudTrail-Insight_}), the day folder being the day of the name's time (UTC). Within a
 * {@link ListingPrefix} the name's first part is the same for every file, and the time is fixed-width, so key order is
 * time order down to the minute: {@link #keyAt} at a time is a key that sorts after every file of earlier minutes and
 * before every file of that minute or later, in both listers' orders (it is a prefix of the later keys of its own day
 * folder, and day folders compare by their digits). That is what lets a listing start a given time before a cursor
 * ({@code StartAfter} in S3) without knowing any key there.
 *
 * <p>A key whose day folder does not match its name's date, or that does not follow the layout at all, has no stamp:
 * its place in key order says nothing about its time.
 *
 * @param prefix     the key's {@link ListingPrefix}
 * @param namePrefix the file name up to its time, {@code <account>_CloudTrail_<region>_}
 * @param time       the name's time, to the minute
 */
record FileStamp(String prefix, String namePrefix, Instant time) {
    private static final Pattern BELOW_PREFIX = Pattern.compile(
            "([0-9]{4})/([0-9]{2})/([0-9]{2})/"
                    + "([0-9]{12}_CloudTrail(?:-Insight)?_[a-z0-9-]+_)([0-9]{8}T[0-9]{4}Z)_[^/]+");
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmm'Z'")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DAY_FOLDER = DateTimeFormatter.ofPattern("uuuu/MM/dd/")
            .withResolverStyle(ResolverStyle.STRICT);

    /** The stamp of {@code key}, or empty when its key does not say when CloudTrail wrote it. */
    static Optional<FileStamp> of(String key) {
        String prefix = ListingPrefix.of(key);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = BELOW_PREFIX.matcher(key).region(prefix.length(), key.length());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String stamp = matcher.group(5);
        if (!stamp.startsWith(matcher.group(1) + matcher.group(2) + matcher.group(3))) {
            return Optional.empty(); // a file outside its own day's folder
        }
        try {
            Instant time = LocalDateTime.parse(stamp, NAME_TIME).toInstant(ZoneOffset.UTC);
            return Optional.of(new FileStamp(prefix, matcher.group(4), time));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // 20261341T2599Z: digits, but not a time
        }
    }

    /**
     * {@code <prefix>YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>} for {@code time} (to the minute,
     * rounded down): sorts after every file of this prefix named for an earlier minute, before every other.
     */
    String keyAt(Instant time) {
        LocalDateTime minute = LocalDateTime.ofInstant(time.truncatedTo(ChronoUnit.MINUTES), ZoneOffset.UTC);
        return prefix + DAY_FOLDER.format(minute) + namePrefix + NAME_TIME.format(minute);
    }
}
