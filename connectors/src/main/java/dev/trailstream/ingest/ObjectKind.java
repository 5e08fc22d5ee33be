package dev.trailstream.ingest;

import java.util.Locale;

/**
 * What a listed object holds, decided from its key (and size) alone so that listing never has to open a file.
 *
 * <p>CloudTrail writes digest and Insights files next to the event logs, under {@code CloudTrail-Digest/} and
 * {@code CloudTrail-Insight/} and with those words in the file name; they are JSON too, so the name must be checked
 * before the extension.
 */
public enum ObjectKind {
    /** A CloudTrail event log ({@code *.json} or {@code *.json.gz}): the only kind that is read. */
    EVENTS,
    DIGEST,
    INSIGHT,
    /** Anything else that happens to sit in the folder. */
    OTHER,
    /** A zero-byte file: nothing to read, whatever its name. */
    EMPTY;

    /** The lower-case name used in the objects topic. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isRead() {
        return this == EVENTS;
    }

    /**
     * @param key  '/'-separated key relative to the source root
     * @param size the object's size in bytes
     */
    public static ObjectKind classify(String key, long size) {
        if (size == 0) {
            return EMPTY;
        }
        String path = "/" + key;
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (path.contains("/CloudTrail-Digest/") || name.contains("_CloudTrail-Digest_")) {
            return DIGEST;
        }
        if (path.contains("/CloudTrail-Insight/") || name.contains("_CloudTrail-Insight_")) {
            return INSIGHT;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".json") || lower.endsWith(".json.gz") ? EVENTS : OTHER;
    }
}
