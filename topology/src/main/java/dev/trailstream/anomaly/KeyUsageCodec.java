package dev.trailstream.anomaly;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary store format of {@link KeyUsage}: a format version byte, the number of key-days, then per key-day its
 * key, epoch day, hour mask, signalled reasons and source addresses. Binary rather than JSON because the value is
 * rewritten whenever a key is first used in an hour or from an address, and a hundred bytes suffice where JSON's
 * field names would triple it. A later format can still read this one by its version byte.
 */
final class KeyUsageCodec {
    private static final byte VERSION = 1;

    private KeyUsageCodec() {
    }

    static Serde<KeyUsage> serde() {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : write(value),
                (topic, data) -> data == null ? null : read(data));
    }

    static byte[] write(KeyUsage usage) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * usage.days().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(usage.days().size());
            for (KeyUsage.KeyDay day : usage.days()) {
                out.writeUTF(day.accessKeyId());
                out.writeLong(day.epochDay());
                out.writeInt(day.hours());
                out.writeByte(day.signalled());
                out.writeByte(day.sourceIps().size());
                for (String ip : day.sourceIps()) {
                    out.writeUTF(ip);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    static KeyUsage read(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown key usage format version " + version);
            }
            int count = in.readUnsignedByte();
            List<KeyUsage.KeyDay> days = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                long epochDay = in.readLong();
                int hours = in.readInt();
                int signalled = in.readUnsignedByte();
                int ipCount = in.readUnsignedByte();
                List<String> ips = new ArrayList<>(ipCount);
                for (int j = 0; j < ipCount; j++) {
                    ips.add(in.readUTF());
                }
                days.add(new KeyUsage.KeyDay(key, epochDay, hours, ips, signalled));
            }
            if (in.available() > 0) {
                throw new SerializationException("trailing bytes after a key usage value");
            }
            return new KeyUsage(days);
        } catch (IOException e) {
            throw new SerializationException("cannot read a key usage store value", e);
        }
    }
}
