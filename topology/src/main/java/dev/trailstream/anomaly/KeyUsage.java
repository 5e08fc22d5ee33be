package dev.trailstream.anomaly;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How one IAM user's long-term access keys were used, per key and UTC day of event time: the value of the
 * {@value WorkloadKeys#STORE} store. Only the newest day and the one before are kept (CloudTrail delivers a few
 * minutes late, so calls from just before midnight still arrive after the next day began), and at most
 * {@link #MAX_DAYS} key-days in all: a user has at most two keys at a time, so that leaves room for rotations.
 *
 * @param days the key-days kept, oldest day first
 */
public record KeyUsage(List<KeyDay> days) {
    static final int MAX_DAYS = 8;
    static final KeyUsage EMPTY = new KeyUsage(List.of());

    public KeyUsage {
        days = List.copyOf(Objects.requireNonNullElse(days, List.of()));
    }

    /**
     * One access key on one UTC day.
     *
     * @param accessKeyId the key, e.g. {@code AKIAIOSFODNN7EXAMPLE}
     * @param epochDay    the UTC day, days since 1970-01-01
     * @param hours       a bit per UTC hour of the day with at least one call (bit 0: 00:00 to 00:59)
     * @param sourceIps   the distinct source addresses, in order of first use, up to the store's cap
     * @param signalled   the reasons already signalled this day ({@link WorkloadKeys#AROUND_THE_CLOCK},
     *                    {@link WorkloadKeys#MANY_SOURCE_IPS}), so each is signalled once
     */
    public record KeyDay(String accessKeyId, long epochDay, int hours, List<String> sourceIps, int signalled) {
        public KeyDay {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            sourceIps = List.copyOf(Objects.requireNonNullElse(sourceIps, List.of()));
        }

        static KeyDay start(String accessKeyId, long epochDay) {
            return new KeyDay(accessKeyId, epochDay, 0, List.of(), 0);
        }

        /** This day with one more call in {@code hour} from {@code sourceIp} (null: not an address). */
        KeyDay withCall(int hour, String sourceIp, int maxSourceIps) {
            List<String> ips = sourceIps;
            if (sourceIp != null && ips.size() < maxSourceIps && !ips.contains(sourceIp)) {
                ips = new ArrayList<>(ips);
                ips.add(sourceIp);
            }
            return new KeyDay(accessKeyId, epochDay, hours | (1 << hour), ips, signalled);
        }

        KeyDay withSignalled(int reasons) {
            return new KeyDay(accessKeyId, epochDay, hours, sourceIps, signalled | reasons);
        }

        int hoursActive() {
            return Integer.bitCount(hours);
        }
    }

    /** The entry of {@code accessKeyId} on {@code epochDay}; null if none. */
    KeyDay day(String accessKeyId, long epochDay) {
        for (KeyDay day : days) {
            if (day.epochDay() == epochDay && day.accessKeyId().equals(accessKeyId)) {
                return day;
            }
        }
        return null;
    }

    /** False for a day before the day before the newest kept: its entry is gone, so a late call cannot count. */
    boolean keeps(long epochDay) {
        return days.isEmpty() || epochDay >= newestDay() - 1;
    }

    /** These days with {@code day} put in place of its key's entry for that day; older days dropped as above. */
    KeyUsage with(KeyDay day) {
        List<KeyDay> next = new ArrayList<>(days.size() + 1);
        for (KeyDay d : days) {
            if (d.epochDay() != day.epochDay() || !d.accessKeyId().equals(day.accessKeyId())) {
                next.add(d);
            }
        }
        next.add(day);
        long newest = next.stream().mapToLong(KeyDay::epochDay).max().orElseThrow();
        next.removeIf(d -> d.epochDay() < newest - 1);
        next.sort(Comparator.comparingLong(KeyDay::epochDay));
        int excess = next.size() - MAX_DAYS;
        return new KeyUsage(excess > 0 ? next.subList(excess, next.size()) : next);
    }

    private long newestDay() {
        return days.stream().mapToLong(KeyDay::epochDay).max().orElse(Long.MIN_VALUE);
    }
}
