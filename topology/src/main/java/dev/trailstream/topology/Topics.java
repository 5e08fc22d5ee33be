package dev.trailstream.topology;

import java.util.List;
import java.util.Objects;

/**
 * Every topic TrailStream reads or writes, in one immutable catalogue. Names are injectable (construct one, or use
 * {@link #withPrefix(String)}); nothing else in the topology spells a topic name.
 *
 * @param events       {@code cloudtrail.events}: key principal id (String, may be null), value raw CloudTrail event
 *                     JSON (bytes), headers {@code trailstream.source}, {@code trailstream.object},
 *                     {@code trailstream.index}; record timestamps are ingest time
 * @param eventsDlq    {@code cloudtrail.events.dlq}: the original key, bytes and headers of events that could not be
 *                     parsed, plus {@code trailstream.error.code} and {@code trailstream.error.reason}
 * @param ingestErrors {@code cloudtrail.ingest-errors}: objects the connector could not read (written by it)
 * @param objects      {@code cloudtrail.objects}: the log objects the connector has listed (written by it)
 * @param findings     {@code trailstream.findings}: key principal id (String), value an OCSF 1.3.0 Detection Finding
 *                     (JSON bytes); record timestamps are event time
 * @param iamSnapshots {@code trailstream.iam-snapshots}, compacted: key AWS account id, value the account's
 *                     {@code get-account-authorization-details} export, gzip-compressed, with headers saying when it
 *                     was taken; see {@code dev.trailstream.access.IamSnapshotRecord} (written by
 *                     {@code trailstream iam import} and {@code run --iam}, read by the access review)
 * @param accessReview {@code trailstream.access-review}, compacted, one partition: key finding uid, value the last
 *                     record of each open access-review finding (JSON); tombstoned once closed. Written and read by
 *                     the app's access review only, never by the topology
 */
public record Topics(Topic<String, byte[]> events, Topic<String, byte[]> eventsDlq,
                     Topic<String, byte[]> ingestErrors, Topic<String, byte[]> objects,
                     Topic<String, byte[]> findings, Topic<String, byte[]> iamSnapshots,
                     Topic<String, byte[]> accessReview) {
    public static final String EVENTS = "cloudtrail.events";
    public static final String EVENTS_DLQ = "cloudtrail.events.dlq";
    public static final String INGEST_ERRORS = "cloudtrail.ingest-errors";
    public static final String OBJECTS = "cloudtrail.objects";
    public static final String FINDINGS = "trailstream.findings";
    public static final String IAM_SNAPSHOTS = "trailstream.iam-snapshots";
    public static final String ACCESS_REVIEW = "trailstream.access-review";

    public Topics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(eventsDlq, "eventsDlq");
        Objects.requireNonNull(ingestErrors, "ingestErrors");
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(iamSnapshots, "iamSnapshots");
        Objects.requireNonNull(accessReview, "accessReview");
    }

    public static Topics defaults() {
        return withPrefix("");
    }

    /** The default names behind a prefix, e.g. {@code "tenant-a."}, so several pipelines can share a cluster. */
    public static Topics withPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return new Topics(Topic.ofBytes(prefix + EVENTS), Topic.ofBytes(prefix + EVENTS_DLQ),
                Topic.ofBytes(prefix + INGEST_ERRORS), Topic.ofBytes(prefix + OBJECTS),
                Topic.ofBytes(prefix + FINDINGS), Topic.ofBytes(prefix + IAM_SNAPSHOTS),
                Topic.ofBytes(prefix + ACCESS_REVIEW));
    }

    /** All of them, e.g. for the app to create them before the first start. */
    public List<Topic<String, byte[]>> all() {
        return List.of(events, eventsDlq, ingestErrors, objects, findings, iamSnapshots, accessReview);
    }
}
