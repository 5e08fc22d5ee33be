package dev.trailstream.ingest;

import java.util.Locale;

/** How an object ended, as written to the objects topic. */
public enum ObjectStatus {
    /** Read to its end (some records may still have been skipped as errors). */
    READ,
    /** Reading stopped early: the file is damaged or could not be read; records before the fault were delivered. */
    FAILED,
    /** Not read: not an event file, or empty. */
    SKIPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
