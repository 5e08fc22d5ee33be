package dev.trailstream.anomaly;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateBaselineTest {
    private static final long MINUTE_0 = RateBaseline.minuteOf(java.time.Instant.parse("2024-08-01T00:00:00Z")
            .toEpochMilli());
    private static final RateSpikeSettings DEFAULTS = RateSpikeSettings.defaults();

    @Test
    void binsCountsExactlyUpToFifteenAndLogarithmicallyAbove() {
        for (int c = 0; c <= 15; c++) {
            assertThat(RateHistogram.bin(c)).isEqualTo(c);
            assertThat(RateHistogram.representative(c)).isEqualTo(c);
        }
        assertThat(RateHistogram.bin(16)).isEqualTo(RateHistogram.bin(19)).isEqualTo(16);
        assertThat(RateHistogram.bin(20)).isEqualTo(17);
        assertThat(RateHistogram.bin(131_072)).isEqualTo(RateHistogram.bin(Integer.MAX_VALUE))
                .isEqualTo(RateHistogram.BINS - 1);
        for (int b = 16; b < RateHistogram.BINS - 2; b++) {   // the open last bin stands at its lower bound
            double low = RateHistogram.representative(b);
            double high = RateHistogram.representative(b + 1);
            assertThat(high / low).as("bin %d", b).isBetween(1.1, 1.4);
        }
    }

    @Test
    void readsTheMedianAndUpperSpreadOfItsMinutes() {
        RateHistogram h = RateHistogram.EMPTY;
        for (int i = 1; i <= 10; i++) {
            h = h.plus(i, 1000);   // 1..10 once each
        }
        assertThat(h.total()).isEqualTo(10);
        assertThat(h.median()).isEqualTo(5);
        assertThat(h.quantile(0.9)).isEqualTo(9);
        assertThat(h.spread()).isEqualTo(4);
        assertThat(RateHistogram.EMPTY.median()).isZero();
    }

    @Test
    void foldsAClosedMinuteWhenALaterMinuteStartsAndSkipsIdleMinutes() {
        RateBaseline b = RateBaseline.first(MINUTE_0, false, true);
        b = b.plus(MINUTE_0, true, false, DEFAULTS).plus(MINUTE_0, false, false, DEFAULTS);
        assertThat(b.calls()).isEqualTo(3);
        assertThat(b.errors()).isEqualTo(1);
        assertThat(b.writes()).isEqualTo(1);
        assertThat(b.callsPerMinute().total()).isZero();

        b = b.plus(MINUTE_0 + 10, false, false, DEFAULTS);
        assertThat(b.minute()).isEqualTo(MINUTE_0 + 10);
        assertThat(b.calls()).isEqualTo(1);
        assertThat(b.callsPerMinute().total()).as("the nine idle minutes are not counted").isEqualTo(1);
        assertThat(b.callsPerMinute().minutesAt(3)).isEqualTo(1);
        assertThat(b.errorsPerMinute().minutesAt(1)).isEqualTo(1);
        assertThatThrownBy(() -> RateBaseline.first(MINUTE_0 + 5, false, false)
                .plus(MINUTE_0, false, false, DEFAULTS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forgetsOldMinutesByHalvingOnceTheCapIsPassed() {
        RateHistogram h = RateHistogram.EMPTY;
        int cap = 200;
        for (int i = 0; i < 150; i++) {
            h = h.plus(5, cap);
        }
        assertThat(h.median()).isEqualTo(5);
        for (int i = 0; i < 400; i++) {
            h = h.plus(50, cap);
            assertThat(h.total()).isLessThanOrEqualTo(cap);
        }
        assertThat(h.median()).as("the new rate has taken over").isBetween(45.0, 55.0);
        assertThat(h.minutesAt(5)).as("150 old minutes, halved at least twice").isLessThanOrEqualTo(150 / 4);
        for (int i = 0; i < 2000; i++) {
            h = h.plus(50, cap);
        }
        assertThat(h.minutesAt(5)).as("forgotten").isZero();
        assertThat(h.total()).isBetween(cap / 2, cap);
    }

    @Test
    void judgesOnlyWithEnoughActiveMinutesAndHistory() {
        RateSpikeSettings settings = DEFAULTS.withHistory(60, Duration.ofDays(1));
        RateBaseline b = RateBaseline.first(MINUTE_0, false, false);
        for (int m = 1; m <= 60; m++) {
            b = b.plus(MINUTE_0 + m, false, false, settings);
        }
        assertThat(b.callsPerMinute().total()).isEqualTo(60);
        assertThat(b.judges(settings)).as("60 minutes, but only an hour old").isFalse();
        b = b.plus(MINUTE_0 + 1440, false, false, settings);
        assertThat(b.judges(settings)).isTrue();
        RateBaseline sparse = RateBaseline.first(MINUTE_0, false, false).plus(MINUTE_0 + 2880, false, false,
                settings);
        assertThat(sparse.judges(settings)).as("two days old, but one active minute").isFalse();
    }

    @Test
    void endsASpikeAtTheFirstQuietOrIdleMinute() {
        RateBaseline b = steady(120, 2).withCallSpike(40);
        long m = b.minute();
        for (int i = 1; i < 50; i++) {
            b = b.plus(m, false, false, DEFAULTS);
        }
        RateBaseline next = b.plus(m + 1, false, false, DEFAULTS);
        assertThat(next.callSpike()).as("50 calls is still above the threshold of 30").isEqualTo(40);
        assertThat(b.plus(m + 2, false, false, DEFAULTS).callSpike()).as("an idle minute between").isZero();
        assertThat(next.plus(m + 2, false, false, DEFAULTS).callSpike()).as("one call is back to normal").isZero();
    }

    @Test
    void roundTripsThroughItsCodec() {
        Random random = new Random(7);
        RateBaseline b = RateBaseline.first(MINUTE_0, false, false);
        for (int m = 1; m < 3000; m++) {
            int calls = 1 + random.nextInt(random.nextInt(10) == 0 ? 2000 : 20);
            for (int i = 0; i < calls; i++) {
                b = b.plus(MINUTE_0 + m, random.nextInt(10) == 0, random.nextBoolean(), DEFAULTS);
            }
        }
        b = b.withCallSpike(77).withErrorSpike(9);
        byte[] bytes = RateBaselineCodec.encode(b);
        assertThat(RateBaselineCodec.decode(bytes)).isEqualTo(b);
        assertThat(RateBaselineCodec.serde().deserializer().deserialize("t",
                RateBaselineCodec.serde().serializer().serialize("t", b))).isEqualTo(b);
        assertThat(bytes.length).as("a wide, busy baseline").isLessThan(120);
        assertThat(RateBaselineCodec.encode(steady(1000, 3)).length).as("a steady principal").isLessThan(40);
    }

    @Test
    void staysUnderItsSizeBoundWithEveryBinFull() {
        int[] full = new int[RateHistogram.BINS];
        Arrays.fill(full, RateSpikeSettings.MAX_BASELINE_CAP);
        RateBaseline worst = new RateBaseline(Long.MAX_VALUE / 2 >> 20, Long.MAX_VALUE / 2 >> 20,
                Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                RateHistogram.of(full), RateHistogram.of(full));
        byte[] bytes = RateBaselineCodec.encode(worst);
        assertThat(RateBaselineCodec.decode(bytes)).isEqualTo(worst);
        assertThat(RateBaselineCodec.MAX_BYTES).isLessThanOrEqualTo(320);
        // Epoch minutes this far out take more than the 5 bytes budgeted until the year 4000; all else is worst case.
        assertThat(bytes.length).isLessThanOrEqualTo(RateBaselineCodec.MAX_BYTES + 8);
        RateBaseline realistic = new RateBaseline(MINUTE_0, MINUTE_0 + 100_000, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, RateHistogram.of(full), RateHistogram.of(full));
        assertThat(RateBaselineCodec.encode(realistic).length).isLessThanOrEqualTo(RateBaselineCodec.MAX_BYTES);
    }

    @Test
    void refusesAnUnknownVersionOrATruncatedValue() {
        byte[] bytes = RateBaselineCodec.encode(steady(100, 4));
        byte[] future = bytes.clone();
        future[0] = 2;
        assertThatThrownBy(() -> RateBaselineCodec.decode(future)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> RateBaselineCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void validatesItsSettings() {
        assertThatThrownBy(() -> DEFAULTS.withFloors(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withBaselineCap(100)).hasMessageContaining("baselineCap");
        assertThatThrownBy(() -> DEFAULTS.withBaselineCap(RateSpikeSettings.MAX_BASELINE_CAP + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withHistory(60, Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateSpikeSettings(30, 5, Double.NaN, 60, Duration.ZERO, 10_080))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AnomalySettings.defaults().rateSpikes()).isEqualTo(DEFAULTS);
        assertThat(AnomalySettings.defaults().withRateSpikes(DEFAULTS.withFloors(10, 3)).rateSpikes().callFloor())
                .isEqualTo(10);
    }

    /** A principal making {@code perMinute} calls in each of {@code minutes} consecutive minutes. */
    private static RateBaseline steady(int minutes, int perMinute) {
        RateBaseline b = RateBaseline.first(MINUTE_0, false, false);
        for (int m = 0; m < minutes; m++) {
            for (int i = m == 0 ? 1 : 0; i < perMinute; i++) {
                b = b.plus(MINUTE_0 + m, false, false, DEFAULTS);
            }
        }
        return b;
    }
}
