package dev.trailstream.access;

import dev.trailstream.normalize.IamGlob;

/**
 * IAM's wildcard matching for actions (ignoring case) and resource ARNs (case-sensitive): {@code *} matches any run
 * of characters, {@code ?} exactly one. Used by {@link PolicyEvaluator#explain} on one action and one resource,
 * where expanding against the catalogue is not needed (and not possible for an uncatalogued action).
 */
final class Wildcards {
    private Wildcards() {
    }

    /**
     * Whether an action pattern matches {@code service:Name}, as {@code ActionCatalogue.expand} decides for catalogued
     * actions: {@code *} matches everything, otherwise the service prefixes must be equal (wildcards there are not
     * IAM syntax) and the name is matched with wildcards, ignoring case.
     */
    static boolean matchesAction(String pattern, String action) {
        if (pattern.equals("*")) {
            return true;
        }
        int p = pattern.indexOf(':');
        int a = action.indexOf(':');
        return p > 0 && p == a && pattern.regionMatches(true, 0, action, 0, p)
                && matches(pattern.substring(p + 1), action.substring(a + 1), true);
    }

    static boolean matchesResource(String pattern, String arn) {
        return matches(pattern, arn, false);
    }

    /** True when a resource pattern holds a policy variable ({@code ${aws:username}}): its value is per request. */
    static boolean hasVariable(String pattern) {
        return pattern.contains("${");
    }

    private static boolean matches(String glob, String text, boolean ignoreCase) {
        return IamGlob.matches(glob, text, ignoreCase);
    }
}
