package dev.trailstream.finding;

/** OCSF {@code severity_id} and its caption. */
public enum Severity {
    UNKNOWN(0, "Unknown"),
    INFORMATIONAL(1, "Informational"),
    LOW(2, "Low"),
    MEDIUM(3, "Medium"),
    HIGH(4, "High"),
    CRITICAL(5, "Critical"),
    FATAL(6, "Fatal");

    private final int id;
    private final String caption;

    Severity(int id, String caption) {
        this.id = id;
        this.caption = caption;
    }

    public int id() {
        return id;
    }

    public String caption() {
        return caption;
    }
}
