package dev.trailstream.normalize;

/**
 * IAM's wildcard matching, the one implementation the project uses: {@code *} matches any run of characters,
 * {@code ?} exactly one, everything else itself. Actions are matched ignoring ASCII case, resource ARNs exactly.
 */
public final class IamGlob {
    private IamGlob() {
    }

    /** Greedy matching with backtracking to the last {@code *}: linear in practice, no regular expressions. */
    public static boolean matches(String glob, String text, boolean ignoreCase) {
        int g = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) != '*'
                    && (glob.charAt(g) == '?' || same(glob.charAt(g), text.charAt(t), ignoreCase))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
