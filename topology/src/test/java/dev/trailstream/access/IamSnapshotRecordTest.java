package dev.trailstream.access;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IamSnapshotRecordTest {
    private static final String EXPORT = """
            {"UserDetailList": [{"UserName": "alice", "UserId": "AIDA1", "Path": "/",
              "Arn": "arn:aws:iam::123456789012:user/alice", "GroupList": [], "UserPolicyList": [],
              "AttachedManagedPolicies": []}], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
            """;
    private static final Instant TAKEN = Instant.parse("2026-12-01T09:30:00.250Z");

    private static IamSnapshotRecord record() {
        return new IamSnapshotRecord("123456789012", EXPORT, TAKEN, "alice.json");
    }

    @Test
    void decodesWhatItEncodesWithTheExportUnchanged() {
        IamSnapshotRecord record = record();
        byte[] value = record.value();
        // gzip's magic bytes: the value is the compressed export, not the JSON.
        assertThat(value[0]).isEqualTo((byte) 0x1f);
        assertThat(value[1]).isEqualTo((byte) 0x8b);
        IamSnapshotRecord decoded = IamSnapshotRecord.decode("123456789012", value, record.headers());
        assertThat(decoded).isEqualTo(record);
        assertThat(decoded.snapshot().accountId()).isEqualTo("123456789012");
        assertThat(decoded.snapshot().takenAt()).contains(TAKEN);
    }

    @Test
    void carriesTakenAtAsEpochMillisecondsSourceAndFormatInHeaders() {
        Headers headers = record().headers();
        assertThat(text(headers, IamSnapshotRecord.TAKEN_AT)).isEqualTo(String.valueOf(TAKEN.toEpochMilli()));
        assertThat(text(headers, IamSnapshotRecord.SOURCE)).isEqualTo("alice.json");
        assertThat(text(headers, IamSnapshotRecord.FORMAT)).isEqualTo("authorization-details-v1");
        assertThat(IamSnapshotRecord.takenAt(headers)).isEqualTo(TAKEN);
    }

    @Test
    void refusesAnUnknownFormatAMissingHeaderAndAValueThatIsNotGzip() {
        IamSnapshotRecord record = record();
        Headers newer = record.headers();
        newer.remove(IamSnapshotRecord.FORMAT);
        newer.add(IamSnapshotRecord.FORMAT, "authorization-details-v2".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IamSnapshotRecord.decode("123456789012", record.value(), newer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format authorization-details-v2");
        assertThatThrownBy(() -> IamSnapshotRecord.decode("123456789012", record.value(), new RecordHeaders()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without header");
        assertThatThrownBy(() -> IamSnapshotRecord.decode("123456789012",
                EXPORT.getBytes(StandardCharsets.UTF_8), record.headers()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not gzip-compressed");
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
