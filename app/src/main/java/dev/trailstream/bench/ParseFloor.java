package dev.trailstream.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.trailstream.ingest.ByteCountingInputStream;
import dev.trailstream.ingest.CloudTrailRecordReader;
import dev.trailstream.ingest.LocalFolderLister;
import dev.trailstream.ingest.ReadResult;
import dev.trailstream.ingest.SourceObject;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * What reading the files costs with no Kafka at all, on one thread: the floor every other figure is compared to.
 */
final class ParseFloor {
    private static final JsonFactory JSON = new JsonFactory();

    /** @param bytes the decompressed bytes read */
    record Result(String name, long files, long events, long compressedBytes, long bytes, double seconds) {
    }

    private ParseFloor() {
    }

    /** Reads one event file; returns its events and decompressed bytes. */
    @FunctionalInterface
    private interface FileReading {
        long[] read(LocalFolderLister lister, String key) throws IOException;
    }

    /** gunzip + Jackson's tokenizer over every token: nothing is built. */
    static Result tokenize(Path source) throws IOException {
        return measure("gunzip + tokenize (floor)", source, (lister, key) -> {
            try (ByteCountingInputStream counted = new ByteCountingInputStream(decompressed(lister.open(key)));
                 JsonParser parser = JSON.createParser(counted)) {
                long events = 0;
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    if (token == JsonToken.START_OBJECT && isRecord(parser.getParsingContext())) {
                        events++;
                    }
                }
                return new long[]{events, counted.count()};
            }
        });
    }

    /** The connector's own reader: gunzip, parse, and copy out each record's exact bytes. */
    static Result connectorReader(Path source) throws IOException {
        return measure("connector's record reader", source, (lister, key) -> {
            long events = 0;
            long bytes = 0;
            try (CloudTrailRecordReader reader = new CloudTrailRecordReader(() -> lister.open(key),
                    Integer.MAX_VALUE)) {
                Optional<ReadResult> next;
                while ((next = reader.next()).isPresent()) {
                    if (next.get() instanceof ReadResult.Event event) {
                        events++;
                        bytes += event.bytes().length;
                    }
                }
            }
            return new long[]{events, bytes};
        });
    }

    /** Times {@code reading} over every event file of the source, in listing order. */
    private static Result measure(String name, Path source, FileReading reading) throws IOException {
        long start = System.nanoTime();
        long files = 0;
        long compressed = 0;
        long bytes = 0;
        long events = 0;
        LocalFolderLister lister = new LocalFolderLister(source);
        Iterator<SourceObject> objects = lister.listAfter(Optional.empty());
        while (objects.hasNext()) {
            SourceObject object = objects.next();
            if (!object.kind().isRead()) {
                continue;
            }
            files++;
            compressed += object.size();
            long[] counts = reading.read(lister, object.key());
            events += counts[0];
            bytes += counts[1];
        }
        return new Result(name, files, events, compressed, bytes, seconds(start));
    }

    /** An object in a top-level array ({@code [...]}) or in the array of a top-level object ({@code {"Records":[...]}}). */
    private static boolean isRecord(JsonStreamContext object) {
        JsonStreamContext array = object.getParent();
        if (array == null || !array.inArray()) {
            return false;
        }
        JsonStreamContext above = array.getParent();
        return above.inRoot() || above.inObject() && above.getParent().inRoot();
    }

    private static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 65536);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 65536) : in;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
