package dev.trailstream.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The first {@code k} items of a stream in a given order, in O(k) memory: how an instance finds a page of its
 * profiles while iterating a store that may hold millions. The heap's head is the worst item kept, so each offer is
 * one comparison when the item would not make it.
 */
final class TopK<T> {
    private final int k;
    private final Comparator<? super T> order;
    private final PriorityQueue<T> worstFirst;

    TopK(int k, Comparator<? super T> order) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive");
        }
        this.k = k;
        this.order = order;
        this.worstFirst = new PriorityQueue<>(Math.min(k, 1024) + 1, order.reversed());
    }

    void offer(T item) {
        if (worstFirst.size() < k) {
            worstFirst.add(item);
        } else if (order.compare(item, worstFirst.peek()) < 0) {
            worstFirst.poll();
            worstFirst.add(item);
        }
    }

    /** The items kept, best first. */
    List<T> sorted() {
        List<T> items = new ArrayList<>(worstFirst);
        items.sort(order);
        return items;
    }
}
