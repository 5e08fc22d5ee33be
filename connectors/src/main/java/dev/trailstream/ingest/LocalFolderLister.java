package dev.trailstream.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lists the regular files below a local folder, recursively, in {@link #KEY_ORDER}.
 *
 * <p>Keys are '/'-separated paths relative to the root. The walk is depth first and reads one directory at a time
 * (each directory's entries are sorted when it is entered), so memory holds the entries of the directories on the
 * current path, never the whole tree. Each {@link ListingPrefix} has its own cursor: below a CloudTrail
 * {@code <account>/CloudTrail/<region>/} folder the walk skips what sorts at or before the key that cursor gives
 * ({@link Cursors#after}: the cursor itself, or a look-back before it, exactly as S3's {@code StartAfter}), whole
 * folders included, without reading it; folders outside those prefix folders are read on every pass. Symbolic links
 * to files are followed only when their target lies inside the root (a link out of it would let whoever can write the
 * folder make the connector read any file it can); links to directories are not followed at all, since they would
 * list the same files under two keys or loop. Links not followed are logged once each, with the reason.
 * A subdirectory that cannot be read (a {@code lost+found} owned by root, say) is skipped with a warning rather than
 * blocking every later file.
 *
 * <p>A {@link ListingFilter} narrows the walk: prefix folders of accounts or regions it rules out are skipped without
 * being read, and inside the others the day folders before its start date are skipped the way folders before a cursor
 * are (the start date acts as a cursor, unless the prefix's own cursor is later). Prefix folders another task owns
 * ({@link Cursors#owns}) are skipped the same way, unread.
 */
public final class LocalFolderLister implements ObjectLister {
    private static final Logger log = LoggerFactory.getLogger(LocalFolderLister.class);

    /**
     * Component-wise order: keys compare path component by path component ({@link String#compareTo} within a
     * component), and a key sorts before the keys below it. That is the order a depth-first walk of sorted directories
     * produces ({@code a/z.json} before {@code a.json}, because the directory {@code a} sorts before the name
     * {@code a.json}); plain string order would not agree, as '.' sorts before '/'. Treating '/' as smaller than every
     * other character gives exactly this order without splitting keys.
     */
    public static final Comparator<String> KEY_ORDER = LocalFolderLister::compareKeys;

    private final Path root;
    private final Path realRoot;
    private final ListingFilter filter;
    /** The root's path, '/'-separated and ending with '/': where a filter looks for the account above the root. */
    private final String rootPath;
    /** Links not followed that have been reported already. */
    private final Set<Path> reportedLinks = ConcurrentHashMap.newKeySet();

    /** Lists everything below {@code root}. */
    public LocalFolderLister(Path root) {
        this(root, ListingFilter.NONE);
    }

    /** Lists what {@code filter} admits below {@code root}; prefix folders it rules out are never read. */
    public LocalFolderLister(Path root, ListingFilter filter) {
        this.root = root.toAbsolutePath().normalize();
        this.filter = filter;
        String path = this.root.toString().replace(java.io.File.separatorChar, '/');
        this.rootPath = path.endsWith("/") ? path : path + "/";
        try {
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve source folder " + this.root, e);
        }
    }

    @Override
    public URI location() {
        return root.toUri();
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
        Path path = resolve(key);
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(realRoot) || !Files.isRegularFile(real)) {
                return Optional.empty();
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            return Optional.of(SourceObject.of(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path real = resolve(key).toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new IOException("Key " + key + " leads outside the source folder");
        }
        return Files.newInputStream(real);
    }

    private Path resolve(String key) {
        Path path = root;
        for (String component : key.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                throw new IllegalArgumentException("Not a key below the source folder: " + key);
            }
            path = path.resolve(component);
        }
        return path;
    }

    static int compareKeys(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return rank(x) - rank(y);
            }
        }
        return a.length() - b.length();
    }

    private static int rank(char c) {
        return c == '/' ? -1 : c;
    }

    /** A directory entry, its attributes read when its directory was entered; {@code modified} null for folders. */
    private record Entry(String name, Path path, boolean directory, long size, Instant modified) {
    }

    /** One directory on the walk's path: its sorted entries and how far the walk has gone through them. */
    private static final class Frame {
        final String path;
        final List<Entry> entries;
        /** The listing prefix this directory is in, or null above (or outside) every CloudTrail prefix folder. */
        final String listingPrefix;
        /** The components of the prefix cursor still to pass at this depth, or null once past it (or none). */
        final List<String> bound;
        int position;

        Frame(String path, List<Entry> entries, String listingPrefix, List<String> bound) {
            this.path = path;
            this.entries = entries;
            this.listingPrefix = listingPrefix;
            this.bound = bound;
        }
    }

    /**
     * One pass over the whole tree in {@link #KEY_ORDER}. Inside a prefix folder, the prefix's cursor bounds the walk
     * as a single cursor used to (folders wholly before it are never read); files outside every prefix folder belong
     * to the prefix {@code ""} and are filtered one by one, since any folder there may still hold a prefix folder.
     */
    private final class Walk extends Lookahead<SourceObject> {
        private final Deque<Frame> stack = new ArrayDeque<>();
        private final Cursors cursors;
        /** Whether files outside every prefix folder (the prefix {@code ""}) are listed: another task's otherwise. */
        private final boolean ownsLoose;
        /** The cursor of the prefix {@code ""}, asked for once, as the walk starts (if it is listed at all). */
        private final String rootCursor;

        Walk(Cursors cursors) {
            this.cursors = cursors;
            this.ownsLoose = cursors.owns(ListingPrefix.NONE);
            this.rootCursor = ownsLoose ? cursors.after(ListingPrefix.NONE).orElse(null) : null;
            try {
                stack.push(new Frame("", entries(root), null, null));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list source folder " + root, e);
            }
        }

        @Override
        protected SourceObject advance() {
            while (!stack.isEmpty()) {
                Frame frame = stack.peek();
                if (frame.position >= frame.entries.size()) {
                    stack.pop();
                    continue;
                }
                Entry entry = frame.entries.get(frame.position++);
                String key = frame.path + entry.name();
                List<String> childBound = null;
                if (frame.bound != null) {
                    int cmp = compareKeys(entry.name(), frame.bound.get(0));
                    if (cmp < 0) {
                        continue;
                    }
                    if (cmp == 0) {
                        boolean cursorIsBelow = frame.bound.size() > 1;
                        if (!entry.directory()) {
                            // Either the cursor itself, or a file sorting before the keys below it.
                            continue;
                        }
                        childBound = cursorIsBelow ? frame.bound.subList(1, frame.bound.size()) : null;
                    }
                }
                if (!entry.directory()) {
                    if (frame.listingPrefix == null
                            && (!ownsLoose || rootCursor != null && compareKeys(key, rootCursor) <= 0)) {
                        continue;
                    }
                    return SourceObject.of(key, entry.size(), entry.modified());
                }
                String listingPrefix = frame.listingPrefix;
                if (listingPrefix == null && ListingPrefix.isPrefixFolder(key)) {
                    listingPrefix = key + "/";
                    if (!filter.admits(rootPath + listingPrefix)) {
                        continue; // an account or region the connector does not read: never entered
                    }
                    if (!cursors.owns(listingPrefix)) {
                        continue; // another task's prefix: never entered either
                    }
                    String cursor = cursors.after(listingPrefix).orElse(null);
                    if (cursor != null && !cursor.startsWith(listingPrefix)) {
                        if (compareKeys(cursor, key) > 0) {
                            continue; // the cursor lies past this whole folder
                        }
                        cursor = null; // a cursor before this whole folder
                    }
                    cursor = filter.startAfter(listingPrefix, cursor, KEY_ORDER);
                    if (cursor != null) {
                        childBound = List.of(cursor.substring(listingPrefix.length()).split("/", -1));
                    }
                }
                try {
                    stack.push(new Frame(key + "/", entries(entry.path()), listingPrefix, childBound));
                } catch (IOException e) {
                    log.warn("Skipping unreadable folder {} below {}: {}", key, root, e.toString());
                }
            }
            return null;
        }
    }

    private List<Entry> entries(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path path : stream) {
                entry(path).ifPresent(entries::add);
            }
        }
        Entry[] sorted = entries.toArray(new Entry[0]);
        Arrays.sort(sorted, (x, y) -> compareKeys(x.name(), y.name()));
        return Arrays.asList(sorted);
    }

    private Optional<Entry> entry(Path path) {
        String name = path.getFileName().toString();
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                return Optional.of(new Entry(name, path, true, 0, null));
            }
            if (attributes.isRegularFile()) {
                return Optional.of(new Entry(name, path, false, attributes.size(),
                        attributes.lastModifiedTime().toInstant()));
            }
            if (attributes.isSymbolicLink()) {
                Path target = path.toRealPath();
                if (target.startsWith(realRoot) && Files.isRegularFile(target)) {
                    BasicFileAttributes targetAttributes = Files.readAttributes(target, BasicFileAttributes.class);
                    return Optional.of(new Entry(name, path, false, targetAttributes.size(),
                            targetAttributes.lastModifiedTime().toInstant()));
                }
                if (reportedLinks.add(path)) {
                    // Once per link, not every pass: the link stays, and so would the warning.
                    log.warn("Not reading {}: it links to {}, {}", path, target, target.startsWith(realRoot)
                            ? "which is not a regular file (links to folders are never followed)"
                            : "outside the source folder " + realRoot);
                }
            }
        } catch (IOException e) {
            // Deleted since the directory was read, or a dangling link: it is simply not there.
            log.debug("Skipping {}: {}", path, e.toString());
        }
        return Optional.empty();
    }
}
