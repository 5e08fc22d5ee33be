package dev.trailstream.event;

import java.util.Objects;

/** What became of one raw record: an event, or the reason it is not one. */
public sealed interface ParseResult {

    record Parsed(CloudTrailEvent event) implements ParseResult {
        public Parsed {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * @param code     stable and machine-readable, for the {@code trailstream.error.code} header and alerting
     * @param reason   short human text, for the {@code trailstream.error.reason} header
     * @param original the bytes as received (null for a tombstone), forwarded unchanged to the dead-letter topic
     */
    record Rejected(RejectCode code, String reason, byte[] original) implements ParseResult {
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a record is not a usable CloudTrail event. */
    enum RejectCode {
        EMPTY_RECORD("empty-record"),
        INVALID_JSON("invalid-json"),
        NOT_AN_OBJECT("not-an-object"),
        MISSING_FIELD("missing-field"),
        INVALID_FIELD("invalid-field"),
        NO_PRINCIPAL("no-principal"),
        UNEXPECTED("unexpected");

        private final String code;

        RejectCode(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
