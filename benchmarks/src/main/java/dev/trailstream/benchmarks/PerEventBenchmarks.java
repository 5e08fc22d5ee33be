package dev.trailstream.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.detect.RootAccountUsage;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.event.CloudTrailEventParser;
import dev.trailstream.event.ParseResult;
import dev.trailstream.ingest.CloudTrailRecordReader;
import dev.trailstream.ingest.ReadResult;
import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.Principals;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.profile.ProfileLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The per-event steps of the pipeline, each on a realistic mix of simulated events. Every benchmark handles one
 * event per invocation (cycling through the sample), so the scores read as microseconds per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PerEventBenchmarks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RootAccountUsage ROOT_RULE = new RootAccountUsage();

    private SampleEvents sample;
    private List<String> actions;
    private Map<String, PrincipalProfile> profiles;
    private ProfileLimits limits;
    private int next;
    private int nextFile;

    @Setup
    public void setUp() {
        sample = SampleEvents.simulate();
        actions = sample.parsed.stream().map(e -> serviceOf(e.eventSource()) + ":" + e.eventName()).toList();
        profiles = new HashMap<>();
        limits = ProfileLimits.defaults();
        // Profiles as they stand after the day, so each update works on a realistically full profile.
        for (CloudTrailEvent event : sample.parsed) {
            profiles.merge(event.principal().id(), PrincipalProfile.empty().add(event, limits),
                    (old, ignored) -> old.add(event, limits));
        }
        ActionCatalogue.get();
    }

    private static String serviceOf(String eventSource) {
        return ActionCatalogue.get().serviceForEventSource(eventSource);
    }

    private int nextIndex(int size) {
        int i = next++;
        if (next >= size) {
            next = 0;
        }
        return i;
    }

    /** The topology's first step: raw bytes → typed event (JSON tree, principal, required fields). */
    @Benchmark
    public ParseResult parseEvent() {
        return CloudTrailEventParser.parse(sample.raw.get(nextIndex(sample.raw.size())));
    }

    /** What the connector does per record to key it: a JSON tree, then the principal. */
    @Benchmark
    public Object keyByPrincipal() throws IOException {
        JsonNode tree = JSON.readTree(sample.raw.get(nextIndex(sample.raw.size())));
        return Principals.resolve(tree);
    }

    /** The per-event profile update (bounded maps of actions, IPs, regions, accounts). */
    @Benchmark
    public PrincipalProfile updateProfile() {
        CloudTrailEvent event = sample.parsed.get(nextIndex(sample.parsed.size()));
        return profiles.get(event.principal().id()).add(event, limits);
    }

    /** The per-event detector step of the one rule there is so far. */
    @Benchmark
    public boolean matchRootUsageRule() {
        return ROOT_RULE.matches(sample.parsed.get(nextIndex(sample.parsed.size())));
    }

    /** Looking an event's action up in the IAM catalogue (22k actions). */
    @Benchmark
    public Object findActionInCatalogue() {
        return ActionCatalogue.get().find(actions.get(nextIndex(actions.size())));
    }

    /** The connector's reader over one whole gzipped log file (per file, not per event). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void readOneLogFile(Blackhole hole) {
        byte[] file = sample.gzipFiles.get(nextFile++ % sample.gzipFiles.size());
        try (CloudTrailRecordReader reader = new CloudTrailRecordReader(() -> new ByteArrayInputStream(file),
                Integer.MAX_VALUE)) {
            Optional<ReadResult> record;
            while ((record = reader.next()).isPresent()) {
                hole.consume(record.get());
            }
        }
    }
}
