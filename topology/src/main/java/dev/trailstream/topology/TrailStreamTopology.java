package dev.trailstream.topology;

import dev.trailstream.anomaly.AnomalyFindings;
import dev.trailstream.anomaly.AnomalySignal;
import dev.trailstream.detect.RuleDetections;
import dev.trailstream.detect.RuleMatch;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.event.Deduplicate;
import dev.trailstream.event.ParseEvents;
import dev.trailstream.profile.PrincipalProfiles;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The TrailStream Kafka Streams topology: raw CloudTrail events in, per-principal profiles (queryable state) and
 * OCSF findings out. See each sub-topology for its topics and formats.
 *
 * <p>Every record is re-stamped with its CloudTrail {@code eventTime} right after parsing, so windows, first/last
 * seen and punctuators run on event time: replaying a year of logs gives the same state as living through it.
 */
public final class TrailStreamTopology {
    private TrailStreamTopology() {
    }

    public static Topology build(TopologyConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        // Shared by the parser and the de-duplicator (both in the first sub-topology), so it is added once here.
        builder.addStateStore(PipelineStats.storeBuilder());

        KStream<String, CloudTrailEvent> events = ParseEvents.attach(builder, config);   // raw → typed; DLQ
        KStream<String, CloudTrailEvent> unique = Deduplicate.attach(events, config);    // redeliveries dropped
        KStream<String, AnomalySignal> firstTime = PrincipalProfiles.attach(unique, config); // principal-profiles
        KStream<String, RuleMatch> matches = RuleDetections.attach(unique, config);      // trailstream.findings
        AnomalyFindings.attach(unique, firstTime, matches, config);                      // trailstream.findings
        return builder.build();
    }
}
