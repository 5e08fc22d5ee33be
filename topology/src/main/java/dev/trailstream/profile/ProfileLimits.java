package dev.trailstream.profile;

/**
 * How many distinct names a profile keeps. A principal driven by automation can touch thousands of IPs or resources;
 * an unbounded profile would grow the store and the cost of every update without limit.
 *
 * @param maxActions        distinct IAM actions per principal; larger than the rest because least privilege compares
 *                          them with what is granted, and evicting one would make it look unused
 * @param maxNames          distinct names per other dimension of a profile (IPs, regions, user agents, access keys,
 *                          accounts, error codes)
 * @param maxWindowActions  distinct actions per hourly or daily activity window
 */
public record ProfileLimits(int maxActions, int maxNames, int maxWindowActions) {
    public static final int DEFAULT_MAX_ACTIONS = 1_000;
    public static final int DEFAULT_MAX_NAMES = 200;
    public static final int DEFAULT_MAX_WINDOW_ACTIONS = 50;

    public ProfileLimits {
        requirePositive("maxActions", maxActions);
        requirePositive("maxNames", maxNames);
        requirePositive("maxWindowActions", maxWindowActions);
    }

    public static ProfileLimits defaults() {
        return new ProfileLimits(DEFAULT_MAX_ACTIONS, DEFAULT_MAX_NAMES, DEFAULT_MAX_WINDOW_ACTIONS);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
