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

        RateHistogram moved = h.moved(3, 40, 1000);
        assertThat(moved.total()).isEqualTo(10);
        assertThat(moved.minutesAt(3)).isZero();
        assertThat(moved.minutesAt(40)).isEqualTo(1);
        assertThat(h.moved(40, 41, 1000)).as("one bin").isSameAs(h);
        assertThat(h.without(5).total()).isEqualTo(9);
        assertThat(h.without(5).median()).as("the 5th of 1-4, 6-10").isEqualTo(6);
        assertThat(h.without(12)).as("no such minute").isSameAs(h);
    }

    @Test
    void movesAMinuteUpABinAsItsCountGrowsAndSkipsIdleMinutes() {
        RateBaseline b = RateBaseline.starting(MINUTE_0);
        MinuteCounts m = MinuteCounts.NONE;
        for (int i = 0; i < 3; i++) {
            MinuteCounts next = m.plus(i == 1, i == 0);
            b = b.counted(MINUTE_0, m, next, 1000);
            m = next;
        }
        assertThat(m).isEqualTo(new MinuteCounts(3, 1, 1, 0, 0));
        assertThat(b.callsPerMinute().total()).as("one active minute").isEqualTo(1);
        assertThat(b.callsPerMinute().minutesAt(3)).isEqualTo(1);
        assertThat(b.errorsPerMinute().minutesAt(1)).isEqualTo(1);

        RateBaseline later = b.counted(MINUTE_0 + 10, MinuteCounts.NONE, MinuteCounts.NONE.plus(false, false), 1000);
        assertThat(later.callsPerMinute().total()).as("the nine idle minutes are not counted").isEqualTo(2);
        assertThat(later.errorsPerMinute().minutesAt(0)).isEqualTo(1);
        RateBaseline earlier = later.counted(MINUTE_0 - 5, MinuteCounts.NONE, MinuteCounts.NONE.plus(true, false),
                1000);
        assertThat(earlier.firstMinute()).as("a late call of an earlier minute").isEqualTo(MINUTE_0 - 5);
        MinuteCounts twenty = new MinuteCounts(20, 0, 0, 0, 0);
        RateBaseline busy = later.counted(MINUTE_0 + 10, MinuteCounts.NONE.plus(false, false), twenty, 1000);
        assertThat(busy.counted(MINUTE_0 + 10, twenty, twenty.plus(false, false), 1000))
                .as("21 calls are in the bin of 20: nothing to write").isSameAs(busy);
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
    void judgesOnlyWithEnoughActiveMinutesBesidesItsOwnAndHistory() {
        RateSpikeSettings settings = DEFAULTS.withHistory(60, Duration.ofDays(1));
        RateBaseline b = steady(61, 1);
        assertThat(b.callsPerMinute().total()).isEqualTo(61);
        assertThat(b.judges(MINUTE_0 + 60, settings)).as("60 other minutes, but only an hour old").isFalse();
        assertThat(b.judges(MINUTE_0 + 1440, settings)).isTrue();
        assertThat(steady(60, 1).judges(MINUTE_0 + 1440, settings)).as("59 other minutes").isFalse();
    }

    @Test
    void roundTripsThroughItsCodec() {
        Random random = new Random(7);
        RateBaseline b = RateBaseline.starting(MINUTE_0);
        for (int m = 0; m < 3000; m++) {
            int calls = 1 + random.nextInt(random.nextInt(10) == 0 ? 2000 : 20);
            b = b.counted(MINUTE_0 + m, MinuteCounts.NONE, new MinuteCounts(calls, random.nextInt(calls + 1), 0, 0, 0),
                    DEFAULTS.baselineCap());
        }
        byte[] bytes = RateBaselineCodec.encode(b);
        assertThat(RateBaselineCodec.decode(bytes)).isEqualTo(b);
        assertThat(RateBaselineCodec.serde().deserializer().deserialize("t",
                RateBaselineCodec.serde().serializer().serialize("t", b))).isEqualTo(b);
        assertThat(bytes.length).as("a wide, busy baseline").isLessThan(160);
        assertThat(RateBaselineCodec.encode(steady(1000, 3)).length).as("a steady principal").isLessThan(24);

        MinuteCounts minute = new MinuteCounts(1234, 56, 789, 512, 32);
        byte[] minuteBytes = RateBaselineCodec.encodeMinute(minute);
        assertThat(RateBaselineCodec.decodeMinute(minuteBytes)).isEqualTo(minute);
        assertThat(minuteBytes.length).isLessThanOrEqualTo(10);
        assertThat(RateBaselineCodec.minuteSerde().serializer().serialize("t", MinuteCounts.NONE.plus(true, true)))
                .hasSize(6);
    }

    @Test
    void staysUnderItsSizeBoundWithEveryBinFull() {
        int[] full = new int[RateHistogram.BINS];
        Arrays.fill(full, RateSpikeSettings.MAX_BASELINE_CAP);
        RateBaseline worst = new RateBaseline(MINUTE_0 * 1000, MINUTE_0 * 1000 + 5_000_000, RateHistogram.of(full),
                RateHistogram.of(full));
        byte[] bytes = RateBaselineCodec.encode(worst);
        assertThat(RateBaselineCodec.decode(bytes)).isEqualTo(worst);
        assertThat(bytes.length).isLessThanOrEqualTo(RateBaselineCodec.MAX_BYTES);
        assertThat(RateBaselineCodec.MAX_BYTES).as("a few hundred bytes at most").isLessThanOrEqualTo(300);
    }

    @Test
    void refusesAnUnknownVersionOrATruncatedValue() {
        byte[] bytes = RateBaselineCodec.encode(steady(100, 4));
        byte[] future = bytes.clone();
        future[0] = 3;
        assertThatThrownBy(() -> RateBaselineCodec.decode(future)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 3");
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
        assertThatThrownBy(() -> new RateSpikeSettings(30, 5, Double.NaN, 60, Duration.ZERO, 10_080,
                Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withMinuteRetention(Duration.ofMinutes(5)))
                .hasMessageContaining("minuteRetention");
        assertThat(AnomalySettings.defaults().rateSpikes()).isEqualTo(DEFAULTS);
        assertThat(AnomalySettings.defaults().withRateSpikes(DEFAULTS.withFloors(10, 3)).rateSpikes().callFloor())
                .isEqualTo(10);
    }

    /** A principal making {@code perMinute} calls in each of {@code minutes} consecutive minutes. */
    private static RateBaseline steady(int minutes, int perMinute) {
        RateBaseline b = RateBaseline.starting(MINUTE_0);
        for (int m = 0; m < minutes; m++) {
            b = b.counted(MINUTE_0 + m, MinuteCounts.NONE, new MinuteCounts(perMinute, 0, 0, 0, 0),
                    DEFAULTS.baselineCap());
        }
        return b;
    }
}
