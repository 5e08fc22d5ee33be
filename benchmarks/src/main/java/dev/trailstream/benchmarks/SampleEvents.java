package dev.trailstream.benchmarks;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.event.CloudTrailEventParser;
import dev.trailstream.event.ParseResult;
import dev.trailstream.ingest.CloudTrailRecordReader;
import dev.trailstream.ingest.LocalFolderLister;
import dev.trailstream.ingest.ReadResult;
import dev.trailstream.ingest.SourceObject;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** A realistic mix of events for the benchmarks: one simulated day of a small organisation, attacks included. */
final class SampleEvents {
    final List<byte[]> raw = new ArrayList<>();
    final List<CloudTrailEvent> parsed = new ArrayList<>();
    final List<byte[]> gzipFiles = new ArrayList<>();

    private SampleEvents() {
    }

    static SampleEvents simulate() {
        try {
            Path dir = Files.createTempDirectory("trailstream-jmh");
            Simulator.run(new SimulationSpec(2, 30, 2, 20_000, SimulationSpec.defaults().start(), 11,
                    SimulationSpec.defaults().attacks()), dir);
            SampleEvents sample = new SampleEvents();
            LocalFolderLister lister = new LocalFolderLister(dir.resolve("AWSLogs"));
            Iterator<SourceObject> objects = lister.listAfter(Optional.empty());
            while (objects.hasNext()) {
                SourceObject object = objects.next();
                if (!object.kind().isRead()) {
                    continue;
                }
                try (var in = lister.open(object.key())) {
                    sample.gzipFiles.add(in.readAllBytes());
                }
                try (CloudTrailRecordReader reader = new CloudTrailRecordReader(() -> lister.open(object.key()),
                        Integer.MAX_VALUE)) {
                    Optional<ReadResult> next;
                    while ((next = reader.next()).isPresent()) {
                        if (next.get() instanceof ReadResult.Event event) {
                            sample.raw.add(event.bytes());
                            if (CloudTrailEventParser.parse(event.bytes()) instanceof ParseResult.Parsed ok) {
                                sample.parsed.add(ok.event());
                            }
                        }
                    }
                }
            }
            return sample;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
