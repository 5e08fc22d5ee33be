package dev.trailstream.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Waits, for {@code run --once}, until every object present at start has been read by the connector and every
 * resulting event has gone through the topology with its findings committed.
 */
public final class Completion {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private Completion() {
    }

    /**
     * @param lastKeys the greatest object key of each listing prefix present at start (see
     *                 {@code ObjectLister#lastKeyPerPrefix}); empty if there is nothing to read
     * @param progress receives a line now and then, for a user watching a long run
     */
    public static void await(Pipeline pipeline, Collection<String> lastKeys, Consumer<String> progress)
            throws Exception {
        long nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
        if (pipeline.options().connect() && !lastKeys.isEmpty()) {
            Set<String> pending = new HashSet<>(lastKeys);
            try (IngestProgress ingest = new IngestProgress(pipeline.bootstrapServers(),
                    pipeline.topics().objects().name())) {
                while (!ingest.poll(pending, Duration.ofMillis(500))) {
                    pipeline.checkHealthy();
                    if (System.nanoTime() > nextReport) {
                        progress.accept("reading: " + ingest.objects() + " files, " + ingest.events() + " events so far");
                        nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
                    }
                }
            }
        }
        StreamsProgress streams = new StreamsProgress(pipeline.admin(), pipeline.bootstrapServers(),
                pipeline.options().applicationId(), pipeline.streamsSourceTopics());
        while (true) {
            pipeline.checkHealthy();
            if (pipeline.streamsRunning()) {
                long backlog;
                try {
                    backlog = streams.backlog();
                } catch (TimeoutException slow) {
                    // Offsets can take longer than a poll to answer while the group rebalances after a member was
                    // killed: that is no reason to end the run. Suspected cause of a restart failing with a bare
                    // TimeoutException (BrokerRestartRebalanceIT), not confirmed.
                    progress.accept("analysing: Kafka slow to report offsets, asking again");
                    Thread.sleep(1_000);
                    continue;
                }
                if (backlog == 0) {
                    return;
                }
                if (System.nanoTime() > nextReport) {
                    progress.accept("analysing: events still to process");
                    nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
                }
            }
            Thread.sleep(300);
        }
    }
}
