package dev.trailstream.iam;

import org.apache.kafka.streams.state.HostInfo;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Which instance of the application runs the access review, decided alike on every instance from what each sees of
 * the group (Kafka Streams' metadata: the {@code application.server} of each member): the one with the smallest
 * address, host then port. No coordination beyond that: while a rebalance spreads new metadata two instances may
 * briefly both believe they review, and their shared transactional id then fences the older one's producer.
 */
final class ReviewerElection {
    /** Host by string, then port: the same order on every instance. */
    static final Comparator<HostInfo> ORDER = Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port);

    /** What this instance does about the review. */
    enum Role {
        /** The only instance: it reviews from its own stores, which hold every partition. */
        ALONE,
        /** Elected among several: it reviews, reading the profiles from the changelog. */
        REVIEWER,
        /** Another instance reviews ({@link Outcome#reviewer()}). */
        OTHER,
        /** Several instances, but this one or another has no {@code application.server}: none can be elected. */
        NO_ADDRESS
    }

    /** @param reviewer the elected instance; empty when {@link Role#ALONE} or {@link Role#NO_ADDRESS} */
    record Outcome(Role role, Optional<HostInfo> reviewer) {
    }

    private ReviewerElection() {
    }

    /**
     * @param self    this instance's {@code application.server}, empty without HTTP
     * @param members every instance Kafka Streams knows of, this one included when it announces an address
     */
    static Outcome elect(Optional<HostInfo> self, Collection<HostInfo> members) {
        boolean alone = members.isEmpty() || members.size() == 1 && self.isPresent()
                && members.iterator().next().equals(self.get());
        if (alone) {
            return new Outcome(Role.ALONE, Optional.empty());
        }
        if (self.isEmpty() || members.stream().anyMatch(h -> h == null || h.port() < 0)) {
            return new Outcome(Role.NO_ADDRESS, Optional.empty());
        }
        HostInfo smallest = members.stream().filter(Objects::nonNull).min(ORDER).orElseThrow();
        // This instance may be missing from the metadata (no task assigned yet): then it is not the reviewer.
        return smallest.equals(self.get()) ? new Outcome(Role.REVIEWER, Optional.of(smallest))
                : new Outcome(Role.OTHER, Optional.of(smallest));
    }
}
