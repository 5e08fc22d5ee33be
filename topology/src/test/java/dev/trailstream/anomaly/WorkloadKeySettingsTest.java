package dev.trailstream.anomaly;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadKeySettingsTest {

    @Test
    void defaultsToTwentyHoursOrFiveAddressesADay() {
        WorkloadKeySettings defaults = AnomalySettings.defaults().workloadKeys();

        assertThat(defaults.minHours()).isEqualTo(20);
        assertThat(defaults.minSourceIps()).isEqualTo(5);
        assertThat(AnomalySettings.defaults().withLearningPeriod(java.time.Duration.ofDays(1)).workloadKeys())
                .as("kept by the other with... methods").isEqualTo(defaults);
    }

    @Test
    void refusesThresholdsThatCannotBeReachedOrAlwaysAre() {
        assertThatThrownBy(() -> new WorkloadKeySettings(25, 5)).hasMessageContaining("minHours");
        assertThatThrownBy(() -> new WorkloadKeySettings(0, 5)).hasMessageContaining("minHours");
        assertThatThrownBy(() -> new WorkloadKeySettings(20, 1)).hasMessageContaining("minSourceIps");
        assertThatThrownBy(() -> new WorkloadKeySettings(20, WorkloadKeySettings.MAX_SOURCE_IPS + 1))
                .hasMessageContaining("minSourceIps");
        assertThatThrownBy(() -> AnomalySettings.defaults().withWorkloadKeys(null))
                .isInstanceOf(NullPointerException.class);
    }
}
