package dev.trailstream.deliver;

import dev.trailstream.runtime.UsageException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a sink batches, retries, spools and rotates; set per sink by the options after {@code ?} in its spec, e.g.
 * {@code splunk:https://siem:8088?max-records=200&linger-ms=500}.
 *
 * @param maxRecords   most findings per batch (request)
 * @param maxBytes     most bytes of findings per batch
 * @param lingerMs     how long a batch waits for more findings before it goes out anyway
 * @param attempts     delivery attempts of a batch before it is spooled (file sink: before consumption pauses)
 * @param backoffMs    first retry delay; it doubles per failed attempt, with full jitter
 * @param maxBackoffMs the longest retry delay, also the spool's re-send period while the endpoint stays down
 * @param spoolBytes   the spool's size limit; when full the sink stops consuming, and Kafka holds the backlog
 * @param rotateBytes  file sink: a new file once the current one reaches this size (it also rotates at the UTC day)
 * @param keepFiles    file sink: rotated files kept, oldest deleted beyond; 0 = delete none
 */
public record SinkSettings(int maxRecords, long maxBytes, long lingerMs, int attempts, long backoffMs,
                           long maxBackoffMs, long spoolBytes, long rotateBytes, int keepFiles) {
    private static final long MIB = 1024 * 1024;

    public static SinkSettings defaults() {
        return new SinkSettings(500, 4 * MIB, 1_000, 5, 250, 30_000, 1024 * MIB, 100 * MIB, 0);
    }

    /** The defaults overridden by {@code options} (name to value); an unknown name or a bad value is a usage error. */
    static SinkSettings of(Map<String, String> options, String spec) {
        Map<String, String> left = new LinkedHashMap<>(options);
        SinkSettings d = defaults();
        SinkSettings s = new SinkSettings(
                (int) number(left, "max-records", d.maxRecords(), 1, 100_000, spec),
                number(left, "max-bytes", d.maxBytes(), 1024, 1024 * MIB, spec),
                number(left, "linger-ms", d.lingerMs(), 0, 600_000, spec),
                (int) number(left, "attempts", d.attempts(), 1, 1000, spec),
                number(left, "backoff-ms", d.backoffMs(), 1, 600_000, spec),
                number(left, "max-backoff-ms", d.maxBackoffMs(), 1, 3_600_000, spec),
                number(left, "spool-mb", d.spoolBytes() / MIB, 1, 1024 * 1024, spec) * MIB,
                number(left, "rotate-mb", d.rotateBytes() / MIB, 1, 1024 * 1024, spec) * MIB,
                (int) number(left, "keep", d.keepFiles(), 0, 1_000_000, spec));
        if (!left.isEmpty()) {
            throw new UsageException("--sink " + spec + ": unknown option '" + left.keySet().iterator().next()
                    + "'; the options are max-records, max-bytes, linger-ms, attempts, backoff-ms, max-backoff-ms,"
                    + " spool-mb, rotate-mb, keep");
        }
        return s;
    }

    /** As {@link #of(Map, String)} with a rotation size in bytes, for tests that rotate after a few lines. */
    public SinkSettings withRotateBytes(long bytes) {
        return new SinkSettings(maxRecords, maxBytes, lingerMs, attempts, backoffMs, maxBackoffMs, spoolBytes, bytes,
                keepFiles);
    }

    private static long number(Map<String, String> options, String name, long fallback, long min, long max,
                               String spec) {
        String value = options.remove(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the range
        }
        throw new UsageException("--sink " + spec + ": option " + name + "=" + value + " must be a whole number from "
                + min + " to " + max);
    }
}
