package dev.trailstream.finding;

/**
 * OCSF {@code confidence_id} and its caption: how sure the analytic is that the finding matters. Ordered from least to
 * most sure, so the larger of two is {@code max} by ordinal.
 */
public enum Confidence {
    LOW(1, "Low"),
    MEDIUM(2, "Medium"),
    HIGH(3, "High");

    private final int id;
    private final String caption;

    Confidence(int id, String caption) {
        this.id = id;
        this.caption = caption;
    }

    public int id() {
        return id;
    }

    public String caption() {
        return caption;
    }

    /** The surer of the two. */
    public Confidence max(Confidence other) {
        return other == null || other.ordinal() <= ordinal() ? this : other;
    }
}
