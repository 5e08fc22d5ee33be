package dev.trailstream.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Run in a child JVM with a small heap by {@link LargeObjectTest}: reads one file and prints what it found. */
public final class LargeObjectReadMain {
    private LargeObjectReadMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long events = 0;
        long bytes = 0;
        try (CloudTrailRecordReader reader = new CloudTrailRecordReader(() -> Files.newInputStream(file), 1 << 20)) {
            Optional<ReadResult> next;
            while ((next = reader.next()).isPresent()) {
                if (next.get() instanceof ReadResult.Event event) {
                    events++;
                    bytes += event.bytes().length;
                } else {
                    System.out.println("unexpected " + next.get());
                    System.exit(3);
                }
            }
        }
        System.out.println("events=" + events + " bytes=" + bytes + " maxHeapMb=" + (Runtime.getRuntime().maxMemory() >> 20));
    }
}
