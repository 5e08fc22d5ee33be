package dev.trailstream.runtime;

import dev.trailstream.profile.PrincipalProfile;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoreGaugesTest {

    @Test
    void keepsOnlyTheBusiestPrincipalsBusiestFirstWithTiesByName() {
        List<KeyValue<String, PrincipalProfile>> profiles = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            profiles.add(KeyValue.pair("p" + i, profile("p" + i, i % 100)));
        }
        Iterating all = new Iterating(profiles.iterator());

        List<PrincipalProfile> top = StoreGauges.busiest(all, 3);

        // 99 events: p99, p199, ..., p999; by id, "p199" < "p299" < ... < "p99".
        assertThat(top).extracting(PrincipalProfile::principalId).containsExactly("p199", "p299", "p399");
        assertThat(all.closed).isTrue();
    }

    @Test
    void returnsFewerWhenThereAreFewerPrincipals() {
        List<PrincipalProfile> top = StoreGauges.busiest(new Iterating(List.of(
                KeyValue.pair("a", profile("a", 1)), KeyValue.pair("b", profile("b", 5))).iterator()), 10);

        assertThat(top).extracting(PrincipalProfile::principalId).containsExactly("b", "a");
    }

    private static PrincipalProfile profile(String id, long events) {
        return new PrincipalProfile(id, null, null, null, null, events, 0, 0, 0, null, null, null, null, 0,
                null, null, null, null, null, null, null);
    }

    private static final class Iterating implements KeyValueIterator<String, PrincipalProfile> {
        private final Iterator<KeyValue<String, PrincipalProfile>> it;
        boolean closed;

        Iterating(Iterator<KeyValue<String, PrincipalProfile>> it) {
            this.it = it;
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public KeyValue<String, PrincipalProfile> next() {
            return it.next();
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String peekNextKey() {
            throw new UnsupportedOperationException();
        }
    }
}
