package dev.trailstream.access;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialReportTest {
    /** The columns and value spellings of {@code aws iam get-credential-report}, decoded; accounts made up. */
    static final String CSV = """
            user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
            <root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-30T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
            alice,arn:aws:iam::111122223333:user/alice,2024-03-01T10:00:00+00:00,true,2026-12-01T09:30:00+00:00,2024-03-01T10:00:00+00:00,N/A,true,true,2024-03-01T10:05:00+00:00,2026-12-04T12:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
            bob,arn:aws:iam::111122223333:user/bob,2023-05-10T00:00:00+00:00,true,no_information,2023-05-10T00:00:00+00:00,N/A,false,true,2023-05-10T00:00:00+00:00,N/A,N/A,N/A,true,2025-01-01T00:00:00+00:00,2025-06-01T00:00:00+00:00,us-east-1,ec2,false,N/A,false,N/A
            """;

    @Test
    void readsPasswordAndActiveAccessKeysOfEachUser() {
        CredentialReport report = CredentialReport.parse(CSV);

        assertThat(report.rows()).hasSize(3);
        CredentialReport.Row alice = report.row("arn:aws:iam::111122223333:user/alice").orElseThrow();
        assertThat(alice.user()).isEqualTo("alice");
        assertThat(alice.passwordEnabled()).isTrue();
        assertThat(alice.passwordLastUsed()).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
        assertThat(alice.mfaActive()).isTrue();
        assertThat(alice.accessKeys()).containsExactly(new CredentialReport.AccessKey(1,
                Instant.parse("2024-03-01T10:05:00Z"), Instant.parse("2026-12-04T12:00:00Z"), "s3"));
        CredentialReport.Row bob = report.row("arn:aws:iam::111122223333:user/bob").orElseThrow();
        assertThat(bob.passwordLastUsed()).as("no_information means never").isNull();
        assertThat(bob.accessKeys()).extracting(CredentialReport.AccessKey::slot).containsExactly(1, 2);
        assertThat(bob.accessKeys().get(0).lastUsed()).isNull();
    }

    @Test
    void readsEachKeysRotationDateAndLastUsedService() {
        CredentialReport.Row bob = CredentialReport.parse(CSV).row("arn:aws:iam::111122223333:user/bob").orElseThrow();

        assertThat(bob.mfaActive()).isFalse();
        assertThat(bob.passwordEnabled()).isTrue();
        assertThat(bob.accessKeys()).containsExactly(
                new CredentialReport.AccessKey(1, Instant.parse("2023-05-10T00:00:00Z"), null, null),
                new CredentialReport.AccessKey(2, Instant.parse("2025-01-01T00:00:00Z"),
                        Instant.parse("2025-06-01T00:00:00Z"), "ec2"));
    }

    @Test
    void readsAReportWithoutTheRotationAndServiceColumnsAsNotKnown() {
        String csv = """
                arn,user,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_used_date,access_key_2_active,access_key_2_last_used_date
                arn:aws:iam::111122223333:user/carol,carol,false,N/A,false,true,2026-12-01T00:00:00+00:00,false,N/A
                """;

        CredentialReport.Row carol = CredentialReport.parse(csv).row("arn:aws:iam::111122223333:user/carol")
                .orElseThrow();

        assertThat(carol.accessKeys()).containsExactly(new CredentialReport.AccessKey(1, null,
                Instant.parse("2026-12-01T00:00:00Z"), null));
    }

    @Test
    void readsTheRootRowsNotSupportedAsNo() {
        CredentialReport.Row root = CredentialReport.parse(CSV).row("arn:aws:iam::111122223333:root").orElseThrow();
        assertThat(root.passwordEnabled()).isFalse();
        assertThat(root.accessKeys()).isEmpty();
    }

    @Test
    void rejectsACsvWithoutTheReportsColumnsNamingTheColumn() {
        assertThatThrownBy(() -> CredentialReport.parse("user,arn\nalice,arn:aws:iam::1:user/alice\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password_enabled");
    }

    @Test
    void rejectsAMalformedDateNamingTheLine() {
        String bad = CSV.replace("2026-12-01T09:30:00+00:00", "yesterday");
        assertThatThrownBy(() -> CredentialReport.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3").hasMessageContaining("yesterday");
    }
}
