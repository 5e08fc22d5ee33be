package dev.trailstream.normalize;

import java.util.Locale;

/**
 * The access level AWS's Service Authorization Reference gives an IAM action. Tagging and permissions management
 * are kinds of write (the reference itself lists them as "Tagging, Write" and "Permissions management, Write").
 */
public enum AccessLevel {
    LIST("List"),
    READ("Read"),
    WRITE("Write"),
    TAGGING("Tagging"),
    /** Changes who may do what (policies, grants, ACLs): the level a least-privilege review cares about most. */
    PERMISSIONS_MANAGEMENT("Permissions management");

    private final String label;

    AccessLevel(String label) {
        this.label = label;
    }

    /** The label as AWS writes it and as the catalogue stores it, e.g. {@code "Permissions management"}. */
    public String label() {
        return label;
    }

    /** True for everything that changes state: write, tagging and permissions management. */
    public boolean isWrite() {
        return this == WRITE || this == TAGGING || this == PERMISSIONS_MANAGEMENT;
    }

    /** True for list and read. */
    public boolean isReadOnly() {
        return !isWrite();
    }

    /**
     * Parses a label ({@code "Tagging"}), a constant name ({@code "PERMISSIONS_MANAGEMENT"}) or the reference's
     * combined form ({@code "Tagging, Write"}), ignoring case.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static AccessLevel parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("access level is null");
        }
        String s = text.strip();
        // The catalogue's own labels first and exactly: this is the path taken 22,000 times at load.
        for (AccessLevel level : values()) {
            if (level.label.equals(s)) {
                return level;
            }
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.endsWith(", write")) {
            lower = lower.substring(0, lower.length() - ", write".length());
        }
        for (AccessLevel level : values()) {
            if (level.label.toLowerCase(Locale.ROOT).equals(lower) || level.name().toLowerCase(Locale.ROOT).equals(lower)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown IAM access level: " + text);
    }
}
