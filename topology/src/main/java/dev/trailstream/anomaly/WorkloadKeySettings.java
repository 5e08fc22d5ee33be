package dev.trailstream.anomaly;

/**
 * The thresholds of {@link WorkloadKeys}: when one UTC day of an IAM user's long-term access key looks like an
 * application's rather than a person's.
 *
 * @param minHours     distinct UTC hours of one day with calls that make "around the clock": a person works a shift,
 *                     a program does not sleep (1 to 24)
 * @param minSourceIps distinct source IP addresses in one day that make "from many places": a person calls from an
 *                     office and a home, a fleet of hosts from many addresses (2 to {@link #MAX_SOURCE_IPS}; AWS
 *                     service names such as {@code ec2.amazonaws.com} are not addresses and are not counted)
 */
public record WorkloadKeySettings(int minHours, int minSourceIps) {
    public static final int DEFAULT_MIN_HOURS = 20;
    public static final int DEFAULT_MIN_SOURCE_IPS = 5;
    /** The store keeps up to {@code minSourceIps + 1} addresses per key and day: this bounds it. */
    public static final int MAX_SOURCE_IPS = 64;

    public WorkloadKeySettings {
        if (minHours < 1 || minHours > 24) {
            throw new IllegalArgumentException("minHours must be within 1..24, was " + minHours);
        }
        // One address is every key's normal: a threshold of 1 would flag every key that is used at all.
        if (minSourceIps < 2 || minSourceIps > MAX_SOURCE_IPS) {
            throw new IllegalArgumentException("minSourceIps must be within 2.." + MAX_SOURCE_IPS + ", was "
                    + minSourceIps);
        }
    }

    public static WorkloadKeySettings defaults() {
        return new WorkloadKeySettings(DEFAULT_MIN_HOURS, DEFAULT_MIN_SOURCE_IPS);
    }
}
