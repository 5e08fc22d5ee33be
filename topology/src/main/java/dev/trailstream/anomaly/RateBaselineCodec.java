package dev.trailstream.anomaly;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The binary store formats of {@link RateBaseline} and {@link MinuteCounts}. Not JSON: both are written for every
 * event of every principal, so they must be small and quick to write. Everything is an unsigned LEB128 varint (7 bits
 * a byte). A baseline is its first minute and each histogram as its length up to the last non-empty bin followed by
 * its bins: with bins capped at {@link RateSpikeSettings#MAX_BASELINE_CAP} a bin takes at most two bytes, so a value
 * is at most {@link #MAX_BYTES} and typically a few dozen. Minute counts are five varints, typically six bytes.
 *
 * <p>The first byte is a format version, so a later format can still read state written by this one. Version 2
 * added the last active minute, as its distance from the first plus one (0: unknown), right after the first minute;
 * version 1 values (from changelogs written before) still read, with the last minute unknown. Minute counts are still
 * written as version 1.
 */
public final class RateBaselineCodec {
    private static final byte VERSION = 1;
    private static final byte BASELINE_VERSION = 2;
    /**
     * Version, an epoch minute (5 bytes until the year 4000), the last minute's distance from it (5 bytes) and two
     * full histograms of 2-byte bins with lengths.
     */
    static final int MAX_BYTES = 1 + 5 + 5 + 2 * (1 + 2 * RateHistogram.BINS);

    private RateBaselineCodec() {
    }

    public static Serde<RateBaseline> serde() {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : encode(value),
                (topic, data) -> data == null ? null : decode(data));
    }

    public static Serde<MinuteCounts> minuteSerde() {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : encodeMinute(value),
                (topic, data) -> data == null ? null : decodeMinute(data));
    }

    static byte[] encode(RateBaseline b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(BASELINE_VERSION);
        writeVarLong(out, b.firstMinute());
        writeVarLong(out, b.lastMinute() == RateBaseline.UNKNOWN_MINUTE ? 0 : b.lastMinute() - b.firstMinute() + 1);
        writeHistogram(out, b.callsPerMinute());
        writeHistogram(out, b.errorsPerMinute());
        return out.toByteArray();
    }

    static RateBaseline decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            byte version = in.get();
            if (version != VERSION && version != BASELINE_VERSION) {
                throw new SerializationException("unknown rate baseline format version " + version);
            }
            long first = readVarLong(in);
            long last = RateBaseline.UNKNOWN_MINUTE;
            if (version == BASELINE_VERSION) {
                long distance = readVarLong(in);
                last = distance == 0 ? RateBaseline.UNKNOWN_MINUTE : first + distance - 1;
            }
            return new RateBaseline(first, last, readHistogram(in), readHistogram(in));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("cannot read a rate baseline store value", e);
        }
    }

    static byte[] encodeMinute(MinuteCounts m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        out.write(VERSION);
        writeVarLong(out, m.calls());
        writeVarLong(out, m.errors());
        writeVarLong(out, m.writes());
        writeVarLong(out, m.callLevel());
        writeVarLong(out, m.errorLevel());
        return out.toByteArray();
    }

    static MinuteCounts decodeMinute(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            checkVersion(in.get());
            return new MinuteCounts(readInt(in), readInt(in), readInt(in), readInt(in), readInt(in));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("cannot read a rate minute store value", e);
        }
    }

    private static void checkVersion(byte version) {
        if (version != VERSION) {
            throw new SerializationException("unknown rate baseline format version " + version);
        }
    }

    private static void writeHistogram(ByteArrayOutputStream out, RateHistogram h) {
        int[] bins = h.bins();
        int length = bins.length;
        while (length > 0 && bins[length - 1] == 0) {
            length--;
        }
        writeVarLong(out, length);
        for (int i = 0; i < length; i++) {
            writeVarLong(out, bins[i]);
        }
    }

    private static RateHistogram readHistogram(ByteBuffer in) {
        int length = readInt(in);
        if (length > RateHistogram.BINS) {
            throw new IllegalArgumentException("histogram of " + length + " bins");
        }
        int[] bins = new int[length];
        for (int i = 0; i < length; i++) {
            bins[i] = readInt(in);
        }
        return RateHistogram.of(bins);
    }

    private static void writeVarLong(ByteArrayOutputStream out, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative value " + v);
        }
        while (v >= 0x80) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarLong(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 9 bytes");
    }

    private static int readInt(ByteBuffer in) {
        long v = readVarLong(in);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("count out of range: " + v);
        }
        return (int) v;
    }
}
