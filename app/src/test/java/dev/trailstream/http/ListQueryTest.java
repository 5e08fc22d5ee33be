package dev.trailstream.http;

import dev.trailstream.normalize.PrincipalKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parameters of {@code /api/principals}: defaults, bounds, and messages that name what is allowed. */
class ListQueryTest {
    static ListQuery parse(String rawQuery) {
        return ListQuery.parse(QueryParams.parse(rawQuery, ListQuery.PARAMS));
    }

    static void assertBadRequest(String rawQuery, String message) {
        assertThatThrownBy(() -> parse(rawQuery)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message).doesNotContain("\n");
        });
    }

    static PrincipalSummary summary(String id, PrincipalKind kind, String account, long events, String lastSeen) {
        return new PrincipalSummary(id, kind, account, null, events, 0, Instant.parse(lastSeen),
                Instant.parse(lastSeen), 1, 1, 1);
    }

    @Test
    void withoutParametersListsFiftyByActivityFromTheStart() {
        ListQuery q = parse(null);
        assertThat(q).isEqualTo(new ListQuery(Sort.ACTIVITY, Optional.empty(), Optional.empty(), 50, 0,
                Optional.empty(), false));
        assertThat(q.wanted()).isEqualTo(51);
    }

    @Test
    void readsEveryParameter() {
        ListQuery q = parse("sort=last_seen&kind=workload&account=111122223333&limit=500&offset=10000");
        assertThat(q.sort()).isEqualTo(Sort.LAST_SEEN);
        assertThat(q.kind()).contains(PrincipalKind.WORKLOAD);
        assertThat(q.account()).contains("111122223333");
        assertThat(q.limit()).isEqualTo(500);
        assertThat(q.offset()).isEqualTo(10_000);
        assertThat(parse("kind=ROOT").kind()).contains(PrincipalKind.ROOT);
    }

    @Test
    void refusesALimitOverTheMaximumOrNotANumber() {
        assertBadRequest("limit=501", "limit 501: must be between 1 and 500");
        assertBadRequest("limit=0", "limit 0: must be between 1 and 500");
        assertBadRequest("limit=ten", "limit 'ten': expected a whole number from 1 to 500");
        assertBadRequest("limit=99999999999999", "expected a whole number from 1 to 500");
        assertBadRequest("offset=10001", "offset 10001: must be between 0 and 10000");
        assertBadRequest("offset=-1", "offset -1: must be between 0 and 10000");
    }

    @Test
    void refusesAnUnknownSortKindOrAccountNamingTheAllowedValues() {
        assertBadRequest("sort=name", "sort 'name': allowed are activity, last_seen");
        assertBadRequest("kind=robot", "kind 'robot': allowed are human, workload, service, root, unknown");
        assertBadRequest("account=1234", "account '1234': expected a 12-digit AWS account id");
    }

    @Test
    void refusesUnknownAndRepeatedParameters() {
        assertBadRequest("limt=10",
                "unknown parameter 'limt': allowed are account, cursor, kind, limit, local, offset, sort");
        assertBadRequest("limit=1&limit=2", "parameter limit given twice");
        assertBadRequest("limit=%zz", "malformed percent-encoding");
        assertBadRequest("x=" + "a".repeat(QueryParams.MAX_QUERY_CHARS), "query string too long");
    }

    @Test
    void filtersByKindAndAccount() {
        ListQuery q = parse("kind=human&account=111122223333");
        assertThat(q.matches(summary("a", PrincipalKind.HUMAN, "111122223333", 1, "2026-11-02T10:00:00Z"))).isTrue();
        assertThat(q.matches(summary("a", PrincipalKind.ROOT, "111122223333", 1, "2026-11-02T10:00:00Z"))).isFalse();
        assertThat(q.matches(summary("a", PrincipalKind.HUMAN, "444455556666", 1, "2026-11-02T10:00:00Z"))).isFalse();
    }

    @Test
    void aCursorRoundTripsAndIsRefusedForAnotherSortOrWhenForged() {
        PrincipalSummary last = summary("arn:aws:iam::111122223333:user/a|b", PrincipalKind.HUMAN, "111122223333", 7,
                "2026-11-02T10:00:00Z");
        String cursor = Cursor.after(Sort.ACTIVITY, last).encode();
        ListQuery q = parse("cursor=" + cursor);
        assertThat(q.cursor()).contains(new Cursor(Sort.ACTIVITY, 7, last.principalId()));
        assertThat(q.wants(last)).isFalse();
        assertThat(q.wants(summary("z", PrincipalKind.HUMAN, "1", 7, "2026-11-02T10:00:00Z"))).isTrue();
        assertThat(q.wants(summary("b", PrincipalKind.HUMAN, "1", 8, "2026-11-02T10:00:00Z"))).isFalse();
        assertThat(q.wants(summary("b", PrincipalKind.HUMAN, "1", 6, "2026-11-02T10:00:00Z"))).isTrue();

        assertBadRequest("sort=last_seen&cursor=" + cursor, "cursor belongs to sort=activity, not sort=last_seen");
        assertBadRequest("cursor=not-a-cursor", "cursor: not one this API returned");
        assertBadRequest("cursor=" + java.util.Base64.getUrlEncoder().encodeToString("1|activity|x|id".getBytes()),
                "cursor: not one this API returned");
    }

    @Test
    void asksPeersForTheSameListFromTheirOwnStores() {
        String cursor = Cursor.after(Sort.LAST_SEEN, summary("a", PrincipalKind.HUMAN, "1", 1,
                "2026-11-02T10:00:00Z")).encode();
        ListQuery q = parse("sort=last_seen&kind=human&account=111122223333&limit=20&offset=40&cursor=" + cursor);
        ListQuery peer = parse(q.localQueryString());
        assertThat(peer).isEqualTo(new ListQuery(q.sort(), q.kind(), q.account(), q.limit(), q.offset(), q.cursor(),
                true));
    }
}
