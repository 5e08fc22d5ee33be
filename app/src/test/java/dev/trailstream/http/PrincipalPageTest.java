package dev.trailstream.http;

import dev.trailstream.normalize.PrincipalKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gathering a list from several instances: each keeps a bounded top of its own, the merge pages through them all. */
class PrincipalPageTest {
    private static PrincipalSummary principal(int i, long events, long lastSeenSecond) {
        return new PrincipalSummary(String.format("p-%04d", i), PrincipalKind.values()[i % 5], "111122223333", null,
                events, 0, Instant.ofEpochSecond(0), Instant.ofEpochSecond(lastSeenSecond), 1, 1, 1);
    }

    /** One "instance": its part of the list as the local handler computes it (filter, cursor, bounded top). */
    private static PrincipalPage.LocalPart part(List<PrincipalSummary> hosted, ListQuery q) {
        TopK<PrincipalSummary> top = new TopK<>(q.wanted(), q.sort().order());
        long total = 0;
        for (PrincipalSummary s : hosted) {
            if (q.matches(s)) {
                total++;
                if (q.wants(s)) {
                    top.offer(s);
                }
            }
        }
        return new PrincipalPage.LocalPart(top.sorted(), total);
    }

    private static List<List<PrincipalSummary>> spread(List<PrincipalSummary> all, int instances) {
        List<List<PrincipalSummary>> hosted = new ArrayList<>();
        IntStream.range(0, instances).forEach(i -> hosted.add(new ArrayList<>()));
        for (PrincipalSummary s : all) {
            hosted.get(Math.floorMod(s.principalId().hashCode(), instances)).add(s);
        }
        return hosted;
    }

    private static PrincipalPage page(List<List<PrincipalSummary>> hosted, String rawQuery) {
        ListQuery q = ListQueryTest.parse(rawQuery);
        return PrincipalPage.merge(q, hosted.stream().map(h -> part(h, q)).toList());
    }

    @Test
    void topKKeepsTheBestItemsInOrderWhateverTheyArriveIn() {
        List<Integer> numbers = new ArrayList<>(IntStream.range(0, 1000).boxed().toList());
        Collections.shuffle(numbers, new Random(3));
        TopK<Integer> top = new TopK<>(5, Integer::compare);
        numbers.forEach(top::offer);
        assertThat(top.sorted()).containsExactly(0, 1, 2, 3, 4);
        TopK<Integer> few = new TopK<>(5, Integer::compare);
        List.of(9, 3).forEach(few::offer);
        assertThat(few.sorted()).containsExactly(3, 9);
    }

    @Test
    void sortsByEventsThenIdAndByLastSeenThenId() {
        List<PrincipalSummary> all = List.of(principal(3, 5, 10), principal(1, 5, 30), principal(2, 9, 20),
                principal(4, 1, 30));
        List<List<PrincipalSummary>> hosted = spread(all, 2);
        assertThat(page(hosted, null).items()).extracting(PrincipalSummary::principalId)
                .containsExactly("p-0002", "p-0001", "p-0003", "p-0004");
        assertThat(page(hosted, "sort=last_seen").items()).extracting(PrincipalSummary::principalId)
                .containsExactly("p-0001", "p-0004", "p-0002", "p-0003");
    }

    @Test
    void offsetAndLimitCutTheMergedListAndTheTotalCountsEveryMatch() {
        Random random = new Random(11);
        List<PrincipalSummary> all = IntStream.range(0, 230).mapToObj(i -> principal(i, random.nextInt(20),
                random.nextInt(100))).toList();
        List<PrincipalSummary> expected = all.stream().sorted(Sort.ACTIVITY.order()).toList();
        List<List<PrincipalSummary>> hosted = spread(all, 3);

        PrincipalPage page = page(hosted, "limit=25&offset=50");
        assertThat(page.total()).isEqualTo(230);
        assertThat(page.items()).isEqualTo(expected.subList(50, 75));
        assertThat(page.nextCursor()).isNotNull();
        assertThat(page(hosted, "limit=25&offset=225").items()).isEqualTo(expected.subList(225, 230));
        assertThat(page(hosted, "limit=25&offset=225").nextCursor()).isNull();
        assertThat(page(hosted, "limit=25&offset=500").items()).isEmpty();

        PrincipalPage humans = page(hosted, "kind=human&limit=500");
        assertThat(humans.total()).isEqualTo(all.stream().filter(s -> s.kind() == PrincipalKind.HUMAN).count());
        assertThat(humans.items()).hasSize((int) humans.total()).allMatch(s -> s.kind() == PrincipalKind.HUMAN);
    }

    @Test
    void followingTheCursorVisitsEveryPrincipalOnceInOrder() {
        Random random = new Random(5);
        List<PrincipalSummary> all = IntStream.range(0, 503).mapToObj(i -> principal(i, random.nextInt(7),
                random.nextInt(50))).toList();
        List<List<PrincipalSummary>> hosted = spread(all, 4);
        for (Sort sort : Sort.values()) {
            List<PrincipalSummary> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                PrincipalPage page = page(hosted, "sort=" + sort.label() + "&limit=50"
                        + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(page.total()).isEqualTo(503);
                seen.addAll(page.items());
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);
            assertThat(pages).isEqualTo(11);
            assertThat(seen).isEqualTo(all.stream().sorted(sort.order()).toList());
        }
    }

    @Test
    void aPrincipalListedByTwoInstancesIsA503ToRetry() {
        PrincipalSummary p = principal(1, 3, 3);
        ListQuery q = ListQueryTest.parse(null);
        assertThatThrownBy(() -> PrincipalPage.merge(q, List.of(new PrincipalPage.LocalPart(List.of(p), 1),
                new PrincipalPage.LocalPart(List.of(p), 1))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
    }
}
