package dev.trailstream.anomaly;

import java.util.Arrays;

/**
 * How many of a principal's active minutes had how many calls (or errors): a histogram with one bin for each count
 * from 0 to 15 and, from 16, four bins per doubling (each about 19% wide) up to 131,072 a minute, the last bin open.
 * Log-scale because a principal's minutes range from one call to thousands and a spike is a ratio: 69 bins cover any
 * rate at a resolution finer than any threshold needs, in a fixed, small size. Immutable.
 *
 * <p>Old minutes are forgotten by halving every bin (rounding down) once the total passes a cap: the histogram then
 * holds between half the cap and the cap, most weight on the newest minutes, and a count seen once long ago drops
 * out. Cheaper than a ring of minutes, which would have to be kept and written back whole.
 */
public final class RateHistogram {
    /** Inclusive lower bound of each bin. */
    private static final int[] LOWER = lowerBounds();
    static final int BINS = LOWER.length;
    static final RateHistogram EMPTY = new RateHistogram(new int[BINS]);

    private final int[] bins;
    private final int total;

    private RateHistogram(int[] bins) {
        this.bins = bins;
        int sum = 0;
        for (int b : bins) {
            sum += b;
        }
        this.total = sum;
    }

    private static int[] lowerBounds() {
        int exact = 17;
        int perDoubling = 4;
        int doublings = 13;   // 16 · 2^13 = 131,072 a minute: far beyond any API's throttling
        int[] lower = new int[exact + perDoubling * doublings];
        for (int i = 0; i < exact; i++) {
            lower[i] = i;
        }
        for (int i = 1; i <= perDoubling * doublings; i++) {
            lower[exact - 1 + i] = (int) Math.ceil(16 * Math.pow(2, (double) i / perDoubling));
        }
        return lower;
    }

    /** A histogram of these bin counts ({@link #BINS} at most; missing bins are empty), as the codec reads it. */
    static RateHistogram of(int[] counts) {
        if (counts.length > BINS) {
            throw new IllegalArgumentException("at most " + BINS + " bins, got " + counts.length);
        }
        int[] bins = Arrays.copyOf(counts, BINS);
        for (int b : bins) {
            if (b < 0) {
                throw new IllegalArgumentException("negative bin count " + b);
            }
        }
        return new RateHistogram(bins);
    }

    /** The bin of a per-minute count. */
    static int bin(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        int i = Arrays.binarySearch(LOWER, count);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * A count standing for a whole bin: the count itself for the exact bins, the geometric middle of the bin's counts
     * above them, the lower bound for the open last bin.
     */
    static double representative(int bin) {
        if (bin == BINS - 1) {
            return LOWER[bin];
        }
        int low = LOWER[bin];
        int high = LOWER[bin + 1] - 1;
        return low == high ? low : Math.sqrt((double) low * high);
    }

    /** This histogram with one more minute of {@code count}, halved if that takes it past {@code cap} minutes. */
    RateHistogram plus(int count, int cap) {
        int[] next = bins.clone();
        next[bin(count)]++;
        if (total + 1 > cap) {
            for (int i = 0; i < next.length; i++) {
                next[i] >>= 1;
            }
        }
        return new RateHistogram(next);
    }

    /**
     * This histogram with one minute moved from the bin of {@code from} to the bin of {@code to}, as a minute's count
     * grows: the same histogram when both are in one bin. If halving has already dropped the minute from its old bin
     * (that bin is empty), it is only added to the new one.
     */
    RateHistogram moved(int from, int to, int cap) {
        int a = bin(from);
        int b = bin(to);
        if (a == b) {
            return this;
        }
        if (bins[a] == 0) {
            return plus(to, cap);
        }
        int[] next = bins.clone();
        next[a]--;
        next[b]++;
        return new RateHistogram(next);
    }

    /** This histogram without one minute of {@code count}: the past of the minute being judged. */
    RateHistogram without(int count) {
        int a = bin(count);
        if (bins[a] == 0) {
            return this;
        }
        int[] next = bins.clone();
        next[a]--;
        return new RateHistogram(next);
    }

    /** The minutes held. */
    int total() {
        return total;
    }

    /** The minutes held in the bin of {@code count}. */
    int minutesAt(int count) {
        return bins[bin(count)];
    }

    /** The bin counts, for the codec. */
    int[] bins() {
        return bins.clone();
    }

    /** The representative count of the bin holding the {@code q}-quantile of the minutes; 0 when empty. */
    double quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < bins.length; i++) {
            seen += bins[i];
            if (seen >= rank) {
                return representative(i);
            }
        }
        return representative(BINS - 1);
    }

    double median() {
        return quantile(0.5);
    }

    /**
     * The upper quantile gap, 90th percentile minus median: how far above its middle a principal's busy minutes
     * usually go. Only the upper side matters for a spike, and per-minute counts are skewed (a quiet median, bursty
     * tail), so this is wider and truer than a symmetric MAD; up to a tenth of the minutes may be outliers without
     * moving it.
     */
    double spread() {
        return quantile(0.9) - median();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateHistogram other && Arrays.equals(bins, other.bins);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bins);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("RateHistogram{");
        for (int i = 0; i < bins.length; i++) {
            if (bins[i] > 0) {
                s.append(s.length() > 14 ? ", " : "").append(LOWER[i]).append('=').append(bins[i]);
            }
        }
        return s.append('}').toString();
    }
}
