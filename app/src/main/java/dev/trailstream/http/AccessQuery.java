package dev.trailstream.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of {@code /api/access}, validated: the {@code account} and {@code type} filters, {@code limit},
 * {@code offset} and {@code cursor}. The review is held in memory, so a page costs a scan of it however deep; the
 * limit and offset are bounded only so that one response stays a reasonable size.
 */
record AccessQuery(Optional<String> account, Optional<String> type, int limit, int offset, Optional<After> cursor) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_OFFSET = 100_000;
    static final Set<String> PARAMS = Set.of("account", "type", "limit", "offset", "cursor");

    /**
     * Where a page ended: the unused-action count and ARN of its last principal. The next page is every principal
     * after it in the list's order, so a new review that moves principals between pages repeats or skips none that
     * kept their count. Opaque to clients (base64url), so its form may change.
     */
    record After(int unusedActions, String principal) {
        private static final int MAX_CHARS = 4096;

        String encode() {
            String plain = "a1|" + unusedActions + "|" + principal;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        /** True when {@code s} belongs on a page after this cursor. */
        boolean precedes(AccessSummary s) {
            return AccessSummary.compare(unusedActions, principal, s.unusedActions(), s.principal()) < 0;
        }

        static After decode(String encoded) {
            String[] parts;
            try {
                if (encoded.length() > MAX_CHARS) {
                    throw new IllegalArgumentException("too long");
                }
                parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\|", 3);
            } catch (IllegalArgumentException e) {
                throw invalid();
            }
            if (parts.length != 3 || !parts[0].equals("a1") || !parts[1].matches("\\d{1,9}")) {
                throw invalid();
            }
            return new After(Integer.parseInt(parts[1]), parts[2]);
        }

        private static ApiException invalid() {
            return ApiException.badRequest("cursor: not one this API returned; pass next_cursor from a previous page");
        }
    }

    static AccessQuery parse(QueryParams params) {
        Optional<String> account = params.get("account").map(a -> {
            if (!a.matches("\\d{12}")) {
                throw ApiException.badRequest("account " + ApiException.quote(a)
                        + ": expected a 12-digit AWS account id");
            }
            return a;
        });
        Optional<String> type = params.get("type").map(t -> {
            if (!t.equals("user") && !t.equals("role")) {
                throw ApiException.badRequest("type " + ApiException.quote(t) + ": allowed are user, role");
            }
            return t;
        });
        int limit = params.intBetween("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = params.intBetween("offset", 0, 0, MAX_OFFSET);
        Optional<After> cursor = params.get("cursor").map(After::decode);
        if (cursor.isPresent() && offset > 0) {
            throw ApiException.badRequest("cursor and offset together: page with one or the other");
        }
        return new AccessQuery(account, type, limit, offset, cursor);
    }

    /** Passes the filters: counts in {@code total}. */
    boolean matches(AccessSummary s) {
        return account.map(a -> a.equals(s.account())).orElse(true) && type.map(t -> t.equals(s.type())).orElse(true);
    }
}
