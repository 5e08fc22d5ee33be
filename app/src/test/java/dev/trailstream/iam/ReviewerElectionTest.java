package dev.trailstream.iam;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewerElectionTest {
    private static final HostInfo A = new HostInfo("10.0.0.1", 8081);
    private static final HostInfo B = new HostInfo("10.0.0.1", 8080);
    private static final HostInfo C = new HostInfo("10.0.0.2", 80);

    @Test
    void electsTheInstanceWithTheSmallestAddress() {
        List<HostInfo> members = List.of(C, A, B);
        // Host first ("10.0.0.1" before "10.0.0.2" although C's port is smaller), then port.
        assertThat(ReviewerElection.elect(Optional.of(B), members))
                .isEqualTo(new ReviewerElection.Outcome(ReviewerElection.Role.REVIEWER, Optional.of(B)));
        assertThat(ReviewerElection.elect(Optional.of(A), members))
                .isEqualTo(new ReviewerElection.Outcome(ReviewerElection.Role.OTHER, Optional.of(B)));
        assertThat(ReviewerElection.elect(Optional.of(C), List.of(A, B, C)))
                .isEqualTo(new ReviewerElection.Outcome(ReviewerElection.Role.OTHER, Optional.of(B)));
        // Not yet in the metadata (no task yet): another reviews.
        assertThat(ReviewerElection.elect(Optional.of(C), List.of(A, B)).role())
                .isEqualTo(ReviewerElection.Role.OTHER);
    }

    @Test
    void reviewsAloneFromItsOwnStoresWhenNoOtherInstanceIsKnown() {
        assertThat(ReviewerElection.elect(Optional.of(A), List.of(A)).role()).isEqualTo(ReviewerElection.Role.ALONE);
        assertThat(ReviewerElection.elect(Optional.empty(), List.of()).role()).isEqualTo(ReviewerElection.Role.ALONE);
    }

    @Test
    void standsDownWithoutAnApplicationServer() {
        // This instance has no HTTP, and the metadata knows another: which holds what cannot be told.
        assertThat(ReviewerElection.elect(Optional.empty(), List.of(A)))
                .isEqualTo(new ReviewerElection.Outcome(ReviewerElection.Role.NO_ADDRESS, Optional.empty()));
        assertThat(ReviewerElection.elect(Optional.empty(), List.of(A, B)).role())
                .isEqualTo(ReviewerElection.Role.NO_ADDRESS);
        // Another instance without one shows as unavailable (port -1).
        assertThat(ReviewerElection.elect(Optional.of(A), List.of(A, HostInfo.unavailable())).role())
                .isEqualTo(ReviewerElection.Role.NO_ADDRESS);
    }
}
