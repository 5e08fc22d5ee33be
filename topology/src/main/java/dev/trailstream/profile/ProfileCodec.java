package dev.trailstream.profile;

import dev.trailstream.normalize.PrincipalKind;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary store format of {@link PrincipalProfile} and {@link Activity}. Not JSON: a profile is read and written
 * back for every event of its principal, and a busy principal's profile holds a thousand actions with their times,
 * which Jackson takes tens of microseconds to write; this format takes a fraction of it. JSON is what the HTTP API and
 * the exports show.
 *
 * <p>Times are kept to the millisecond (CloudTrail's are to the second). The first byte is a format version, so a
 * later format can still read state written by this one. Version 2 added {@link PrincipalProfile#usedActions()}
 * after {@code actions}; a version 1 profile reads with that set empty, and fills as new events arrive (until then
 * least privilege sees its principal as having used nothing before the upgrade). Version 3 added
 * {@link PrincipalProfile#deniedActions()} and {@link PrincipalProfile#deniedResources()} after {@code accounts};
 * an older profile reads with both empty, and denials before the upgrade are not explained.
 */
public final class ProfileCodec {
    private static final byte VERSION = 3;
    /** The format before {@code deniedActions}: still read, never written. */
    private static final byte VERSION_2 = 2;
    /** The format before {@code usedActions}: still read, never written. */
    private static final byte VERSION_1 = 1;

    private ProfileCodec() {
    }

    public static Serde<PrincipalProfile> profileSerde() {
        return Serdes.serdeFrom(serializer(ProfileCodec::writeProfile), deserializer(ProfileCodec::readProfile));
    }

    public static Serde<Activity> activitySerde() {
        return Serdes.serdeFrom(serializer(ProfileCodec::writeActivity), deserializer(ProfileCodec::readActivity));
    }

    private interface Writer<T> {
        void write(Out out, T value);
    }

    private interface Reader<T> {
        T read(In in, byte version);
    }

    private static <T> Serializer<T> serializer(Writer<T> writer) {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            Out out = new Out();
            out.writeByte(VERSION);
            writer.write(out, value);
            return out.toByteArray();
        };
    }

    private static <T> Deserializer<T> deserializer(Reader<T> reader) {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            In in = new In(ByteBuffer.wrap(data));
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_2 && version != VERSION_1) {
                throw new SerializationException("unknown profile format version " + version);
            }
            try {
                return reader.read(in, version);
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new SerializationException("cannot read a profile store value", e);
            }
        };
    }

    /**
     * A growing big-endian buffer: the bytes {@code DataOutputStream} would write, without its synchronised
     * per-write calls into a {@code ByteArrayOutputStream}, which cost more than the encoding itself.
     */
    private static final class Out {
        private ByteBuffer buffer = ByteBuffer.allocate(512);

        private void room(int n) {
            if (buffer.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + n));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        void writeByte(int b) {
            room(1);
            buffer.put((byte) b);
        }

        void writeBoolean(boolean b) {
            writeByte(b ? 1 : 0);
        }

        void writeInt(int i) {
            room(4);
            buffer.putInt(i);
        }

        void writeLong(long l) {
            room(8);
            buffer.putLong(l);
        }

        void write(byte[] bytes) {
            room(bytes.length);
            buffer.put(bytes);
        }

        byte[] toByteArray() {
            byte[] bytes = new byte[buffer.position()];
            buffer.flip();
            buffer.get(bytes);
            return bytes;
        }
    }

    /** Reads what {@link Out} wrote. */
    private record In(ByteBuffer buffer) {
        byte readByte() {
            return buffer.get();
        }

        boolean readBoolean() {
            return buffer.get() != 0;
        }

        int readInt() {
            return buffer.getInt();
        }

        long readLong() {
            return buffer.getLong();
        }

        String readUtf8(int n) {
            if (n > buffer.remaining()) {
                throw new BufferUnderflowException();
            }
            String s = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), n, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + n);
            return s;
        }
    }

    private static void writeProfile(Out out, PrincipalProfile p) {
        writeString(out, p.principalId());
        writeString(out, p.kind() == null ? null : p.kind().name());
        writeString(out, p.identityType());
        writeString(out, p.accountId());
        writeString(out, p.arn());
        out.writeLong(p.events());
        out.writeLong(p.errors());
        out.writeLong(p.reads());
        out.writeLong(p.writes());
        writeInstant(out, p.firstSeen());
        writeInstant(out, p.lastSeen());
        writeString(out, p.lastEventId());
        writeInstant(out, p.lastConsoleLogin());
        out.writeLong(p.consoleLogins());
        for (SeenSet set : new SeenSet[]{p.actions(), p.usedActions(), p.errorCodes(), p.sourceIps(), p.regions(), p.userAgents(),
                p.accessKeys(), p.accounts(), p.deniedActions()}) {
            writeSeenSet(out, set);
        }
        out.writeInt(p.deniedResources().size());
        for (Map.Entry<String, String> e : p.deniedResources().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static PrincipalProfile readProfile(In in, byte version) {
        String id = readString(in);
        String kind = readString(in);
        // Arguments are evaluated left to right: the reads follow the written order.
        return new PrincipalProfile(id, kind == null ? null : PrincipalKind.valueOf(kind), readString(in),
                readString(in), readString(in), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                readInstant(in), readInstant(in), readString(in), readInstant(in), in.readLong(),
                readSeenSet(in), version == VERSION_1 ? SeenSet.EMPTY : readSeenSet(in), readSeenSet(in),
                readSeenSet(in), readSeenSet(in), readSeenSet(in), readSeenSet(in), readSeenSet(in),
                version < VERSION ? SeenSet.EMPTY : readSeenSet(in),
                version < VERSION ? Map.of() : readStringMap(in));
    }

    private static Map<String, String> readStringMap(In in) {
        int n = in.readInt();
        Map<String, String> map = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    private static void writeActivity(Out out, Activity a) {
        out.writeLong(a.events());
        out.writeLong(a.errors());
        out.writeLong(a.reads());
        out.writeLong(a.writes());
        writeCounts(out, a.actions());
        writeCounts(out, a.errorCodes());
    }

    /** Unchanged since version 1. */
    private static Activity readActivity(In in, byte version) {
        return new Activity(in.readLong(), in.readLong(), in.readLong(), in.readLong(), readCounts(in),
                readCounts(in));
    }

    private static void writeSeenSet(Out out, SeenSet set) {
        out.writeLong(set.evicted());
        out.writeInt(set.names().size());
        for (Map.Entry<String, Seen> e : set.names().entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue().count());
            out.writeLong(e.getValue().first().toEpochMilli());
            out.writeLong(e.getValue().last().toEpochMilli());
        }
    }

    private static SeenSet readSeenSet(In in) {
        long evicted = in.readLong();
        int n = in.readInt();
        Map<String, Seen> names = new SeenSet.Owned<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            names.put(readString(in), new Seen(in.readLong(), Instant.ofEpochMilli(in.readLong()),
                    Instant.ofEpochMilli(in.readLong())));
        }
        return new SeenSet(names, evicted);
    }

    private static void writeCounts(Out out, BoundedCounts counts) {
        out.writeLong(counts.evicted());
        out.writeInt(counts.counts().size());
        for (Map.Entry<String, Long> e : counts.counts().entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static BoundedCounts readCounts(In in) {
        long evicted = in.readLong();
        int n = in.readInt();
        Map<String, Long> counts = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            counts.put(readString(in), in.readLong());
        }
        return new BoundedCounts(counts, evicted);
    }

    /** Length-prefixed UTF-8, -1 for null: unlike {@code writeUTF}, no 64 KB limit on a user agent. */
    private static void writeString(Out out, String s) {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(In in) {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        return in.readUtf8(n);
    }

    private static void writeInstant(Out out, Instant t) {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.toEpochMilli());
        }
    }

    private static Instant readInstant(In in) {
        return in.readBoolean() ? Instant.ofEpochMilli(in.readLong()) : null;
    }
}
