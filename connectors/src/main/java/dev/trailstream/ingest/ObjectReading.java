package dev.trailstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.Principals;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One object being turned into records: its events and errors, then exactly one completion record.
 *
 * <p>When resuming inside an object, the records before the committed index are read again but not emitted; they
 * are still counted so that the completion record's totals cover the whole object, not just what followed the restart.
 *
 * <p>Its records' offsets carry its prefix's look-back window ({@link PrefixCursors#window}), the completion record's
 * with the object in it: producing that record is what finishes the object for its prefix
 * ({@link PrefixCursors#finish}).
 */
final class ObjectReading implements AutoCloseable {
    private final SourceObject object;
    private final CloudTrailRecordReader reader;
    private final long resumeIndex;
    private final IngestRecords records;
    private final IngestCounters counters;
    private final CloudTrailSourceConfig.ErrorTolerance tolerance;
    private final PrefixCursors cursors;
    /** Reads a record to find its principal, under the same constraints as the record reader's parser. */
    private final ObjectReader json;
    /** The prefix's look-back window while the object is read, carried by its event and error records. */
    private final Optional<LookbackWindow> window;
    private long events;
    private long errors;
    private ObjectStatus status;
    private String reason;
    /** Where a failed object's offsets stop: one past the faulty record. */
    private long stoppedAt = -1;
    private boolean complete;
    /** An error record to emit before anything else (the report of a missing object). */
    private SourceRecord pending;

    private ObjectReading(SourceObject object, CloudTrailRecordReader reader, long resumeIndex, IngestRecords records,
                          IngestCounters counters, CloudTrailSourceConfig.ErrorTolerance tolerance,
                          PrefixCursors cursors, ReadLimits limits) {
        this.json = limits.treeReader();
        this.object = object;
        this.reader = reader;
        this.resumeIndex = resumeIndex;
        this.records = records;
        this.counters = counters;
        this.tolerance = tolerance;
        this.cursors = cursors;
        this.window = cursors.window(object.key());
    }

    /** Reads {@code object} from record {@code resumeIndex} on (0 for a fresh start). */
    static ObjectReading of(SourceObject object, long resumeIndex, ObjectLister lister, ReadLimits limits,
                            IngestRecords records, IngestCounters counters,
                            CloudTrailSourceConfig.ErrorTolerance tolerance, PrefixCursors cursors) {
        CloudTrailRecordReader reader = object.kind().isRead()
                ? new CloudTrailRecordReader(() -> lister.open(object.key()), limits)
                : null;
        ObjectReading reading = new ObjectReading(object, reader, resumeIndex, records, counters, tolerance, cursors,
                limits);
        if (reader == null) {
            reading.status = ObjectStatus.SKIPPED;
            reading.reason = switch (object.kind()) {
                case DIGEST -> "CloudTrail digest file";
                case INSIGHT -> "CloudTrail Insights file";
                case EMPTY -> "empty file";
                default -> "not a CloudTrail log file (*.json or *.json.gz)";
            };
        }
        return reading;
    }

    /**
     * A file that arrived after its prefix's look-back had passed it ({@link PrefixCursor.Verdict#MISSED}): not read,
     * only reported, with a completion record whose status is {@code skipped} and whose reason says why.
     */
    static ObjectReading tooLate(SourceObject object, String reason, IngestRecords records, IngestCounters counters,
                                 PrefixCursors cursors) {
        ObjectReading reading = new ObjectReading(object, null, 0, records, counters,
                CloudTrailSourceConfig.ErrorTolerance.ALL, cursors, ReadLimits.DEFAULTS);
        reading.status = ObjectStatus.SKIPPED;
        reading.reason = reason;
        return reading;
    }

    /** The object a committed offset points into, gone since: it fails without being read. */
    static ObjectReading missing(String key, long resumeIndex, IngestRecords records, IngestCounters counters,
                                 CloudTrailSourceConfig.ErrorTolerance tolerance, PrefixCursors cursors) {
        SourceObject gone = new SourceObject(key, 0, ObjectKind.EVENTS);
        ObjectReading reading = new ObjectReading(gone, null, resumeIndex, records, counters, tolerance, cursors,
                ReadLimits.DEFAULTS);
        String why = "object no longer exists; it was left at record " + resumeIndex;
        reading.failIfIntolerant(null, IngestErrorCode.OBJECT_MISSING, why);
        reading.errors++;
        counters.error(IngestErrorCode.OBJECT_MISSING);
        reading.status = ObjectStatus.FAILED;
        reading.reason = why;
        reading.stoppedAt = resumeIndex;
        reading.pending = records.error(key, null, new SourceOffset(key, resumeIndex, false, reading.window),
                IngestErrorCode.OBJECT_MISSING, why);
        return reading;
    }

    String key() {
        return object.key();
    }

    /**
     * Adds records to {@code out}, at most {@code room}, until the object is finished.
     *
     * @return true once the completion record has been added
     */
    boolean readInto(List<SourceRecord> out, int room) {
        int added = 0;
        while (added < room && !complete) {
            if (pending != null) {
                out.add(pending);
                pending = null;
                added++;
                continue;
            }
            if (status != null) {
                out.add(records.completion(new ObjectCompletion(object, status, events, errors, nextIndex(), reason),
                        cursors.finish(object.key())));
                counters.object(status);
                complete = true;
                close();
                return true;
            }
            Optional<ReadResult> next = reader.next();
            if (next.isEmpty()) {
                status = ObjectStatus.READ;
                continue;
            }
            SourceRecord record = toRecord(next.get());
            if (record != null) {
                out.add(record);
                added++;
            }
        }
        return complete;
    }

    /** The record for one read result, or null for a record delivered before the restart. */
    private SourceRecord toRecord(ReadResult result) {
        boolean delivered = result.index() < resumeIndex;
        if (result instanceof ReadResult.Event event) {
            Optional<String> principal;
            try {
                principal = principalOf(event.bytes());
            } catch (IOException e) {
                return skip(delivered, new ReadResult.Skipped(event.index(), IngestErrorCode.INVALID_JSON,
                        "record does not parse: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
            }
            events++;
            if (delivered) {
                return null;
            }
            counters.event(event.bytes().length);
            return records.event(object.key(), event.index(), principal.orElse(null), event.bytes(), window);
        }
        if (result instanceof ReadResult.Skipped skipped) {
            return skip(delivered, skipped);
        }
        return fail(delivered, (ReadResult.Failed) result);
    }

    private SourceRecord skip(boolean delivered, ReadResult.Skipped skipped) {
        errors++;
        if (delivered) {
            return null;
        }
        failIfIntolerant(skipped.index(), skipped.error(), skipped.reason());
        counters.error(skipped.error());
        return records.error(object.key(), skipped.index(),
                new SourceOffset(object.key(), skipped.index() + 1, false, window), skipped.error(), skipped.reason());
    }

    /**
     * Ends the object at a fault. The error record's offset points one past the faulty record, so that a restart
     * right after it finds the fault again (the file has not changed) but knows it was reported, and goes straight to
     * the completion record instead of reporting it twice.
     */
    private SourceRecord fail(boolean delivered, ReadResult.Failed failed) {
        errors++;
        status = ObjectStatus.FAILED;
        reason = failed.reason();
        stoppedAt = failed.index() + 1;
        if (delivered) {
            return null;
        }
        failIfIntolerant(failed.index(), failed.error(), failed.reason());
        counters.error(failed.error());
        return records.error(object.key(), failed.index(), new SourceOffset(object.key(), stoppedAt, false, window),
                failed.error(), failed.reason());
    }

    private void failIfIntolerant(Long index, IngestErrorCode code, String why) {
        if (tolerance == CloudTrailSourceConfig.ErrorTolerance.NONE) {
            close();
            throw new ConnectException("Cannot read CloudTrail object " + object.key() + " in " + records.source()
                    + (index == null ? "" : " at record " + index) + ": " + why + " (" + code.code()
                    + "; errors.tolerance=none)");
        }
    }

    private long nextIndex() {
        if (stoppedAt >= 0) {
            return stoppedAt;
        }
        return reader == null ? 0 : reader.nextIndex();
    }

    private Optional<String> principalOf(byte[] bytes) throws IOException {
        JsonNode tree = json.readTree(bytes);
        return Principals.resolve(tree).map(Principal::id);
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
