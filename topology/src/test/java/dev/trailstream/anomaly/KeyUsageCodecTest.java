package dev.trailstream.anomaly;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyUsageCodecTest {
    private static final KeyUsage USAGE = new KeyUsage(List.of(
            new KeyUsage.KeyDay("AKIAIOSFODNN7EXAMPLE", 19_935, 0xFFFFF0, List.of("198.51.100.7", "2001:db8::1"),
                    WorkloadKeys.AROUND_THE_CLOCK),
            new KeyUsage.KeyDay("AKIAI44QH8DHBEXAMPLE", 19_936, 1, List.of(), 0)));

    @Test
    void readsBackWhatItWrote() {
        byte[] bytes = KeyUsageCodec.write(USAGE);

        assertThat(KeyUsageCodec.read(bytes)).isEqualTo(USAGE);
        assertThat(bytes[0]).as("format version first").isEqualTo((byte) 1);
        assertThat(bytes.length).as("two key-days in about a hundred bytes").isLessThan(120);
    }

    @Test
    void refusesAnUnknownFormatVersion() {
        byte[] bytes = KeyUsageCodec.write(USAGE);
        bytes[0] = 9;

        assertThatThrownBy(() -> KeyUsageCodec.read(bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void refusesATruncatedValue() {
        byte[] bytes = KeyUsageCodec.write(USAGE);
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> KeyUsageCodec.read(cut)).isInstanceOf(SerializationException.class);
    }

    @Test
    void keepsOnlyTheNewestDayAndTheOneBefore() {
        KeyUsage usage = KeyUsage.EMPTY
                .with(KeyUsage.KeyDay.start("AKIAOLD", 10).withCall(3, "198.51.100.7", 6))
                .with(KeyUsage.KeyDay.start("AKIAOLD", 11).withCall(4, null, 6))
                .with(KeyUsage.KeyDay.start("AKIANEW", 12).withCall(5, null, 6));

        assertThat(usage.days()).extracting(KeyUsage.KeyDay::epochDay).containsExactly(11L, 12L);
        assertThat(usage.keeps(11)).isTrue();
        assertThat(usage.keeps(10)).isFalse();
        assertThat(usage.day("AKIAOLD", 11).hours()).isEqualTo(1 << 4);
    }
}
