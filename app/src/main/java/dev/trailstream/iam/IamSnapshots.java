package dev.trailstream.iam;

import dev.trailstream.access.IamSnapshotRecord;
import dev.trailstream.export.CommittedTopic;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The IAM snapshots on the topic, read to its end: what the latest snapshot of every account is. Compaction keeps one
 * record per account eventually, but until the cleaner runs older ones are still there, so the last record of each
 * key wins; a tombstone (null value) removes the account.
 */
public final class IamSnapshots {
    private IamSnapshots() {
    }

    /**
     * The latest snapshot of every account, decoded, by account id. Read-committed, from the beginning to the end
     * as it stands now.
     *
     * @throws IllegalArgumentException when a record is not an IAM snapshot (see {@link IamSnapshotRecord#decode})
     */
    public static Map<String, IamSnapshotRecord> latest(String bootstrapServers, String topic) {
        return CommittedTopic.latestByKey(bootstrapServers, topic,
                record -> IamSnapshotRecord.decode(record.key(), record.value(), record.headers()), new TreeMap<>());
    }

    /**
     * When the latest snapshot of every account was taken, from the headers only (nothing decompressed). A record
     * whose time cannot be read counts as taken at the epoch: it never blocks an import.
     */
    static Map<String, Instant> latestTakenAt(String bootstrapServers, String topic) {
        Map<String, Instant> latest = new TreeMap<>();
        CommittedTopic.forEach(bootstrapServers, topic, record -> {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                latest.remove(record.key());
                return;
            }
            Instant takenAt;
            try {
                takenAt = IamSnapshotRecord.takenAt(record.headers());
            } catch (IllegalArgumentException e) {
                takenAt = Instant.EPOCH;
            }
            latest.put(record.key(), takenAt);
        });
        return latest;
    }
}
