package dev.trailstream.http;

import dev.trailstream.normalize.PrincipalKind;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * The parameters of {@code /api/principals}, validated: {@code sort}, the {@code kind} and {@code account} filters,
 * {@code limit}, {@code offset} and {@code cursor}. Offsets are bounded because every instance must keep
 * {@code offset + limit} items to answer one; past that, clients page with the cursor.
 *
 * @param local answer from this instance's stores only, unmerged: what an instance gathering a list asks its peers
 */
record ListQuery(Sort sort, Optional<PrincipalKind> kind, Optional<String> account, int limit, int offset,
                 Optional<Cursor> cursor, boolean local) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int MAX_OFFSET = 10_000;
    static final Set<String> PARAMS = Set.of("sort", "kind", "account", "limit", "offset", "cursor", "local");

    static ListQuery parse(QueryParams params) {
        Sort sort = params.get("sort").map(Sort::parse).orElse(Sort.ACTIVITY);
        Optional<PrincipalKind> kind = params.get("kind").map(ListQuery::kind);
        Optional<String> account = params.get("account").map(a -> {
            if (!a.matches("\\d{12}")) {
                throw ApiException.badRequest("account " + ApiException.quote(a)
                        + ": expected a 12-digit AWS account id");
            }
            return a;
        });
        int limit = params.intBetween("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = params.intBetween("offset", 0, 0, MAX_OFFSET);
        Optional<Cursor> cursor = params.get("cursor").map(c -> Cursor.decode(c, sort));
        boolean local = params.get("local").map(l -> {
            if (!l.equals("true") && !l.equals("false")) {
                throw ApiException.badRequest("local " + ApiException.quote(l) + ": allowed are true, false");
            }
            return l.equals("true");
        }).orElse(false);
        return new ListQuery(sort, kind, account, limit, offset, cursor, local);
    }

    private static PrincipalKind kind(String value) {
        for (PrincipalKind k : PrincipalKind.values()) {
            if (k.label().equals(value.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw ApiException.badRequest("kind " + ApiException.quote(value) + ": allowed are "
                + Arrays.stream(PrincipalKind.values()).map(PrincipalKind::label).collect(Collectors.joining(", ")));
    }

    /** How many items each instance must return so that the merged list holds this page and tells if more follow. */
    int wanted() {
        return offset + limit + 1;
    }

    /** Passes the filters: counts in {@code total}. */
    boolean matches(PrincipalSummary s) {
        return kind.map(k -> k == s.kind()).orElse(true) && account.map(a -> a.equals(s.accountId())).orElse(true);
    }

    /** Passes the filters and lies after the cursor: a candidate for this page. */
    boolean wants(PrincipalSummary s) {
        return matches(s) && cursor.map(c -> c.precedes(s)).orElse(true);
    }

    /** This query as a peer must receive it to answer its local part. */
    String localQueryString() {
        StringJoiner q = new StringJoiner("&");
        q.add("sort=" + sort.label());
        kind.ifPresent(k -> q.add("kind=" + k.label()));
        account.ifPresent(a -> q.add("account=" + a));
        q.add("limit=" + limit);
        q.add("offset=" + offset);
        cursor.ifPresent(c -> q.add("cursor=" + URLEncoder.encode(c.encode(), StandardCharsets.UTF_8)));
        q.add("local=true");
        return q.toString();
    }
}
