package dev.trailstream.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --principal-retention}: the syntax of the findings file's windows, from a day to ten years. */
class PrincipalRetentionFlagTest {
    @Test
    void readsDaysHoursAndIsoDurations() {
        assertThat(RunCommand.parseRetention("400d")).isEqualTo(Duration.ofDays(400));
        assertThat(RunCommand.parseRetention(" 36h ")).isEqualTo(Duration.ofHours(36));
        assertThat(RunCommand.parseRetention("P400D")).isEqualTo(Duration.ofDays(400));
        assertThat(RunCommand.parseRetention("pt24h")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void refusesLessThanADayMoreThanTenYearsAndNonsense() {
        assertThat(RunCommand.parseRetention("23h")).isNull();
        assertThat(RunCommand.parseRetention("3651d")).isNull();
        assertThat(RunCommand.parseRetention("-P2D")).isNull();
        assertThat(RunCommand.parseRetention("1y")).isNull();
        assertThat(RunCommand.parseRetention("")).isNull();
    }
}
