package dev.trailstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * Replaces each byte that is not part of well-formed UTF-8 with {@code '?'}, one byte for one so that offsets do not
 * move, and remembers where, so that the record holding it can be skipped on its own.
 *
 * <p>Why: Jackson checks UTF-8 even in the strings it skips, and cannot go on after such an error, so one bad byte
 * in one record would end the whole file and lose every good record after it. With the bad byte replaced the parser
 * reads on; the record that held it is reported ({@link IngestErrorCode#INVALID_UTF8}) and never emitted, so no
 * event carries a replaced byte. A bad byte outside any string becomes a {@code '?'} the parser refuses, which ends
 * the file as any other broken structure does.
 *
 * <p>Memory: the offsets of replaced bytes are kept from the current record on ({@link #forgetBefore}); past
 * {@link #MAX_REMEMBERED} of them only their range is kept, which may then reject a valid record lying inside it
 * (a file that broken is hardly a CloudTrail log).
 */
final class Utf8Guard extends InputStream {
    static final byte REPLACEMENT = '?';
    static final int MAX_REMEMBERED = 65_536;
    private static final int BUFFER = 16 * 1024;
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final InputStream in;
    /** Bytes {@code [pos, limit)} are checked and ready; {@code [limit, end)} start a sequence not yet complete. */
    private final byte[] buffer = new byte[BUFFER + 3];
    private int pos;
    private int limit;
    private int end;
    /** Offset in the stream of {@code buffer[0]}. */
    private long base;
    private boolean eof;
    private final ArrayDeque<Long> replaced = new ArrayDeque<>();
    /** Range of replaced offsets not remembered one by one (beyond {@link #MAX_REMEMBERED}); empty when from > to. */
    private long unrememberedFrom = Long.MAX_VALUE;
    private long unrememberedTo = Long.MIN_VALUE;

    Utf8Guard(InputStream in) {
        this.in = in;
    }

    /** The first replaced offset in {@code [from, to)}, or -1. */
    long firstReplacedIn(long from, long to) {
        for (long offset : replaced) {
            if (offset >= to) {
                break;
            }
            if (offset >= from) {
                return offset;
            }
        }
        return unrememberedFrom < to && unrememberedTo >= from ? Math.max(unrememberedFrom, from) : -1;
    }

    /** Forgets the replacements before {@code offset}: the records there are done. */
    void forgetBefore(long offset) {
        while (!replaced.isEmpty() && replaced.peekFirst() < offset) {
            replaced.pollFirst();
        }
        if (unrememberedTo < offset) {
            unrememberedFrom = Long.MAX_VALUE;
            unrememberedTo = Long.MIN_VALUE;
        }
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer[pos++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, limit - pos);
        System.arraycopy(buffer, pos, target, offset, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return limit - pos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Makes checked bytes available; false at the end. */
    private boolean fill() throws IOException {
        while (pos == limit) {
            if (eof) {
                if (end == limit) {
                    return false;
                }
                // A sequence cut short by the end of the file.
                for (int i = limit; i < end; i++) {
                    replace(i);
                }
                limit = end;
                return true;
            }
            int tail = end - pos;
            System.arraycopy(buffer, pos, buffer, 0, tail);
            base += pos;
            pos = 0;
            limit = 0;
            end = tail;
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
                limit = check(0, end);
            }
        }
        return true;
    }

    /** Checks {@code [from, to)}, replacing bad bytes; returns where an unfinished sequence starts, or {@code to}. */
    private int check(int from, int to) {
        int i = from;
        while (i < to) {
            // CloudTrail is nearly all ASCII: eight bytes at a time while no high bit is set.
            while (i + 8 <= to && ((long) WORD.get(buffer, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= to) {
                break;
            }
            int b = buffer[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xff;
            int more;
            int low = 0x80;
            int high = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                more = 1;
            } else if (b >= 0xe0 && b <= 0xef) {
                more = 2;
                low = b == 0xe0 ? 0xa0 : 0x80; // no overlong forms
                high = b == 0xed ? 0x9f : 0xbf; // no surrogates
            } else if (b >= 0xf0 && b <= 0xf4) {
                more = 3;
                low = b == 0xf0 ? 0x90 : 0x80;
                high = b == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
            } else {
                replace(i++);
                continue;
            }
            int j = i + 1;
            boolean valid = true;
            for (int k = 0; k < more; k++, j++) {
                if (j >= to) {
                    return i; // so far so good: wait for the rest
                }
                int c = buffer[j] & 0xff;
                if (c < (k == 0 ? low : 0x80) || c > (k == 0 ? high : 0xbf)) {
                    valid = false;
                    break;
                }
            }
            if (valid) {
                i = j;
            } else {
                replace(i++); // the bytes after it are checked again as the start of a sequence
            }
        }
        return to;
    }

    private void replace(int index) {
        buffer[index] = REPLACEMENT;
        long offset = base + index;
        if (replaced.size() < MAX_REMEMBERED) {
            replaced.addLast(offset);
        } else {
            unrememberedFrom = Math.min(unrememberedFrom, offset);
            unrememberedTo = Math.max(unrememberedTo, offset);
        }
    }
}
