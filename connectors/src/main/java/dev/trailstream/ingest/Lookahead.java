package dev.trailstream.ingest;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator that computes its next element on demand, for listings walked one folder or page at a time. */
abstract class Lookahead<T> implements Iterator<T> {
    private T next;

    /** The next element, or null when there is none left. */
    protected abstract T advance();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T result = next;
        next = null;
        return result;
    }
}
