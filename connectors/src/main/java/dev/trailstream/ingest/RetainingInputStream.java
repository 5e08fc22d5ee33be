package dev.trailstream.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Keeps the bytes a parser has pulled through it since a given offset, so that a record can be copied out exactly
 * as written once the parser has found where it ends.
 *
 * <p>Memory stays bounded by {@code limit} plus the read-ahead: when more than that is retained, the record being
 * retained is too large to be returned anyway, so all but the newest {@link #TAIL} bytes are dropped and
 * {@link #overflowed()} tells the reader. The tail is kept because the parser may not have consumed it yet: it can
 * hold the start of the next record. Reads are capped at {@link #MAX_READ} so that the parser's read-ahead (at most
 * two reads) always fits in the tail.
 */
final class RetainingInputStream extends FilterInputStream {
    static final int MAX_READ = 16 * 1024;
    static final int TAIL = 4 * MAX_READ;

    private final long limit;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    /** Offset in the stream of {@code buffer[0]}. */
    private long base;
    private boolean overflowed;

    RetainingInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int count) throws IOException {
        int n = in.read(target, offset, Math.min(count, MAX_READ));
        if (n > 0) {
            append(target, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Every byte must pass through the buffer, or offsets would drift.
        byte[] sink = new byte[(int) Math.min(n, MAX_READ)];
        int read = read(sink, 0, sink.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Drops what lies before {@code offset} and starts watching a new record's size from there. */
    void retainFrom(long offset) {
        discardBefore(offset);
        overflowed = false;
    }

    /** Whether bytes have been dropped since {@link #retainFrom} because more than the limit was retained. */
    boolean overflowed() {
        return overflowed;
    }

    /** How many bytes are held now. */
    int retained() {
        return length;
    }

    /** The bytes in {@code [from, to)}, which must still be retained. */
    byte[] copy(long from, long to) {
        if (from < base || to > base + length) {
            throw new IllegalStateException("Bytes " + from + ".." + to + " are no longer retained");
        }
        return Arrays.copyOfRange(buffer, (int) (from - base), (int) (to - base));
    }

    private void append(byte[] source, int offset, int count) {
        if (length + count > limit + TAIL) {
            overflowed = true;
            discardBefore(base + length - Math.min(length, TAIL));
        }
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(length + count, buffer.length * 2));
        }
        System.arraycopy(source, offset, buffer, length, count);
        length += count;
    }

    private void discardBefore(long offset) {
        int drop = (int) Math.min(Math.max(offset - base, 0), length);
        if (drop > 0) {
            System.arraycopy(buffer, drop, buffer, 0, length - drop);
            length -= drop;
            base += drop;
        }
    }
}
