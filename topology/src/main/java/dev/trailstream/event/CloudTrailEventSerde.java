package dev.trailstream.event;

import dev.trailstream.topology.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A {@link CloudTrailEvent} as its original JSON: the only format that keeps everything a rule may need. Used only
 * where an event must cross a topic (the re-keying repartition), which is rare; parsing again there is cheaper than
 * inventing a second format.
 */
public final class CloudTrailEventSerde implements Serde<CloudTrailEvent> {

    @Override
    public Serializer<CloudTrailEvent> serializer() {
        return (topic, event) -> event == null ? null : Json.bytes(event.raw());
    }

    @Override
    public Deserializer<CloudTrailEvent> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            ParseResult result = CloudTrailEventParser.parse(data);
            if (result instanceof ParseResult.Parsed parsed) {
                return parsed.event();
            }
            // Only parsed events are ever written with this serde, so this is corruption, not a bad event.
            throw new SerializationException("not a CloudTrail event in " + topic + ": "
                    + ((ParseResult.Rejected) result).reason());
        };
    }
}
