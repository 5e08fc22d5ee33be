package dev.trailstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.export.CommittedTopic;
import dev.trailstream.finding.FindingActivity;
import dev.trailstream.topology.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every committed record of the findings topic, grouped by finding uid: what a SIEM following the topic received,
 * not only how each finding stands at the end (which is all {@code findings.jsonl} shows).
 *
 * <p>A redelivery that reached the detection step twice would show here as a second create of a uid, or as the same
 * record twice, even when the final state looks right.
 */
public record FindingsTopicHistory(Map<String, List<JsonNode>> byUid, long records) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static FindingsTopicHistory read(String bootstrapServers) {
        Map<String, List<JsonNode>> byUid = new HashMap<>();
        long[] records = {0};
        CommittedTopic.forEach(bootstrapServers, Topics.defaults().findings().name(), record -> {
            try {
                JsonNode finding = JSON.readTree(record.value());
                byUid.computeIfAbsent(finding.path("finding_info").path("uid").asText(), uid -> new ArrayList<>())
                        .add(finding);
                records[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new FindingsTopicHistory(byUid, records[0]);
    }

    /**
     * Each uid is created exactly once, by its first record (a finding record keeps its event's key, the principal
     * its uid names, so one partition keeps their order), and no record of a uid repeats an earlier one: every
     * update carries one more event.
     */
    public void assertEachFindingCreatedOnceAndNeverRepeated(String context) {
        assertThat(byUid).as("findings on the topic; " + context).isNotEmpty();
        byUid.forEach((uid, history) -> {
            String what = uid + " " + history.size() + " records; " + context;
            long creates = history.stream()
                    .filter(f -> f.path("activity_id").asInt() == FindingActivity.CREATE.id()).count();
            assertThat(creates).as("creates of " + what).isEqualTo(1);
            assertThat(history.get(0).path("activity_id").asInt()).as("first record creates " + what)
                    .isEqualTo(FindingActivity.CREATE.id());
            Set<JsonNode> seen = new HashSet<>();
            for (JsonNode finding : history) {
                assertThat(seen.add(finding)).as("record repeated: " + finding + "; " + what).isTrue();
            }
        });
    }

    /** The uids on the topic, to compare with the uids of {@code findings.jsonl}. */
    public Set<String> uids() {
        return byUid.keySet();
    }
}
