package dev.trailstream.runtime;

import java.time.Duration;
import java.util.Optional;
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
     * @param lastKey  the greatest object key present at start, in the connector's listing order; empty if none
     * @param progress receives a line now and then, for a user watching a long run
     */
    public static void await(Pipeline pipeline, Optional<String> lastKey, Consumer<String> progress)
            throws Exception {
        long nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
        if (pipeline.options().connect() && lastKey.isPresent()) {
            try (IngestProgress ingest = new IngestProgress(pipeline.bootstrapServers(),
                    pipeline.topics().objects().name())) {
                while (!ingest.poll(lastKey.get(), Duration.ofMillis(500))) {
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
                long backlog = streams.backlog();
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
