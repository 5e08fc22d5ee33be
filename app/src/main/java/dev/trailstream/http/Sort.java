package dev.trailstream.http;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The orders of {@code /api/principals}. Each reduces a summary to one number, largest first, and breaks ties by
 * principal id: a total order, so that pages and cursors never skip or repeat a principal.
 */
enum Sort {
    /** Most events first. */
    ACTIVITY,
    /** Most recently seen first (event time). */
    LAST_SEEN;

    private final Comparator<PrincipalSummary> order = (a, b) -> compare(key(a), a.principalId(), key(b),
            b.principalId());

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    long key(PrincipalSummary s) {
        return switch (this) {
            case ACTIVITY -> s.events();
            case LAST_SEEN -> s.lastSeen() == null ? Long.MIN_VALUE : s.lastSeen().toEpochMilli();
        };
    }

    Comparator<PrincipalSummary> order() {
        return order;
    }

    /** Negative when (keyA, idA) comes first: larger keys first, then ids in ascending order. */
    static int compare(long keyA, String idA, long keyB, String idB) {
        int byKey = Long.compare(keyB, keyA);
        return byKey != 0 ? byKey : idA.compareTo(idB);
    }

    static Sort parse(String value) {
        for (Sort s : values()) {
            if (s.label().equals(value)) {
                return s;
            }
        }
        throw ApiException.badRequest("sort " + ApiException.quote(value) + ": allowed are "
                + Arrays.stream(values()).map(Sort::label).collect(Collectors.joining(", ")));
    }
}
