package dev.trailstream.simulate;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from the spec's seed and a few coordinates (day, slot, account, persona...).
 *
 * <p>Deriving instead of sharing one generator keeps a slot's events independent of everything generated before it:
 * adding a scenario or a principal changes only what it touches, and nothing depends on iteration order.
 */
final class Seeds {
    private Seeds() {
    }

    static SplittableRandom random(long seed, long... coordinates) {
        return new SplittableRandom(mix(seed, coordinates));
    }

    static long mix(long seed, long... coordinates) {
        long h = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (long c : coordinates) {
            h = murmur(h ^ murmur(c + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    static long mix(long seed, String text, long... coordinates) {
        long h = mix(seed, coordinates);
        for (int i = 0; i < text.length(); i++) {
            h = murmur(h ^ text.charAt(i));
        }
        return h;
    }

    private static long murmur(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb93fe51a3e6bL;
        return z ^ (z >>> 33);
    }

    /** A version-4 style UUID from the stream, as CloudTrail's eventID and requestID look. */
    static String uuid(SplittableRandom random) {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(hi, lo).toString();
    }

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** IAM unique ids and access key ids: a four-letter prefix and 16 upper-case base-32 characters. */
    static String iamId(String prefix, long value) {
        StringBuilder b = new StringBuilder(prefix);
        long v = value;
        for (int i = 0; i < 16; i++) {
            b.append(BASE32[(int) (v & 31)]);
            v = (v >>> 5) | (v << 59);
        }
        return b.toString();
    }

    static String hex(SplittableRandom random, int digits) {
        StringBuilder b = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }
}
