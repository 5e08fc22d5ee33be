package dev.trailstream.deliver;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Batches a network sink could not deliver, on disk, oldest first: {@code <sequence>.batch} files in
 * {@code <state-dir>/sinks/<name>/spool}, each a series of (4-byte length, finding bytes). Files are written to a
 * temporary name, forced to disk and renamed, so a crash leaves either the whole batch or none, and the consumer's
 * offsets are committed only after that. Bounded: {@link #offer} refuses a batch that would pass the limit.
 */
final class Spool {
    private static final String SUFFIX = ".batch";

    /** One spooled batch. */
    record Batch(Path file, List<byte[]> findings) {
    }

    private final Path dir;
    private final long maxBytes;
    /** Sequence number to file size and finding count, oldest first. */
    private final TreeMap<Long, long[]> files = new TreeMap<>();
    private long bytes;
    private long findings;

    Spool(Path dir, long maxBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    long size = Files.size(file);
                    int count = read(file).size();
                    files.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())),
                            new long[]{size, count});
                    bytes += size;
                    findings += count;
                } else if (name.endsWith(".tmp")) {
                    // A batch being written when the process died: its offsets were never committed, Kafka has it.
                    Files.delete(file);
                }
            }
        }
    }

    synchronized boolean isEmpty() {
        return files.isEmpty();
    }

    /** Findings waiting in the spool. */
    synchronized long findings() {
        return findings;
    }

    /**
     * Appends a batch as the newest; false when it would pass the size limit (a batch always fits in an empty spool,
     * or one too large would never go anywhere).
     */
    synchronized boolean offer(List<byte[]> batch) throws IOException {
        byte[] content = encode(batch);
        if (!files.isEmpty() && bytes + content.length > maxBytes) {
            return false;
        }
        long sequence = files.isEmpty() ? System.currentTimeMillis() * 1000 : files.lastKey() + 1;
        write(file(sequence), content);
        files.put(sequence, new long[]{content.length, batch.size()});
        bytes += content.length;
        findings += batch.size();
        return true;
    }

    synchronized Optional<Batch> oldest() throws IOException {
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Path file = file(files.firstKey());
        return Optional.of(new Batch(file, read(file)));
    }

    /** The oldest batch is done: delivered whole, or {@code remaining} of it are still to go. */
    synchronized void replaceOldest(List<byte[]> remaining) throws IOException {
        long sequence = files.firstKey();
        long[] old = files.get(sequence);
        bytes -= old[0];
        findings -= old[1];
        if (remaining.isEmpty()) {
            files.remove(sequence);
            Files.deleteIfExists(file(sequence));
            return;
        }
        byte[] content = encode(remaining);
        write(file(sequence), content);
        files.put(sequence, new long[]{content.length, remaining.size()});
        bytes += content.length;
        findings += remaining.size();
    }

    private Path file(long sequence) {
        return dir.resolve(String.format("%020d", sequence) + SUFFIX);
    }

    private void write(Path file, byte[] content) throws IOException {
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] encode(List<byte[]> batch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (byte[] finding : batch) {
                out.writeInt(finding.length);
                out.write(finding);
            }
        }
        return bytes.toByteArray();
    }

    private static List<byte[]> read(Path file) throws IOException {
        List<byte[]> batch = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            while (true) {
                int length;
                try {
                    length = data.readInt();
                } catch (EOFException end) {
                    return batch;
                }
                byte[] finding = new byte[length];
                data.readFully(finding);
                batch.add(finding);
            }
        }
    }
}
