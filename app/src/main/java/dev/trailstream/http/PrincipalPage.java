package dev.trailstream.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A page of {@code /api/principals}, merged from every instance's local part.
 *
 * @param items      at most {@code limit} summaries, in the sort's order
 * @param total      principals passing the filters, on all instances (the cursor does not change it)
 * @param nextCursor pass as {@code cursor} (with the same sort and filters, no offset) for the next page; null on the
 *                   last page
 */
record PrincipalPage(List<PrincipalSummary> items, long total, String sort, int limit, int offset,
                     String nextCursor) {

    /**
     * One instance's answer: its {@link ListQuery#wanted()} first matching summaries, sorted, and how many of its
     * profiles pass the filters.
     */
    record LocalPart(List<PrincipalSummary> items, long total) {
        LocalPart {
            items = List.copyOf(items);
        }
    }

    /**
     * A sorted merge of the instances' parts: each part is sorted, so the merged list needs only the first
     * {@code offset + limit + 1} items, the last of which says whether another page follows.
     *
     * @throws ApiException 503 when a principal comes from two instances: the partitions were moving while they
     *                      answered, and a retry will see them settled
     */
    static PrincipalPage merge(ListQuery query, List<LocalPart> parts) {
        record Head(PrincipalSummary item, int part, int index) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> query.sort().order().compare(a.item, b.item));
        long total = 0;
        for (int p = 0; p < parts.size(); p++) {
            total += parts.get(p).total();
            if (!parts.get(p).items().isEmpty()) {
                heads.add(new Head(parts.get(p).items().get(0), p, 0));
            }
        }
        List<PrincipalSummary> merged = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        while (!heads.isEmpty() && merged.size() < query.wanted()) {
            Head head = heads.poll();
            if (!ids.add(head.item.principalId())) {
                throw ApiException.unavailable("principal " + ApiException.quote(head.item.principalId())
                        + " was listed by two instances: partitions are moving between them; retry");
            }
            merged.add(head.item);
            List<PrincipalSummary> items = parts.get(head.part).items();
            if (head.index + 1 < items.size()) {
                heads.add(new Head(items.get(head.index + 1), head.part, head.index + 1));
            }
        }
        int from = Math.min(query.offset(), merged.size());
        int to = Math.min(query.offset() + query.limit(), merged.size());
        List<PrincipalSummary> page = List.copyOf(merged.subList(from, to));
        boolean more = merged.size() > query.offset() + query.limit();
        String next = more && !page.isEmpty() ? Cursor.after(query.sort(), page.get(page.size() - 1)).encode() : null;
        return new PrincipalPage(page, total, query.sort().label(), query.limit(), query.offset(), next);
    }
}
