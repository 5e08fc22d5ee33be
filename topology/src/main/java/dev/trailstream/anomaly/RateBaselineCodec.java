package dev.trailstream.anomaly;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The binary store format of {@link RateBaseline}. Not JSON: the baseline is written back for every event of every
 * principal, so it must be small and quick to write. Everything is an unsigned LEB128 varint (7 bits a byte): the
 * current minute as a delta from the first, the current counts, and each histogram as its length up to the last
 * non-empty bin followed by its bins. With bins capped at {@link RateSpikeSettings#MAX_BASELINE_CAP} a bin takes at
 * most two bytes, so a value is at most {@link #MAX_BYTES} and typically a few dozen.
 *
 * <p>The first byte is a format version, so a later format can still read state written by this one.
 */
public final class RateBaselineCodec {
    private static final byte VERSION = 1;
    /**
     * Version, two epoch minutes (5 bytes each, until the year 4000), five counts of up to 5 bytes and two full
     * histograms of 2-byte bins with their lengths.
     */
    static final int MAX_BYTES = 1 + 10 + 25 + 2 * (1 + 2 * RateHistogram.BINS);

    private RateBaselineCodec() {
    }

    public static Serde<RateBaseline> serde() {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : encode(value),
                (topic, data) -> data == null ? null : decode(data));
    }

    static byte[] encode(RateBaseline b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(VERSION);
        writeVarLong(out, b.firstMinute());
        writeVarLong(out, b.minute() - b.firstMinute());
        writeVarLong(out, b.calls());
        writeVarLong(out, b.errors());
        writeVarLong(out, b.writes());
        writeVarLong(out, b.callSpike());
        writeVarLong(out, b.errorSpike());
        writeHistogram(out, b.callsPerMinute());
        writeHistogram(out, b.errorsPerMinute());
        return out.toByteArray();
    }

    static RateBaseline decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new SerializationException("unknown rate baseline format version " + version);
            }
            long first = readVarLong(in);
            long minute = first + readVarLong(in);
            return new RateBaseline(first, minute, readInt(in), readInt(in), readInt(in), readInt(in), readInt(in),
                    readHistogram(in), readHistogram(in));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("cannot read a rate baseline store value", e);
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
