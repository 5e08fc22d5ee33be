package dev.trailstream.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.normalize.Principals;
import dev.trailstream.topology.PipelineDriver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How well the built-in pack does on labelled real data, printed as tables and held to thresholds; the numbers are
 * in {@code topology/RULES.md}. Reproduce with
 * {@code ./mvnw -B -o -q -pl topology test -Dtest=RuleQualityTest}.
 *
 * <ul>
 *   <li>Panther: every test event of a Panther CloudTrail rule whose intent a pack rule shares, through that pack
 *       rule, against Panther's expected result. Fixtures without an eventID or with Panther's time format are
 *       parsed leniently; those without any identity cannot be evaluated and are counted apart.</li>
 *   <li>Stratus Red Team: every detonation with a counterpart in the pack, through the whole pipeline; the
 *       counterpart's finding must be among the findings the detonation's events raise.</li>
 * </ul>
 */
class RuleQualityTest {
    /** Panther rule → pack rule of the same intent (see RULES.md for the Panther rules left out, and why). */
    static final Map<String, String> PANTHER_COUNTERPARTS = counterparts(
            "AWS.Root.Activity", RootAccountUsage.ID,
            "AWS.Console.RootLogin", RootAccountUsage.ID,
            "AWS.Console.LoginWithoutMFA", "trailstream.console-login-without-mfa",
            "AWS.CloudTrail.Stopped", "trailstream.cloudtrail-logging-stopped",
            "AWS.CloudTrail.SecurityConfigurationChange", "trailstream.cloudtrail-logging-stopped",
            "AWS.CloudTrail.EventSelectorsDisabled", "trailstream.cloudtrail-trail-changed",
            "AWS.ConfigService.DisabledDeleted", "trailstream.security-monitoring-disabled",
            "AWS.VPCFlow.LogsDeleted", "trailstream.network-logs-deleted",
            "AWS.CloudTrail.DNSLogsDeleted", "trailstream.network-logs-deleted",
            "AWS.CloudTrail.AttemptToLeaveOrg", "trailstream.leave-organization",
            "AWS.IAM.Backdoor.User.Keys", "trailstream.access-key-for-another-user",
            "AWS.User.Login.Profile.Modified", "trailstream.login-profile-for-another-user",
            "AWS.CloudTrail.LoginProfileCreatedOrModified", "trailstream.login-profile-for-another-user",
            "AWS.IAM.BackdoorRole", "trailstream.role-trust-policy-opened",
            "AWS.IAM.AttachAdminUserPolicy", "trailstream.admin-policy-attached",
            "AWS.IAM.AttachAdminRolePolicy", "trailstream.admin-policy-attached",
            "AWS.CloudTrail.AMIModifiedForPublicAccess", "trailstream.snapshot-or-image-shared",
            "AWS.CloudTrail.SnapshotMadePublic", "trailstream.snapshot-or-image-shared",
            "AWS.RDS.SnapshotShared", "trailstream.snapshot-or-image-shared",
            "AWS.CloudTrail.ResourceMadePublic", "trailstream.s3-bucket-made-public",
            "AWS.SecretsManager.RetrieveSecrets", "trailstream.secret-read-by-person",
            "AWS.SSM.DecryptSSMParams", "trailstream.secret-read-by-person",
            "AWS.SecretsManager.BatchRetrieveSecrets", "trailstream.secrets-batch-read",
            "AWS.SecretsManager.BatchRetrieveSecretsCatchAll", "trailstream.secrets-batch-read",
            "AWS.EC2.ManyPasswordReadAttempts", "trailstream.ec2-password-data-read");
    /** ResourceMadePublic covers many services; the pack's counterpart is about S3 buckets only. */
    static final Map<String, String> PANTHER_SCOPE = Map.of("AWS.CloudTrail.ResourceMadePublic", "s3.amazonaws.com");

    /** Stratus technique → the pack rule that must raise a finding on its detonation. */
    static final Map<String, String> STRATUS_COUNTERPARTS = counterparts(
            "aws.credential-access.ec2-get-password-data", "trailstream.ec2-password-data-read",
            "aws.credential-access.secretsmanager-batch-retrieve-secrets", "trailstream.secrets-batch-read",
            "aws.credential-access.secretsmanager-retrieve-secrets", "trailstream.secret-read-by-person",
            "aws.credential-access.ssm-retrieve-securestring-parameters", "trailstream.secret-read-by-person",
            "aws.defense-evasion.cloudtrail-delete", "trailstream.cloudtrail-logging-stopped",
            "aws.defense-evasion.cloudtrail-event-selectors", "trailstream.cloudtrail-trail-changed",
            "aws.defense-evasion.cloudtrail-stop", "trailstream.cloudtrail-logging-stopped",
            "aws.defense-evasion.dns-delete-logs", "trailstream.network-logs-deleted",
            "aws.defense-evasion.organizations-leave", "trailstream.leave-organization",
            "aws.defense-evasion.vpc-remove-flow-logs", "trailstream.network-logs-deleted",
            "aws.exfiltration.ec2-security-group-open-port-22-ingress", "trailstream.security-group-open-to-world",
            "aws.exfiltration.ec2-share-ami", "trailstream.snapshot-or-image-shared",
            "aws.exfiltration.ec2-share-ebs-snapshot", "trailstream.snapshot-or-image-shared",
            "aws.exfiltration.rds-share-snapshot", "trailstream.snapshot-or-image-shared",
            "aws.initial-access.console-login-without-mfa", "trailstream.console-login-without-mfa",
            "aws.persistence.iam-backdoor-role", "trailstream.role-trust-policy-opened",
            "aws.persistence.iam-backdoor-user", "trailstream.access-key-for-another-user",
            "aws.persistence.iam-create-admin-user", "trailstream.admin-policy-attached",
            "aws.persistence.iam-create-backdoor-role", "trailstream.admin-policy-attached",
            "aws.persistence.iam-create-user-login-profile", "trailstream.login-profile-for-another-user",
            "aws.privilege-escalation.iam-update-user-login-profile", "trailstream.login-profile-for-another-user");

    @Test
    void matchesPantherFixturesAsLabelledForRulesOfTheSameIntent() {
        Map<String, Rule> pack = new HashMap<>();
        RulePack.builtIn().rules().forEach(rule -> pack.put(rule.id(), rule));
        int agree = 0;
        int truePositives = 0;
        int expectedPositives = 0;
        int flagged = 0;
        int unreadable = 0;
        List<String> rows = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (JsonNode test : RealEvents.panther()) {
            String pantherRule = test.path("rule_id").asText();
            int n = index.merge(pantherRule, 1, Integer::sum) - 1;
            String packRule = PANTHER_COUNTERPARTS.get(pantherRule);
            String scope = PANTHER_SCOPE.get(pantherRule);
            if (packRule == null || scope != null && !scope.equals(test.path("log").path("eventSource").asText())) {
                continue;
            }
            boolean expected = test.path("expected_result").asBoolean();
            Optional<CloudTrailEvent> event = RealEvents.lenient(test.path("log"));
            if (event.isEmpty()) {
                unreadable++;
                rows.add(row(pantherRule + " #" + n, packRule, expected, "no identity"));
                continue;
            }
            boolean matched = pack.get(packRule).matches(event.get());
            agree += matched == expected ? 1 : 0;
            truePositives += matched && expected ? 1 : 0;
            expectedPositives += expected ? 1 : 0;
            flagged += matched ? 1 : 0;
            rows.add(row(pantherRule + " #" + n, packRule, expected, matched + (matched == expected ? "" : "  <--")));
        }
        int evaluated = rows.size() - unreadable;
        System.out.printf("%nPanther fixtures through their pack counterparts%n%-52s %-44s %-8s %s%n%s%n",
                "Panther test", "pack rule", "expected", "matched", String.join("\n", rows));
        System.out.printf("evaluated %d (+%d without identity): agree %d (%.1f%%), recall %d/%d, precision %d/%d%n",
                evaluated, unreadable, agree, 100.0 * agree / evaluated, truePositives, expectedPositives,
                truePositives, flagged);

        assertThat(evaluated).isGreaterThanOrEqualTo(80);
        assertThat(100.0 * agree / evaluated).as("agreement with Panther's labels").isGreaterThanOrEqualTo(90.0);
        assertThat(100.0 * truePositives / expectedPositives).as("recall").isGreaterThanOrEqualTo(90.0);
        assertThat(100.0 * truePositives / flagged).as("precision").isGreaterThanOrEqualTo(85.0);
    }

    @Test
    void raisesTheCounterpartFindingOnEveryStratusDetonationItCovers() {
        Map<String, List<JsonNode>> detonations = RealEvents.stratus();
        Map<String, String> techniqueOfEvent = new HashMap<>();
        Map<String, Set<String>> raised = new TreeMap<>();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            detonations.forEach((technique, events) -> events.forEach(event -> {
                techniqueOfEvent.put(event.path("eventID").asText(), technique);
                pipeline.send(Principals.resolve(event).orElseThrow().id(), event.toString());
            }));
            for (JsonNode finding : pipeline.findings()) {
                String rule = finding.path("finding_info").path("analytic").path("uid").asText();
                finding.path("finding_info").path("related_events").forEach(related -> raised.computeIfAbsent(
                        techniqueOfEvent.get(related.path("uid").asText()), k -> new TreeSet<>()).add(rule));
            }
        }
        List<String> missed = new ArrayList<>();
        int unexpected = 0;
        StringBuilder table = new StringBuilder();
        for (String technique : detonations.keySet()) {
            String expected = STRATUS_COUNTERPARTS.get(technique);
            Set<String> rules = raised.getOrDefault(technique, Set.of());
            if (expected != null && !rules.contains(expected)) {
                missed.add(technique);
            }
            Set<String> others = new TreeSet<>(rules);
            if (expected != null) {
                others.remove(expected);
            }
            unexpected += others.size();
            table.append(String.format("%-60s %-44s %s%n", technique, expected == null ? "-" : expected,
                    rules.isEmpty() ? "-" : String.join(", ", rules)));
        }
        System.out.printf("%nStratus Red Team detonations%n%-60s %-44s %s%n%s", "technique", "counterpart",
                "findings raised", table);
        System.out.printf("covered %d of %d techniques: %d raise their counterpart's finding; %d other findings%n",
                STRATUS_COUNTERPARTS.size(), detonations.size(), STRATUS_COUNTERPARTS.size() - missed.size(),
                unexpected);

        assertThat(detonations.keySet()).containsAll(STRATUS_COUNTERPARTS.keySet());
        assertThat(missed).as("detonations without their counterpart's finding").isEmpty();
        assertThat(unexpected).as("findings of other rules on the detonations").isLessThanOrEqualTo(1);
    }

    private static String row(String test, String rule, boolean expected, String matched) {
        return String.format("%-52s %-44s %-8s %s", test, rule, expected, matched);
    }

    private static Map<String, String> counterparts(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
