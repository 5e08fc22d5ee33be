package dev.trailstream.profile;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.event.CloudTrailEventSerde;
import dev.trailstream.topology.Json;
import dev.trailstream.topology.Stores;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One behaviour profile per principal, kept as queryable state.
 *
 * <ul>
 *   <li>in: {@code KStream<String principalId, CloudTrailEvent>} (unique events, timestamps = event time)</li>
 *   <li>state: {@value Stores#PRINCIPAL_PROFILES}: {@code KeyValueStore<String principalId, PrincipalProfile>},
 *       value JSON; read it with interactive queries ({@code QueryableStoreTypes.keyValueStore()})</li>
 *   <li>out: no topic yet; the returned table is for later sub-topologies</li>
 * </ul>
 */
public final class PrincipalProfiles {

    private PrincipalProfiles() {
    }

    public static KTable<String, PrincipalProfile> attach(KStream<String, CloudTrailEvent> unique,
                                                          TopologyConfig config) {
        ProfileLimits limits = config.profileLimits();
        // The stream is already keyed (and partitioned) by principal id, so grouping by key needs no repartition.
        return unique
                .groupByKey(Grouped.<String, CloudTrailEvent>as("events-by-principal")
                        .withKeySerde(Serdes.String()).withValueSerde(new CloudTrailEventSerde()))
                .aggregate(PrincipalProfile::empty,
                        (principalId, event, profile) -> profile.add(event, limits),
                        Named.as("aggregate-principal-profiles"),
                        Materialized.<String, PrincipalProfile, KeyValueStore<Bytes, byte[]>>as(
                                        Stores.PRINCIPAL_PROFILES)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(Json.serde(PrincipalProfile.class)));
    }
}
