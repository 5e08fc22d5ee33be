package dev.trailstream.finding;

/** OCSF Detection Finding {@code activity_id}: what this record does to the finding named by its uid. */
public enum FindingActivity {
    CREATE(1, "Create"),
    UPDATE(2, "Update"),
    CLOSE(3, "Close");

    private final int id;
    private final String caption;

    FindingActivity(int id, String caption) {
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
