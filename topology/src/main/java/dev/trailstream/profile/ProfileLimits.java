package dev.trailstream.profile;

/**
 * How many distinct names a profile keeps per dimension. A principal driven by automation can touch thousands of IPs
 * or resources; an unbounded profile would grow the store and the cost of every update without limit.
 */
public record ProfileLimits(int maxAccounts, int maxRegions, int maxSourceIps, int maxActions) {
    public static final int DEFAULT_MAX = 200;

    public ProfileLimits {
        requirePositive("maxAccounts", maxAccounts);
        requirePositive("maxRegions", maxRegions);
        requirePositive("maxSourceIps", maxSourceIps);
        requirePositive("maxActions", maxActions);
    }

    public static ProfileLimits defaults() {
        return new ProfileLimits(DEFAULT_MAX, DEFAULT_MAX, DEFAULT_MAX, DEFAULT_MAX);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
