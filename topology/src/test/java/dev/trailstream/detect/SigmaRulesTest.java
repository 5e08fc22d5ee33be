package dev.trailstream.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules written in Sigma's own syntax (logsource, level, tags, status, falsepositives...) load unchanged from a user
 * folder and match. These two are written for this test in the shape of SigmaHQ's CloudTrail rules.
 */
class SigmaRulesTest {
    private static final String TRAIL_TAMPERING = """
            title: Trail Stopped Or Deleted
            id: 0c1a8d0e-5b8e-4f53-9a1e-3f0d4b2c7e11
            status: test
            description: Detects a CloudTrail trail being stopped, deleted or updated.
            references:
                - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
            author: TrailStream tests
            date: 2025-01-15
            tags:
                - attack.defense-evasion
                - attack.t1562.008
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection_source:
                    eventSource: cloudtrail.amazonaws.com
                    eventName:
                        - StopLogging
                        - UpdateTrail
                        - DeleteTrail
                condition: selection_source
            falsepositives:
                - A trail retired on purpose
            level: medium
            """;
    private static final String KEYS_FOR_OTHERS = """
            title: Access Key Or Console Password For Another User
            id: 7d2e4f60-1c3b-4e8a-b5d9-2a6f8c0e9b34
            status: experimental
            description: Detects credentials created for a user by someone else.
            author: TrailStream tests
            date: 2025-01-15
            tags:
                - attack.persistence
                - attack.privilege_escalation
                - attack.t1098.001
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection_key:
                    eventSource: iam.amazonaws.com
                    eventName: CreateAccessKey
                selection_profile:
                    eventSource: iam.amazonaws.com
                    eventName|endswith: LoginProfile
                    eventName|startswith:
                        - Create
                        - Update
                filter_self:
                    userIdentity.userName|fieldref: requestParameters.userName
                filter_failed:
                    errorCode|exists: true
                condition: 1 of selection_* and not 1 of filter_*
            falsepositives:
                - Administrators onboarding users
            level: high
            """;

    @Test
    void loadsSigmaRulesWithLevelTagsAndLogSource(@TempDir Path folder) throws IOException {
        RulePack pack = pack(folder);

        Rule tampering = pack.rule("0c1a8d0e-5b8e-4f53-9a1e-3f0d4b2c7e11").orElseThrow();
        assertThat(tampering.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(tampering.findingType()).isEqualTo("0c1a8d0e-5b8e-4f53-9a1e-3f0d4b2c7e11");
        assertThat(tampering.mitre()).containsExactly(new MitreAttack("TA0005", "Defense Evasion", "T1562", null,
                "T1562.008", null));
        Rule keys = pack.rule("7d2e4f60-1c3b-4e8a-b5d9-2a6f8c0e9b34").orElseThrow();
        assertThat(keys.severity()).isEqualTo(Severity.HIGH);
        assertThat(keys.mitre()).extracting(MitreAttack::tacticUid).containsExactly("TA0003", "TA0004");
        assertThat(pack.rules()).hasSize(RulePack.builtIn().rules().size() + 2);
    }

    @Test
    void matchesHandWrittenEventsAsSigmaWould(@TempDir Path folder) throws IOException {
        RulePack pack = pack(folder);
        Rule tampering = pack.rule("0c1a8d0e-5b8e-4f53-9a1e-3f0d4b2c7e11").orElseThrow();
        Rule keys = pack.rule("7d2e4f60-1c3b-4e8a-b5d9-2a6f8c0e9b34").orElseThrow();

        assertThat(tampering.matches(Events.byUser("alice").call("cloudtrail.amazonaws.com", "UpdateTrail").event()))
                .isTrue();
        assertThat(tampering.matches(Events.byUser("alice").call("cloudtrail.amazonaws.com", "StartLogging")
                .event())).isFalse();
        CloudTrailEvent forBob = Events.byUser("alice").call("iam.amazonaws.com", "UpdateLoginProfile")
                .text("requestParameters.userName", "bob").event();
        CloudTrailEvent forSelf = Events.byUser("alice").call("iam.amazonaws.com", "CreateAccessKey")
                .text("requestParameters.userName", "alice").event();
        CloudTrailEvent deleted = Events.byUser("alice").call("iam.amazonaws.com", "DeleteLoginProfile")
                .text("requestParameters.userName", "bob").event();
        assertThat(keys.matches(forBob)).isTrue();
        assertThat(keys.matches(forSelf)).isFalse();
        assertThat(keys.matches(deleted)).isFalse();
    }

    @Test
    void firesOnTheStratusDetonationsTheyDescribe(@TempDir Path folder) throws IOException {
        Map<String, List<JsonNode>> byFile = RealEvents.stratus();
        RulePack pack = pack(folder);
        Rule tampering = pack.rule("0c1a8d0e-5b8e-4f53-9a1e-3f0d4b2c7e11").orElseThrow();
        Rule keys = pack.rule("7d2e4f60-1c3b-4e8a-b5d9-2a6f8c0e9b34").orElseThrow();

        Map<String, Long> tamperingHits = hitsPerFile(tampering, byFile);
        Map<String, Long> keyHits = hitsPerFile(keys, byFile);

        assertThat(tamperingHits).isEqualTo(Map.of("aws.defense-evasion.cloudtrail-delete", 1L,
                "aws.defense-evasion.cloudtrail-stop", 1L));
        assertThat(keyHits).isEqualTo(Map.of("aws.persistence.iam-backdoor-user", 1L,
                "aws.persistence.iam-create-admin-user", 1L,
                "aws.persistence.iam-create-user-login-profile", 1L,
                "aws.privilege-escalation.iam-update-user-login-profile", 1L));
    }

    private static Map<String, Long> hitsPerFile(Rule rule, Map<String, List<JsonNode>> byFile) {
        Map<String, Long> hits = new TreeMap<>();
        byFile.forEach((file, events) -> events.forEach(json -> {
            if (rule.matches(Events.parse(json))) {
                hits.merge(file, 1L, Long::sum);
            }
        }));
        return hits;
    }

    private static RulePack pack(Path folder) throws IOException {
        Files.writeString(folder.resolve("aws_trail_tampering.yml"), TRAIL_TAMPERING);
        Files.writeString(folder.resolve("aws_keys_for_others.yml"), KEYS_FOR_OTHERS);
        return RulePack.load(List.of(folder));
    }
}
