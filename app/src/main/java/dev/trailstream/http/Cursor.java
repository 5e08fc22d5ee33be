package dev.trailstream.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of {@code /api/principals} ended: the sort key and id of its last item. The next page is every
 * principal after it in the same order. Unlike an offset this costs the same on page 1,000 as on page 1 (each
 * instance keeps only {@code limit} items while it scans), and a principal that moves between pages is not repeated.
 * Opaque to clients (base64url), so its form may change.
 */
record Cursor(Sort sort, long key, String id) {
    private static final int MAX_CHARS = 4096;

    static Cursor after(Sort sort, PrincipalSummary last) {
        return new Cursor(sort, sort.key(last), last.principalId());
    }

    String encode() {
        String plain = "1|" + sort.label() + "|" + key + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** True when {@code s} comes after this cursor in its order, i.e. belongs on a later page. */
    boolean precedes(PrincipalSummary s) {
        return Sort.compare(key, id, sort.key(s), s.principalId()) < 0;
    }

    static Cursor decode(String encoded, Sort expected) {
        String plain;
        try {
            if (encoded.length() > MAX_CHARS) {
                throw new IllegalArgumentException("too long");
            }
            plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = plain.split("\\|", 4);
        if (parts.length != 4 || !parts[0].equals("1") || !parts[2].matches("-?\\d{1,19}")) {
            throw invalid();
        }
        Sort sort;
        long key;
        try {
            sort = Sort.parse(parts[1]);
            key = Long.parseLong(parts[2]);
        } catch (ApiException | NumberFormatException e) {
            throw invalid();
        }
        if (sort != expected) {
            throw ApiException.badRequest("cursor belongs to sort=" + sort.label() + ", not sort=" + expected.label()
                    + ": pass the same sort as the page it came from");
        }
        return new Cursor(sort, key, parts[3]);
    }

    private static ApiException invalid() {
        return ApiException.badRequest("cursor: not one this API returned; pass nextCursor from a previous page");
    }
}
