package dev.trailstream.iam;

import dev.trailstream.runtime.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotFilesTest {
    private static final String EXPORT = """
            {"UserDetailList": [{"UserName": "alice", "UserId": "AIDA1", "Path": "/",
              "Arn": "arn:aws:iam::123456789012:user/alice", "GroupList": [], "UserPolicyList": [],
              "AttachedManagedPolicies": []}], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
            """;

    @TempDir
    Path tmp;

    @Test
    void refusesAnExportTooLargeForARecordEvenCompressed() throws IOException {
        Path file = tmp.resolve("big.json");
        Files.writeString(file, EXPORT);
        Optional<Instant> now = Optional.of(Instant.parse("2026-12-01T00:00:00Z"));
        PreparedSnapshot fits = SnapshotFiles.prepare(List.of(file), now, "", 16 * 1024 * 1024).get(0);
        int compressed = fits.value().length;
        assertThat(compressed).isPositive().isLessThan(EXPORT.length());

        int limit = SnapshotFiles.RECORD_OVERHEAD + compressed - 1;
        assertThatThrownBy(() -> SnapshotFiles.prepare(List.of(file), now, "--iam ", limit))
                .isInstanceOf(UsageException.class)
                .hasMessage("--iam " + file + ": " + compressed + " bytes even gzip-compressed, more than a record of "
                        + "trailstream.iam-snapshots takes (" + String.format("%,d", compressed - 1) + ")");
        assertThat(SnapshotFiles.prepare(List.of(file), now, "", limit + 1)).hasSize(1);
    }

    @Test
    void refusesAnExportThatNamesNoAccount() throws IOException {
        Path file = tmp.resolve("empty.json");
        Files.writeString(file, "{\"UserDetailList\": [], \"Policies\": []}");
        assertThatThrownBy(() -> SnapshotFiles.prepare(List.of(file), Optional.empty(), ""))
                .isInstanceOf(UsageException.class).hasMessageContaining("empty.json: no user, group, role or customer "
                        + "policy ARN names an account");
    }
}
