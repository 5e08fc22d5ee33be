package dev.trailstream.ingest;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which CloudTrail {@link ListingPrefix listing prefixes} a lister lists, and from which day on: the connector's
 * {@code accounts}, {@code regions} and {@code start.date} settings. Both listers apply it while walking, so what it
 * rules out is never listed (in S3, never fetched), never read and gets no completion record, and
 * {@link ObjectLister#lastKeyPerPrefix()} and {@link ObjectLister#summarize()} count only what will be read.
 *
 * <p>It only ever concerns CloudTrail prefixes ({@code Digest} and {@code Insight} ones included): keys outside that
 * layout (the prefix {@code ""}) are listed whatever the filter says.
 *
 * @param accounts  12-digit account ids whose prefixes are listed; empty for all. A prefix whose path names no account
 *                  (the source is one account's folder and that folder is not named after the account) is listed.
 * @param regions   region names whose prefixes are listed; empty for all
 * @param startDate the first day listed inside each prefix, or empty for all: the prefix is listed from just before
 *                  its {@code YYYY/MM/DD/} folder, unless the prefix's cursor is later already
 */
public record ListingFilter(Set<String> accounts, Set<String> regions, Optional<LocalDate> startDate) {
    /** Lists everything. */
    public static final ListingFilter NONE = new ListingFilter(Set.of(), Set.of(), Optional.empty());

    /** The account (if the path names one) and region of a prefix folder's path, matched at its end. */
    private static final Pattern PREFIX_END = Pattern.compile(
            "(?:^|/)(?:([0-9]{12})/)?CloudTrail(?:-Digest|-Insight)?/([a-z0-9-]+)/$");

    public ListingFilter {
        accounts = Set.copyOf(accounts);
        regions = Set.copyOf(regions);
        Objects.requireNonNull(startDate, "startDate");
    }

    public static ListingFilter of(CloudTrailSourceConfig config) {
        return new ListingFilter(config.accounts(), config.regions(), config.startDate());
    }

    /**
     * Whether the CloudTrail prefix folder at {@code path} is listed at all.
     *
     * @param path the prefix folder's path ending with '/', including the part of the source location above the
     *             source root (an S3 source prefix, a local folder's path), where the account folder may be
     */
    boolean admits(String path) {
        if (accounts.isEmpty() && regions.isEmpty()) {
            return true;
        }
        Matcher matcher = PREFIX_END.matcher(path);
        if (!matcher.find()) {
            return true; // not a CloudTrail prefix: the filter does not apply
        }
        String account = matcher.group(1);
        return (accounts.isEmpty() || account == null || accounts.contains(account))
                && (regions.isEmpty() || regions.contains(matcher.group(2)));
    }

    /**
     * Where the listing of {@code prefix} starts: the later, in {@code order}, of its cursor and the start date's key,
     * {@code <prefix>YYYY/MM/DD} (no trailing '/': it sorts just before every key of that day's folder, and after
     * every key of the days before it). Null to list the whole prefix.
     *
     * @param cursor the prefix's cursor, a key inside {@code prefix}, or null
     */
    String startAfter(String prefix, String cursor, Comparator<String> order) {
        if (startDate.isEmpty()) {
            return cursor;
        }
        LocalDate day = startDate.get();
        String start = prefix + String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(),
                day.getDayOfMonth());
        return cursor != null && order.compare(cursor, start) > 0 ? cursor : start;
    }
}
