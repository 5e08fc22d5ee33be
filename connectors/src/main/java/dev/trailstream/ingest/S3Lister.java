package dev.trailstream.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Lists the objects below an S3 bucket and prefix in S3's own order, {@link #KEY_ORDER}, one page at a time.
 *
 * <p>Keys are relative to the source prefix. The walk mirrors {@link LocalFolderLister}'s: folders outside the
 * CloudTrail layout are listed with {@code Delimiter="/"} (that is how {@code AWSLogs/}, organisation folders
 * {@code o-xxxx/}, accounts and {@code <account>/CloudTrail/} are discovered), and each CloudTrail
 * {@code …/CloudTrail/<region>/} {@link ListingPrefix} is listed flat, on its own, with {@code StartAfter} = where
 * that prefix's cursor says ({@link Cursors#after}: the cursor, or with a look-back
 * {@code <prefix>YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>} some minutes before it). Why per prefix:
 * CloudTrail writes every account and region at once, so one listing of the bucket with one {@code StartAfter} would
 * leave new objects of every prefix but the last behind the cursor; and per-prefix {@code StartAfter} means a pass
 * fetches only what is recent in each prefix, not the history of the trail. Objects
 * outside the layout share the prefix {@code ""} and are filtered against its cursor one by one, because any folder
 * there may still hold a CloudTrail prefix.
 *
 * <p>Since S3 returns a folder's keys and sub-folders in key order and a sub-folder's keys are contiguous in that
 * order, this depth-first walk yields the same order as one flat listing of the bucket would. Memory holds one page
 * per folder on the current path, never the whole listing.
 *
 * <p>A {@link ListingFilter} narrows the walk: the common prefixes of accounts or regions it rules out are never
 * listed, and a prefix without a cursor later than the filter's start date is listed with {@code StartAfter =
 * <prefix>YYYY/MM/DD}, so the days before it are never fetched. A CloudTrail prefix another task owns
 * ({@link Cursors#owns}) is never listed either; the folders above the prefixes are listed by every task, since that
 * is how each finds its own.
 *
 * <p>Credentials are never configured here: the client comes with the SDK's default provider chain (see
 * {@link ObjectListers}). A folder or prefix that answers AccessDenied is skipped with a warning naming it, and the
 * pass goes on with the others; anything else that fails a listing surfaces as {@link UncheckedIOException}, after
 * the SDK's retry strategy has retried what is transient (throttling, 500s).
 */
public final class S3Lister implements ObjectLister, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S3Lister.class);

    /**
     * S3's listing order: UTF-8 byte order, which is Unicode code point order. {@link String#compareTo} compares
     * UTF-16 units and disagrees for characters above U+FFFF against U+E000–U+FFFF, so keys compare by code point.
     */
    public static final Comparator<String> KEY_ORDER = S3Lister::compareKeys;

    private final S3Client s3;
    private final S3Location location;
    /** Keys per listing page; null leaves S3's default (1,000). A hook for tests of paging. */
    private final Integer pageSize;
    private final ListingFilter filter;

    /** Lists everything below the location. */
    public S3Lister(S3Client s3, S3Location location) {
        this(s3, location, ListingFilter.NONE);
    }

    /** Lists what {@code filter} admits below the location; prefixes it rules out are never listed. */
    public S3Lister(S3Client s3, S3Location location, ListingFilter filter) {
        this(s3, location, filter, null);
    }

    S3Lister(S3Client s3, S3Location location, Integer pageSize) {
        this(s3, location, ListingFilter.NONE, pageSize);
    }

    S3Lister(S3Client s3, S3Location location, ListingFilter filter, Integer pageSize) {
        this.s3 = s3;
        this.location = location;
        this.filter = filter;
        this.pageSize = pageSize;
    }

    @Override
    public URI location() {
        return location.uri();
    }

    @Override
    public Comparator<String> keyOrder() {
        return KEY_ORDER;
    }

    @Override
    public Iterator<SourceObject> list(Cursors cursors) {
        return new Walk(cursors);
    }

    @Override
    public Optional<SourceObject> describe(String key) throws IOException {
        String fullKey = location.prefix() + key;
        try {
            HeadObjectResponse head = s3.headObject(request -> request.bucket(location.bucket()).key(fullKey));
            return Optional.of(SourceObject.of(key, head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HEAD has no body, so S3 cannot say NoSuchKey
                return Optional.empty();
            }
            throw failure("Cannot look up " + location.describe(fullKey), e);
        } catch (SdkException e) {
            throw failure("Cannot look up " + location.describe(fullKey), e);
        }
    }

    /** Streams the object; the caller closes the stream, which releases the connection. */
    @Override
    public InputStream open(String key) throws IOException {
        String fullKey = location.prefix() + key;
        try {
            return new AbortingStream(s3.getObject(request -> request.bucket(location.bucket()).key(fullKey)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(location.describe(fullKey));
        } catch (SdkException e) {
            throw failure("Cannot read " + location.describe(fullKey), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    /**
     * Aborts the HTTP request when closed before the end: closing a response stream drains the rest of the object
     * to reuse the connection, which for a task stopping mid-way through a large log is the wrong trade.
     */
    private static final class AbortingStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        AbortingStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }

    static int compareKeys(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** The message names the bucket and key, never the request's credentials or signature. */
    private static IOException failure(String what, SdkException e) {
        String detail = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.awsErrorDetails().errorCode() + " (HTTP " + s3e.statusCode() + ")" : e.getMessage();
        return new IOException(what + ": " + detail, e);
    }

    /** One folder or listing prefix below the source, an entry of its listing; {@code modified} null for folders. */
    private record Entry(String key, long size, boolean folder, Instant modified) {
    }

    /**
     * The listing of one folder (with {@code Delimiter="/"}, entries are objects and sub-folders) or of one CloudTrail
     * prefix (flat, from {@code StartAfter}), fetched a page at a time.
     */
    private final class Listing {
        final String prefix;
        final boolean cloudTrailPrefix;
        private final String startAfter;
        private final Deque<Entry> page = new ArrayDeque<>();
        private String continuation;
        private boolean exhausted;

        Listing(String prefix, boolean cloudTrailPrefix, String startAfter) {
            this.prefix = prefix;
            this.cloudTrailPrefix = cloudTrailPrefix;
            this.startAfter = startAfter;
        }

        /** The next entry, or null when the listing is over (or was refused). */
        Entry next() {
            while (page.isEmpty() && !exhausted) {
                fetch();
            }
            return page.poll();
        }

        private void fetch() {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(location.bucket())
                    .prefix(location.prefix() + prefix).maxKeys(pageSize).continuationToken(continuation);
            if (!cloudTrailPrefix) {
                request.delimiter("/");
            }
            if (continuation == null && startAfter != null) {
                request.startAfter(location.prefix() + startAfter);
            }
            ListObjectsV2Response response;
            try {
                response = s3.listObjectsV2(request.build());
            } catch (S3Exception e) {
                exhausted = true;
                if (e.statusCode() == 403 && !prefix.isEmpty()) {
                    log.warn("Access denied listing {}; skipping it this pass and going on with the other "
                            + "prefixes", location.describe(location.prefix() + prefix));
                    return;
                }
                if (e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode())) {
                    throw new UncheckedIOException(new IOException("S3 bucket '" + location.bucket()
                            + "' does not exist (source " + location + ")", e));
                }
                throw new UncheckedIOException(failure("Cannot list " + location.describe(location.prefix()
                        + prefix), e));
            } catch (SdkException e) {
                exhausted = true;
                throw new UncheckedIOException(failure("Cannot list " + location.describe(location.prefix()
                        + prefix), e));
            }
            merge(response.contents(), response.commonPrefixes());
            continuation = response.nextContinuationToken();
            exhausted = !Boolean.TRUE.equals(response.isTruncated()) || continuation == null;
        }

        /** A page's objects and sub-folders, each sorted, merged into key order. */
        private void merge(List<S3Object> objects, List<CommonPrefix> folders) {
            int cut = location.prefix().length();
            int o = 0;
            int f = 0;
            while (o < objects.size() || f < folders.size()) {
                boolean takeFolder = o == objects.size() || f < folders.size()
                        && compareKeys(folders.get(f).prefix(), objects.get(o).key()) < 0;
                if (takeFolder) {
                    page.add(new Entry(folders.get(f++).prefix().substring(cut), 0, true, null));
                } else {
                    S3Object object = objects.get(o++);
                    page.add(new Entry(object.key().substring(cut), object.size(), false, object.lastModified()));
                }
            }
        }
    }

    /** One pass over the source in {@link #KEY_ORDER}; a stack of the listings on the current path. */
    private final class Walk extends Lookahead<SourceObject> {
        private final Deque<Listing> stack = new ArrayDeque<>();
        private final Cursors cursors;
        /** Whether objects outside every CloudTrail prefix (prefix {@code ""}) are listed: another task's otherwise. */
        private final boolean ownsLoose;
        /** The cursor of the prefix {@code ""}, asked for once, as the walk starts (if it is listed at all). */
        private final String rootCursor;

        Walk(Cursors cursors) {
            this.cursors = cursors;
            this.ownsLoose = cursors.owns(ListingPrefix.NONE);
            this.rootCursor = ownsLoose ? cursors.after(ListingPrefix.NONE).orElse(null) : null;
            stack.push(new Listing("", false, null));
        }

        @Override
        protected SourceObject advance() {
            while (!stack.isEmpty()) {
                Listing listing = stack.peek();
                Entry entry = listing.next();
                if (entry == null) {
                    stack.pop();
                    continue;
                }
                if (!entry.folder()) {
                    // Zero-byte "folder" markers (created by consoles) are not objects anyone wrote.
                    if (entry.key().isEmpty() || entry.key().endsWith("/")) {
                        continue;
                    }
                    if (!listing.cloudTrailPrefix
                            && (!ownsLoose || rootCursor != null && compareKeys(entry.key(), rootCursor) <= 0)) {
                        continue;
                    }
                    return SourceObject.of(entry.key(), entry.size(), entry.modified());
                }
                String folder = entry.key();
                if (!ListingPrefix.isPrefixFolder(folder.substring(0, folder.length() - 1))) {
                    stack.push(new Listing(folder, false, null));
                    continue;
                }
                if (!filter.admits(location.prefix() + folder)) {
                    continue; // an account or region the connector does not read: never listed
                }
                if (!cursors.owns(folder)) {
                    continue; // another task's prefix: never listed either
                }
                String cursor = cursors.after(folder).orElse(null);
                if (cursor != null && !cursor.startsWith(folder)) {
                    if (compareKeys(cursor, folder) > 0) {
                        continue; // a cursor (carried over for the whole source) lies past this whole prefix
                    }
                    cursor = null; // a cursor before this whole prefix
                }
                stack.push(new Listing(folder, true, filter.startAfter(folder, cursor, KEY_ORDER)));
            }
            return null;
        }
    }
}
