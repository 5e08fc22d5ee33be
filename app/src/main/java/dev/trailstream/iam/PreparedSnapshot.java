package dev.trailstream.iam;

import dev.trailstream.access.IamSnapshotRecord;

import java.nio.file.Path;

/**
 * An export file read, checked and compressed, ready to publish.
 *
 * @param file       the file as the user named it
 * @param record     what goes on the topic
 * @param principals users and roles in the export
 * @param policies   managed policies in the export (AWS-managed and customer)
 * @param value      {@code record.value()}, compressed once: the size check and the send use the same bytes
 */
public record PreparedSnapshot(Path file, IamSnapshotRecord record, int principals, int policies, byte[] value) {
}
