package dev.trailstream.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON reader of raw CloudTrail events, with Jackson's read constraints set for them rather than left to the
 * library's defaults. A record beyond them is rejected on its own ({@code invalid-json}, the reason naming the
 * limit); the connector upstream has already bounded the record's size ({@code max.record.bytes}).
 */
public final class EventJsonReader {
    /**
     * CloudTrail events nest at most about 8-10 levels (policy documents inside request parameters); 100 leaves room
     * for any service's odd payload while keeping a hostile record from costing deep recursion downstream
     * (detection rules walk the tree).
     */
    public static final int MAX_NESTING_DEPTH = 100;
    /**
     * CloudTrail's numbers are counts, sizes and ports of at most 20 digits. Parsing a long number as a big number
     * costs time quadratic in its length, so it stays bounded; 1,000 digits is still cheap.
     */
    public static final int MAX_NUMBER_LENGTH = 1_000;
    /** Field names are CloudTrail's own or user-chosen map keys (tag keys, at most 128 characters, say). */
    public static final int MAX_NAME_LENGTH = 65_536;

    /**
     * Strings and the document are not bounded here: the record is already in memory, no string in it can be longer
     * than it, and the connector has bounded it with {@code max.record.bytes}. A limit here would only reject records
     * the connector accepted.
     */
    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxStringLength(Integer.MAX_VALUE)
            .maxDocumentLength(-1)
            .build();

    // Trailing garbage after a CloudTrail event means the record is damaged, not that the first value is the event.
    private static final ObjectReader READER = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
            .build()
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventJsonReader() {
    }

    /** Immutable, so safe to share. */
    static ObjectReader reader() {
        return READER;
    }

    static StreamReadConstraints constraints() {
        return CONSTRAINTS;
    }
}
