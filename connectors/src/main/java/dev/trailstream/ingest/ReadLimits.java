package dev.trailstream.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How much one object may make the connector read: the largest record, and how far a file may decompress, in total
 * and relative to its compressed size.
 *
 * @param maxRecordBytes      larger records are skipped ({@code max.record.bytes})
 * @param maxObjectBytes      decompressed bytes after which the object ends with
 *                            {@link IngestErrorCode#DECOMPRESSION_LIMIT} ({@code max.object.bytes}); plain files too
 * @param maxCompressionRatio decompressed over compressed bytes allowed for a gzip file once it has given more than
 *                            {@link #RATIO_FLOOR_BYTES} ({@code max.compression.ratio})
 */
public record ReadLimits(int maxRecordBytes, long maxObjectBytes, int maxCompressionRatio) {
    /** Default of {@code max.record.bytes}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;
    /**
     * Default of {@code max.object.bytes}: 1 GiB. CloudTrail writes a file per account, region and five minutes, and
     * even busy accounts' files decompress to tens of MB; a gigabyte is far above that, yet bounds how long one file
     * can keep a task busy.
     */
    public static final long DEFAULT_MAX_OBJECT_BYTES = 1L << 30;
    /**
     * Default of {@code max.compression.ratio}: 200. CloudTrail's gzip files decompress 10-30 times (JSON with
     * repetitive field names), a very repetitive file perhaps 50 times; a gzip bomb of zeros or blanks about 1,000.
     */
    public static final int DEFAULT_MAX_COMPRESSION_RATIO = 200;
    /**
     * The ratio is only checked past this many decompressed bytes: a tiny file of repeated text compresses very well
     * without being a threat, and the gzip header and read-ahead make early ratios meaningless.
     */
    public static final long RATIO_FLOOR_BYTES = 1L << 20;
    /**
     * Nesting the connector's parser accepts. A record nesting deeper ends the whole object (the parser cannot skip
     * it), so this is set well above what anything legitimate does; the event parser downstream rejects much less
     * deep records one by one.
     */
    public static final int MAX_NESTING_DEPTH = 1000;

    /** Per limits; a worker sees few distinct configs, so these stay small. */
    private static final Map<ReadLimits, JsonFactory> FACTORIES = new ConcurrentHashMap<>();
    private static final Map<ReadLimits, ObjectReader> TREE_READERS = new ConcurrentHashMap<>();

    public static final ReadLimits DEFAULTS = new ReadLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_OBJECT_BYTES,
            DEFAULT_MAX_COMPRESSION_RATIO);

    public ReadLimits {
        if (maxRecordBytes < 1 || maxObjectBytes < 1 || maxCompressionRatio < 1) {
            throw new IllegalArgumentException("Limits must be positive: " + maxRecordBytes + ", " + maxObjectBytes
                    + ", " + maxCompressionRatio);
        }
    }

    /** The default limits with another record size. */
    public static ReadLimits ofRecordBytes(int maxRecordBytes) {
        return new ReadLimits(maxRecordBytes, DEFAULT_MAX_OBJECT_BYTES, DEFAULT_MAX_COMPRESSION_RATIO);
    }

    /**
     * Jackson's read constraints for these limits. Strings, numbers and names cannot be longer than the record that
     * holds them, and anything up to {@code max.record.bytes} must pass: a constraint failing in the connector ends
     * the whole object, where a record that is too large is only skipped. The document length is left open, since
     * {@code max.object.bytes} bounds it, with a reason that says so.
     */
    StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(maxRecordBytes)
                .maxNumberLength(maxRecordBytes)
                .maxNameLength(maxRecordBytes)
                .maxDocumentLength(-1)
                .build();
    }

    /** A JSON factory with {@link #constraints()}, shared: a factory is thread-safe and costly to build. */
    JsonFactory jsonFactory() {
        return FACTORIES.computeIfAbsent(this,
                limits -> JsonFactory.builder().streamReadConstraints(limits.constraints()).build());
    }

    /** A tree reader over {@link #jsonFactory()}, shared like it. */
    ObjectReader treeReader() {
        return TREE_READERS.computeIfAbsent(this, limits -> new ObjectMapper(limits.jsonFactory()).reader());
    }
}
