package dev.trailstream.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which user a finding on {@code trailstream.findings} names for the roles-versus-users workload-key section. */
class WorkloadKeyUserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "arn:aws:iam::111122223333:user/svc-reporting";

    private static JsonNode finding(String analytic, String uid) throws IOException {
        return JSON.readTree("""
                {"finding_info": {"uid": "f1", "analytic": {"uid": "%s"}}, "actor": {"user": {%s}}}"""
                .formatted(analytic, uid == null ? "" : "\"uid\": \"" + uid + "\""));
    }

    @Test
    void takesTheActorOfALongTermKeyWorkloadFinding() throws IOException {
        assertThat(RolesVersusUsersOutput.workloadKeyUser(finding(RolesVersusUsersOutput.WORKLOAD_KEY_ANALYTIC, USER),
                "other-key")).isEqualTo(USER);
    }

    @Test
    void fallsBackToTheRecordKeyWhenTheFindingNamesNoActor() throws IOException {
        assertThat(RolesVersusUsersOutput.workloadKeyUser(finding(RolesVersusUsersOutput.WORKLOAD_KEY_ANALYTIC, null),
                USER)).isEqualTo(USER);
    }

    @Test
    void ignoresFindingsOfOtherAnalytics() throws IOException {
        assertThat(RolesVersusUsersOutput.workloadKeyUser(finding("trailstream.anomaly.rate-spike", USER), USER))
                .isNull();
    }
}
