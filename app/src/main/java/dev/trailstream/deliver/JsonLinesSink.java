package dev.trailstream.deliver;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Findings as JSON Lines files in a folder: {@code findings-YYYY-MM-DD-NNNN.jsonl}, one finding per line, a new file
 * at each UTC day (by the clock, when the line is written) and once the current one reaches the rotation size.
 * Each batch is written, flushed and forced to disk before {@link #send} returns, so the offsets the runner then
 * commits never run ahead of the file.
 *
 * <p>Retention: by default no file is deleted. The findings are evidence, and how long to keep them is the
 * operator's decision (log shippers such as Filebeat or Splunk's forwarder read and then age them out); with
 * {@code keep=N} the oldest files beyond N rotated ones are deleted.
 */
final class JsonLinesSink implements Sink {
    private static final Pattern NAME = Pattern.compile("findings-(\\d{4}-\\d{2}-\\d{2})-(\\d{4,})\\.jsonl");

    private final Path dir;
    private final SinkSettings settings;
    private final Clock clock;
    private FileOutputStream file;
    private BufferedOutputStream out;
    private LocalDate day;
    private int sequence;
    private long size;

    JsonLinesSink(Path dir, SinkSettings settings, Clock clock) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Sent send(List<byte[]> findings) throws IOException {
        try {
            write(findings);
        } catch (IOException e) {
            // Disk full, folder gone: start afresh next attempt, in a new file, rather than after a torn line.
            try {
                close();
            } catch (IOException ignored) {
                // the stream is broken already
            }
            out = null;
            throw e;
        }
        return Sent.all(findings.size());
    }

    private void write(List<byte[]> findings) throws IOException {
        for (byte[] finding : findings) {
            byte[] line = FindingFields.oneLine(finding);
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            if (out == null || !today.equals(day) || (size > 0 && size + line.length + 1 > settings.rotateBytes())) {
                open(today);
            }
            out.write(line);
            out.write('\n');
            size += line.length + 1;
        }
        if (out != null) {
            out.flush();
            file.getFD().sync();
        }
    }

    @Override
    public boolean spools() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** The file lines go to now: today's newest if it has room (a restart appends), else a new one. */
    private void open(LocalDate today) throws IOException {
        close();
        if (!today.equals(day)) {
            day = today;
            sequence = newest(today);
        }
        Path path = path(today, sequence);
        if (Files.exists(path) && Files.size(path) >= settings.rotateBytes()) {
            sequence++;
            path = path(today, sequence);
        } else if (size > 0 && Files.exists(path)) {
            sequence++;
            path = path(today, sequence);
        }
        file = new FileOutputStream(path.toFile(), true);
        out = new BufferedOutputStream(file, 64 * 1024);
        size = Files.size(path);
        prune(path);
    }

    private Path path(LocalDate day, int sequence) {
        return dir.resolve(String.format("findings-%s-%04d.jsonl", day, sequence));
    }

    private int newest(LocalDate day) throws IOException {
        return files().filter(f -> f.day().equals(day.toString())).mapToInt(Rotated::sequence).max().orElse(1);
    }

    /** With {@code keep=N}, deletes the oldest files beyond N besides the current one. */
    private void prune(Path current) throws IOException {
        if (settings.keepFiles() <= 0) {
            return;
        }
        List<Rotated> rotated = files().filter(f -> !f.path().equals(current))
                .sorted(Comparator.comparing(Rotated::day).thenComparingInt(Rotated::sequence)).toList();
        for (int i = 0; i < rotated.size() - settings.keepFiles(); i++) {
            Files.deleteIfExists(rotated.get(i).path());
        }
    }

    private Stream<Rotated> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                return m.matches() ? new Rotated(p, m.group(1), Integer.parseInt(m.group(2))) : null;
            }).filter(java.util.Objects::nonNull).toList().stream();
        }
    }

    private record Rotated(Path path, String day, int sequence) {
    }
}
