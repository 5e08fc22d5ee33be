package dev.trailstream.anomaly;

/**
 * One principal's calls in one minute of event time: the value of {@value RateSpikes#MINUTES_STORE}, in
 * {@link RateBaselineCodec}'s binary format.
 *
 * @param calls      calls
 * @param errors     failed calls ({@code errorCode} present)
 * @param writes     write, tagging and permissions-management calls
 * @param callLevel  the call count last signalled in the spike this minute is part of, 0 when it is in none: the
 *                   next signal needs twice as many in one minute. Carried over from the minute before while the
 *                   spike lasts, so a flood of many minutes at one rate is signalled in its first minute only
 * @param errorLevel the same for errors
 */
public record MinuteCounts(int calls, int errors, int writes, int callLevel, int errorLevel) {
    static final MinuteCounts NONE = new MinuteCounts(0, 0, 0, 0, 0);

    public MinuteCounts {
        if (calls < 0 || errors < 0 || writes < 0 || callLevel < 0 || errorLevel < 0) {
            throw new IllegalArgumentException("negative minute count");
        }
    }

    MinuteCounts plus(boolean error, boolean write) {
        return new MinuteCounts(calls + 1, errors + (error ? 1 : 0), writes + (write ? 1 : 0), callLevel, errorLevel);
    }

    MinuteCounts withCallLevel(int value) {
        return new MinuteCounts(calls, errors, writes, value, errorLevel);
    }

    MinuteCounts withErrorLevel(int value) {
        return new MinuteCounts(calls, errors, writes, callLevel, value);
    }
}
