package dev.trailstream.http;

import dev.trailstream.profile.Activity;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.topology.Stores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The profile stores of this instance's active tasks, queried in place (interactive queries). A store that is being
 * restored or has just moved away answers 503: the caller retries once the rebalance has settled.
 */
final class LocalProfiles {
    private final KafkaStreams streams;

    LocalProfiles(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The profile of {@code id}, from the store of the partition that holds it. */
    Optional<PrincipalProfile> profile(String id, int partition) {
        return query(() -> Optional.ofNullable(this.<PrincipalProfile>profiles(partition).get(id)));
    }

    /** The windows of {@code id} overlapping the range, oldest first. */
    List<ActivityWindow> activity(String id, int partition, ActivityQuery.Window window, ActivityQuery.Range range) {
        return query(() -> {
            ReadOnlyWindowStore<String, Activity> store = streams.store(StoreQueryParameters.fromNameAndType(
                    window.store, QueryableStoreTypes.<String, Activity>windowStore()).withPartition(partition));
            long size = window.size.toMillis();
            // fetch() takes window starts (both ends inclusive): a window overlaps [from, to) when it starts after
            // from - size and before to.
            Instant first = Instant.ofEpochMilli(Math.max(0, range.from().toEpochMilli() - size + 1));
            Instant last = Instant.ofEpochMilli(range.to().toEpochMilli() - 1);
            List<ActivityWindow> windows = new ArrayList<>();
            try (WindowStoreIterator<Activity> it = store.fetch(id, first, last)) {
                while (it.hasNext()) {
                    KeyValue<Long, Activity> w = it.next();
                    windows.add(ActivityWindow.of(w.key, window.size, w.value));
                }
            }
            return windows;
        });
    }

    /**
     * This instance's part of a list: its profiles are streamed from the stores one at a time, and only the
     * {@link ListQuery#wanted()} best candidates are kept.
     */
    PrincipalPage.LocalPart list(ListQuery query) {
        return query(() -> {
            TopK<PrincipalSummary> top = new TopK<>(query.wanted(), query.sort().order());
            long total = 0;
            try (KeyValueIterator<String, PrincipalProfile> all = this.<PrincipalProfile>profiles(-1).all()) {
                while (all.hasNext()) {
                    KeyValue<String, PrincipalProfile> kv = all.next();
                    PrincipalSummary s = PrincipalSummary.of(kv.key, kv.value);
                    if (query.matches(s)) {
                        total++;
                        if (query.wants(s)) {
                            top.offer(s);
                        }
                    }
                }
            }
            return new PrincipalPage.LocalPart(top.sorted(), total);
        });
    }

    /** @param partition -1 for every partition this instance hosts */
    private <V> ReadOnlyKeyValueStore<String, V> profiles(int partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params = StoreQueryParameters.fromNameAndType(
                Stores.PRINCIPAL_PROFILES, QueryableStoreTypes.keyValueStore());
        return streams.store(partition < 0 ? params : params.withPartition(partition));
    }

    private static <T> T query(Supplier<T> query) {
        try {
            return query.get();
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable("the profile stores are not queryable now (rebalancing or restoring): "
                    + "retry shortly");
        }
    }
}
