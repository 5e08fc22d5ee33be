package dev.trailstream.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.BufferedInputStream;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams the records of one CloudTrail log file, one at a time, each as the exact bytes written in the file.
 *
 * <p>Accepted layouts: CloudTrail's own {@code {"Records":[...]}} (other top-level fields are ignored, before or after
 * the list), a bare JSON array of records, and JSON Lines or any other sequence of top-level objects. A top-level
 * object is taken as a wrapper when it has a {@code Records} field holding an array, as a record otherwise. Gzip is
 * recognised by its magic bytes, not by the file name, since copies often lose or gain the {@code .gz}.
 *
 * <p>Memory holds one record plus the parser's read-ahead: the parser skips over each record while a
 * {@link RetainingInputStream} keeps the bytes it pulled, and the record is copied out between the byte offsets of
 * its first and last token. Records larger than the limit are skipped without being held.
 *
 * <p>A {@link DecompressionGuard} ends the object once it decompresses beyond its {@link ReadLimits}
 * ({@link IngestErrorCode#DECOMPRESSION_LIMIT}); Jackson's read constraints are set from the same limits
 * ({@link ReadLimits#constraints()}). A {@link Utf8Guard} lets the parser read past bytes that are not UTF-8, so that
 * only the record holding them is lost ({@link IngestErrorCode#INVALID_UTF8}).
 *
 * <p>The stream is opened on the first {@link #next()} and closed at the end, on failure, or by {@link #close()}.
 */
public final class CloudTrailRecordReader implements Closeable {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int REASON_LENGTH = 200;

    /** Opens an object's stored bytes. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** Where the parser is in the file's layout. */
    private enum Position { TOP_LEVEL, BARE_ARRAY, RECORDS_ARRAY, DONE }

    private final Opener opener;
    private final int maxRecordBytes;
    private final ReadLimits limits;
    private Utf8Guard utf8;
    private RetainingInputStream retained;
    private JsonParser parser;
    private boolean gzipped;
    private Position position = Position.TOP_LEVEL;
    private boolean opened;
    private long index;

    /** With the default decompression limits. */
    public CloudTrailRecordReader(Opener opener, int maxRecordBytes) {
        this(opener, ReadLimits.ofRecordBytes(maxRecordBytes));
    }

    public CloudTrailRecordReader(Opener opener, ReadLimits limits) {
        this.opener = opener;
        this.limits = limits;
        this.maxRecordBytes = limits.maxRecordBytes();
    }

    /** The next result, or empty once the object is exhausted or has failed. */
    public Optional<ReadResult> next() {
        if (position == Position.DONE) {
            return Optional.empty();
        }
        try {
            if (!opened) {
                opened = true;
                open();
            }
            ReadResult result = step();
            if (result == null) {
                finish();
            }
            return Optional.ofNullable(result);
        } catch (IOException | RuntimeException e) {
            ReadResult.Failed failed = failure(e);
            finish();
            return Optional.of(failed);
        }
    }

    /** The index the next record will have; after a failure, the index of the record that could not be read. */
    public long nextIndex() {
        return index;
    }

    @Override
    public void close() {
        position = Position.DONE;
        closeQuietly();
    }

    private void open() throws IOException {
        ByteCountingInputStream counted = new ByteCountingInputStream(opener.open());
        InputStream raw = new BufferedInputStream(counted, 64 * 1024);
        try {
            raw.mark(2);
            int first = raw.read();
            int second = raw.read();
            raw.reset();
            gzipped = first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
            InputStream decoded = gzipped
                    ? new DecompressionGuard(new GZIPInputStream(raw, 64 * 1024), counted, limits)
                    : new DecompressionGuard(raw, null, limits);
            utf8 = new Utf8Guard(decoded);
            retained = new RetainingInputStream(utf8, maxRecordBytes);
            parser = limits.jsonFactory().createParser(retained);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Advances to the next result; null at the end of the file. */
    private ReadResult step() throws IOException {
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                if (position != Position.TOP_LEVEL) {
                    throw new JsonEOFException(parser, null, "Unexpected end of input inside the record list");
                }
                return null;
            }
            switch (position) {
                case TOP_LEVEL -> {
                    if (token == JsonToken.START_ARRAY) {
                        position = Position.BARE_ARRAY;
                        continue;
                    }
                    if (token == JsonToken.START_OBJECT) {
                        ReadResult record = topLevelObject();
                        if (record == null) {
                            continue; // a wrapper: its Records list is next
                        }
                        return record;
                    }
                    return element(token);
                }
                case BARE_ARRAY, RECORDS_ARRAY -> {
                    if (token == JsonToken.END_ARRAY) {
                        if (position == Position.RECORDS_ARRAY) {
                            skipRestOfObject();
                        }
                        position = Position.TOP_LEVEL;
                        continue;
                    }
                    return element(token);
                }
                default -> throw new IllegalStateException("Reading after the end");
            }
        }
    }

    /**
     * Reads a top-level object field by field until it proves to be a wrapper (returns null, positioned inside its
     * Records list) or ends as a record of its own.
     */
    private ReadResult topLevelObject() throws IOException {
        long start = tokenStart();
        startRecord(start);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("Records".equals(field) && value == JsonToken.START_ARRAY) {
                position = Position.RECORDS_ARRAY;
                return null;
            }
            parser.skipChildren();
        }
        return record(start);
    }

    /** The record or skipped element that starts at the current token. */
    private ReadResult element(JsonToken token) throws IOException {
        long start = tokenStart();
        startRecord(start);
        if (token == JsonToken.START_OBJECT) {
            parser.skipChildren();
            return record(start);
        }
        parser.skipChildren();
        long elementIndex = index++;
        return new ReadResult.Skipped(elementIndex, IngestErrorCode.NOT_AN_OBJECT,
                "record is a JSON " + describe(token) + ", not an object");
    }

    /** The record from {@code start} to the END_OBJECT token the parser is on. */
    private ReadResult record(long start) {
        long end = tokenStart() + 1;
        long recordIndex = index++;
        long size = end - start;
        if (retained.overflowed() || size > maxRecordBytes) {
            return new ReadResult.Skipped(recordIndex, IngestErrorCode.RECORD_TOO_LARGE,
                    "record of " + size + " bytes exceeds max.record.bytes=" + maxRecordBytes);
        }
        long badByte = utf8.firstReplacedIn(start, end);
        if (badByte >= 0) {
            return new ReadResult.Skipped(recordIndex, IngestErrorCode.INVALID_UTF8,
                    "record holds bytes that are not UTF-8, the first at byte " + badByte + " of the file");
        }
        return new ReadResult.Event(recordIndex, retained.copy(start, end));
    }

    private void startRecord(long start) {
        retained.retainFrom(start);
        utf8.forgetBefore(start);
    }

    private void skipRestOfObject() throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            parser.nextToken();
            parser.skipChildren();
        }
    }

    private long tokenStart() {
        long offset = parser.currentTokenLocation().getByteOffset();
        if (offset < 0) {
            // Only byte-based (UTF-8) parsing reports byte offsets; CloudTrail writes UTF-8.
            throw new IllegalStateException("File is not UTF-8 encoded");
        }
        return offset;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private ReadResult.Failed failure(Exception e) {
        IngestErrorCode code;
        String reason;
        if (e instanceof DecompressionLimitException) {
            code = IngestErrorCode.DECOMPRESSION_LIMIT;
            reason = e.getMessage();
        } else if (e instanceof StreamConstraintsException limit) {
            code = IngestErrorCode.INVALID_JSON;
            reason = "beyond the parser's limits (max.record.bytes=" + maxRecordBytes + ", nesting depth "
                    + ReadLimits.MAX_NESTING_DEPTH + "): " + limit.getOriginalMessage();
        } else if (e instanceof NoSuchFileException) {
            code = IngestErrorCode.OBJECT_MISSING;
            reason = "object vanished between listing and reading: " + e.getMessage();
        } else if (e instanceof JsonEOFException) {
            code = IngestErrorCode.INVALID_JSON;
            reason = "unexpected end of JSON input";
        } else if (e instanceof JsonProcessingException json) {
            code = IngestErrorCode.INVALID_JSON;
            reason = json.getOriginalMessage();
        } else if (e instanceof CharConversionException) {
            code = IngestErrorCode.INVALID_JSON;
            reason = e.getMessage();
        } else if (gzipped && e instanceof EOFException) {
            code = IngestErrorCode.TRUNCATED_GZIP;
            reason = "gzip stream ends early: " + e.getMessage();
        } else if (e instanceof ZipException) {
            code = IngestErrorCode.CORRUPT_GZIP;
            reason = "damaged gzip stream: " + e.getMessage();
        } else if (e instanceof IOException) {
            code = IngestErrorCode.IO_ERROR;
            reason = e.toString();
        } else {
            code = IngestErrorCode.INVALID_JSON;
            reason = String.valueOf(e.getMessage());
        }
        return new ReadResult.Failed(index, code, shorten(reason));
    }

    private static String shorten(String reason) {
        String text = reason == null ? "unknown" : reason;
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline);
        }
        return text.length() > REASON_LENGTH ? text.substring(0, REASON_LENGTH) + "..." : text;
    }

    private void finish() {
        position = Position.DONE;
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (parser != null) {
                parser.close(); // closes the file too (AUTO_CLOSE_SOURCE)
            } else if (retained != null) {
                retained.close();
            }
        } catch (IOException ignored) {
            // Nothing was written: a failing close loses nothing.
        }
    }
}
