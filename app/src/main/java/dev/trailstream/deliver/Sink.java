package dev.trailstream.deliver;

import java.io.IOException;
import java.util.List;

/** One endpoint findings are delivered to, a batch at a time; retries, spooling and offsets are the runner's. */
interface Sink extends AutoCloseable {
    /**
     * One delivery attempt of a batch of findings (OCSF JSON, one record each).
     *
     * @return what was delivered, what to retry and what the endpoint refused for good
     * @throws IOException the whole batch should be retried (endpoint down, unreachable, busy)
     */
    Sent send(List<byte[]> findings) throws IOException, InterruptedException;

    /** Whether batches that cannot be delivered go to a spool (network sinks) or wait in Kafka (the file sink). */
    boolean spools();

    @Override
    void close() throws IOException;

    /**
     * The outcome of an attempt that reached the endpoint.
     *
     * @param delivered findings the endpoint accepted
     * @param retry     findings to send again (Elasticsearch items refused with 429 or 5xx)
     * @param rejected  findings refused for good (bad data), reported and counted, never retried
     */
    record Sent(int delivered, List<byte[]> retry, int rejected) {
        static Sent all(int n) {
            return new Sent(n, List.of(), 0);
        }
    }
}
