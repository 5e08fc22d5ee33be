package dev.trailstream.anomaly;

/**
 * The behavioural anomalies TrailStream raises. The {@link #analyticId()} is part of every finding uid, as a rule id
 * is: changing it re-opens the findings of the kind under new uids.
 */
public enum AnomalyKind {
    FIRST_TIME_ACTION("first-time-action", "First-time IAM action",
            "The principal exercised an IAM permission it had never used before, after its learning period."),
    FIRST_TIME_SOURCE_IP("first-time-source-ip", "First-time source IP",
            "The principal called AWS from a source IP address it had never used before, after its learning period."),
    FIRST_TIME_REGION("first-time-region", "First-time region",
            "The principal called into a region it had never used before, after its learning period."),
    FIRST_TIME_USER_AGENT("first-time-user-agent", "First-time kind of client",
            "The principal used a kind of client (user-agent family) it had never used before, after its learning "
                    + "period."),
    DENIED_BURST("denied-burst", "Burst of denied calls",
            "The principal was denied many calls across several distinct actions within minutes: someone finding out "
                    + "what a credential may do (enumeration)."),
    RATE_SPIKE("rate-spike", "API call rate far above the principal's baseline",
            "The principal made far more API calls in one minute than in its usual active minutes: a runaway "
                    + "loop, or credentials used in bulk (resource hijacking, mass reads or deletions)."),
    ERROR_RATE_SPIKE("error-rate-spike", "API error rate far above the principal's baseline",
            "The principal's calls failed far more often in one minute than in its usual active minutes: "
                    + "throttling of a runaway caller, or someone trying calls the credential may not make.");

    private final String slug;
    private final String title;
    private final String description;

    AnomalyKind(String slug, String title, String description) {
        this.slug = slug;
        this.title = title;
        this.description = description;
    }

    /** E.g. {@code trailstream.anomaly.first-time-action}; the finding's {@code finding_info.analytic.uid}. */
    public String analyticId() {
        return "trailstream.anomaly." + slug;
    }

    /** The OCSF {@code finding_info.types} entry, e.g. {@code first-time-action}. */
    public String findingType() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }
}
