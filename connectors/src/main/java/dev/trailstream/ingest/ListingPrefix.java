package dev.trailstream.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The listing prefix of a key: the unit the task keeps a cursor for, and the {@code prefix} of its source partition.
 *
 * <p>CloudTrail writes each account and region into its own subtree,
 * {@code [anything/]AWSLogs/[o-xxxx/]<12-digit account>/<CloudTrail|CloudTrail-Digest|CloudTrail-Insight>/<region>/},
 * and files keep arriving in all of them at once. The source folder may be the bucket's root or any folder down to
 * an account's, so the part before {@code CloudTrail/} may be cut: {@code <account>/CloudTrail/<region>/} (source =
 * {@code AWSLogs/}) and {@code CloudTrail/<region>/} (source = one account's folder) are prefixes too. A single cursor would leave every subtree but the last behind it,
 * so a key in that layout has that path (up to and including the region folder) as its prefix. Any other key has the
 * prefix {@code ""}: outside the layout the whole folder is one prefix, read with one cursor.
 *
 * <p>The match is the leftmost one, component-aligned, so a folder that is a prefix is the prefix of every key below
 * it: a lister can tell, on entering a folder, that everything in it shares one cursor.
 */
public final class ListingPrefix {
    /** The prefix of keys outside the CloudTrail layout. */
    public static final String NONE = "";

    private static final Pattern CLOUDTRAIL = Pattern.compile(
            "(?:(?:[^/]+/)*?AWSLogs/)?(?:(?:o-[a-z0-9]+/)?[0-9]{12}/)?CloudTrail(?:-Digest|-Insight)?/[a-z0-9-]+/");

    private ListingPrefix() {
    }

    /** The prefix of {@code key} ('/'-separated, relative to the source root); {@link #NONE} outside the layout. */
    public static String of(String key) {
        Matcher matcher = CLOUDTRAIL.matcher(key);
        return matcher.lookingAt() ? key.substring(0, matcher.end()) : NONE;
    }

    /** Whether the folder at {@code path} (relative, no trailing '/') is itself a listing prefix. */
    static boolean isPrefixFolder(String path) {
        return of(path + "/").length() == path.length() + 1;
    }
}
