package dev.trailstream.detect;

import dev.trailstream.detect.match.MatchedField;
import dev.trailstream.event.CloudTrailEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.trailstream.detect.RuleText.detection;
import static org.assertj.core.api.Assertions.assertThat;

/** The matching language: field paths, values, modifiers, conditions and computed fields, on hand-written events. */
class RuleLanguageTest {
    private static final CloudTrailEvent SHARE_SNAPSHOT = Events.byUser("alice")
            .call("ec2.amazonaws.com", "ModifySnapshotAttribute")
            .with("requestParameters", """
                    {"snapshotId":"snap-1","createVolumePermission":{"add":{"items":[{"group":"x"},
                     {"userId":"444455556666"}]}},"port":22,"flag":true,"empty":null}""")
            .event();

    @Test
    void readsDottedPathsThroughObjectsAndListsComparingTextCaseInsensitively() {
        assertThat(detection("""
                sel:
                  eventname: modifysnapshotattribute
                condition: sel
                """).matches(SHARE_SNAPSHOT)).as("field names are case-sensitive").isFalse();
        assertThat(detection("""
                sel:
                  eventName: modifysnapshotattribute
                  requestParameters.createVolumePermission.add.items.userId: '444455556666'
                  requestParameters.port: 22
                  requestParameters.flag: true
                condition: sel
                """).matches(SHARE_SNAPSHOT)).isTrue();
    }

    @Test
    void matchesAnyValueOfAListAndAllValuesWithTheAllModifierOnOneValue() {
        assertThat(detection("""
                sel:
                  eventName: [StopLogging, ModifySnapshotAttribute]
                condition: sel
                """).matches(SHARE_SNAPSHOT)).isTrue();
        assertThat(detection("""
                sel:
                  userAgent|contains|all: [aws-cli, '2.15']
                condition: sel
                """).matches(SHARE_SNAPSHOT)).isTrue();
        // |all holds on one value: no single item has both a group and a userId.
        assertThat(detection("""
                sel:
                  requestParameters.createVolumePermission.add.items|contains|all: ['"group"', '"userId"']
                condition: sel
                """).matches(SHARE_SNAPSHOT)).isFalse();
    }

    @Test
    void supportsSigmaModifiersAndWildcards() {
        assertThat(detection("""
                a:
                  eventName|startswith: Modify
                b:
                  eventName|endswith: Attribute
                c:
                  eventSource|contains: EC2
                d:
                  eventName|re: '^Modify(Snapshot|Image)Attribute$'
                e:
                  eventName: Modify*Attr?bute
                condition: all of them
                """).matches(SHARE_SNAPSHOT)).isTrue();
        assertThat(detection("""
                sel:
                  eventName|cased: modifysnapshotattribute
                condition: sel
                """).matches(SHARE_SNAPSHOT)).as("cased").isFalse();
        assertThat(detection("""
                sel:
                  eventName: 'Modify\\*'
                condition: sel
                """).matches(SHARE_SNAPSHOT)).as("an escaped star is a star").isFalse();
        assertThat(detection("""
                sel:
                  eventName|re|i: '^modifysnapshot'
                condition: sel
                """).matches(SHARE_SNAPSHOT)).as("re|i").isTrue();
    }

    @Test
    void testsExistenceAndNullAsSigmaDoes() {
        assertThat(detection("""
                present:
                  requestParameters.snapshotId|exists: true
                absent:
                  errorCode|exists: false
                json_null:
                  requestParameters.empty|exists: false
                null_or_missing:
                  requestParameters.empty: null
                  errorMessage: null
                condition: all of them
                """).matches(SHARE_SNAPSHOT)).isTrue();
        assertThat(detection("""
                sel:
                  requestParameters.snapshotId: null
                condition: sel
                """).matches(SHARE_SNAPSHOT)).isFalse();
    }

    @Test
    void readsIntoPolicyDocumentsLoggedAsJsonStrings() {
        CloudTrailEvent trust = Events.byUser("alice").call("iam.amazonaws.com", "UpdateAssumeRolePolicy")
                .text("requestParameters.policyDocument", """
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                          "Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}""")
                .event();
        assertThat(detection("""
                sel:
                  requestParameters.policyDocument.Statement.Principal.AWS|endswith: ':root'
                condition: sel
                """).matches(trust)).isTrue();
        assertThat(detection("""
                sel:
                  requestParameters.policyDocument|contains: '999988887777'
                condition: sel
                """).matches(trust)).as("the string itself still matches").isTrue();
    }

    @Test
    void comparesWithAnotherFieldOfTheSameEventThroughFieldref() {
        CloudTrailEvent self = Events.byUser("alice").call("iam.amazonaws.com", "CreateAccessKey")
                .text("requestParameters.userName", "alice").event();
        CloudTrailEvent other = Events.byUser("alice").call("iam.amazonaws.com", "CreateAccessKey")
                .text("requestParameters.userName", "bob").event();
        DetectionRule rule = detection("""
                sel:
                  eventName: CreateAccessKey
                same_user:
                  userIdentity.userName|fieldref: requestParameters.userName
                condition: sel and not same_user
                """);
        assertThat(rule.matches(self)).isFalse();
        assertThat(rule.matches(other)).isTrue();
    }

    @Test
    void combinesSelectionsWithAndOrNotParenthesesAndQuantifiers() {
        String selections = """
                sel_a:
                  eventName: ModifySnapshotAttribute
                sel_b:
                  eventName: StopLogging
                _helper:
                  eventSource: ec2.amazonaws.com
                """;
        assertThat(detection(selections + "condition: 1 of sel_*").matches(SHARE_SNAPSHOT)).isTrue();
        assertThat(detection(selections + "condition: all of sel_*").matches(SHARE_SNAPSHOT)).isFalse();
        assertThat(detection(selections + "condition: 1 of them and _helper").matches(SHARE_SNAPSHOT)).isTrue();
        assertThat(detection(selections + "condition: not sel_b and (sel_a or sel_b)").matches(SHARE_SNAPSHOT))
                .isTrue();
        assertThat(detection(selections + "condition: not (sel_a or sel_b)").matches(SHARE_SNAPSHOT)).isFalse();
        assertThat(detection(selections + "condition: [sel_b, _helper]").matches(SHARE_SNAPSHOT))
                .as("a list of conditions: any").isTrue();
    }

    @Test
    void offersComputedFieldsTheEventModelKnows() {
        CloudTrailEvent denied = Events.byRole("deploy", "i-0123").call("iam.amazonaws.com", "PutRolePolicy")
                .text("requestParameters.roleName", "deploy").failed("AccessDenied").event();
        assertThat(detection("""
                sel:
                  trailstream.principalKind: workload
                  trailstream.principalId: arn:aws:iam::111122223333:role/deploy
                  trailstream.iamAction: iam:PutRolePolicy
                  trailstream.outcome: denied
                  trailstream.actorIsTarget: true
                condition: sel
                """).matches(denied)).isTrue();
        CloudTrailEvent failed = Events.byUser("alice").failed("NoSuchEntity").event();
        assertThat(detection("""
                sel:
                  trailstream.outcome: error
                condition: sel
                """).matches(failed)).isTrue();
    }

    @Test
    void tellsWhetherTheCallerActsOnItselfOrOnAnotherIdentity() {
        String rule = """
                sel:
                  trailstream.actorIsTarget: true
                condition: sel
                """;
        assertThat(detection(rule).matches(Events.byUser("alice").event())).as("no target named").isTrue();
        assertThat(detection(rule).matches(Events.byUser("alice").text("requestParameters.userName", "Alice")
                .event())).as("IAM user names ignore case").isTrue();
        assertThat(detection(rule).matches(Events.byUser("alice").text("requestParameters.userName", "bob")
                .event())).isFalse();
        assertThat(detection(rule).matches(Events.byRole("admins", "alice").text("requestParameters.userName",
                "alice").event())).as("a person's role session under their own name").isTrue();
        assertThat(detection(rule).matches(Events.byRole("admins", "alice").text("requestParameters.roleName",
                "other").event())).isFalse();
        assertThat(detection(rule).matches(Events.byUser("alice").text("requestParameters.groupName", "admins")
                .event())).as("a group is never the caller").isFalse();
    }

    @Test
    void knowsWhichEventNamesARuleCanMatchWhenItNamesThemPlainly() {
        assertThat(detection("""
                a:
                  eventName: [StopLogging, DeleteTrail]
                b:
                  - eventName: UpdateTrail
                    eventSource: cloudtrail.amazonaws.com
                  - eventName: PutEventSelectors
                filter:
                  eventName: DeleteTrail
                condition: (a or b) and not filter
                """).eventNames()).contains(java.util.Set.of("stoplogging", "deletetrail", "updatetrail",
                "puteventselectors"));
        assertThat(detection("""
                a:
                  eventName: [StopLogging, DeleteTrail]
                b:
                  eventName: DeleteTrail
                  eventSource: cloudtrail.amazonaws.com
                condition: a and b
                """).eventNames()).contains(java.util.Set.of("deletetrail"));
        assertThat(detection("""
                a:
                  eventName|startswith: Delete
                condition: a
                """).eventNames()).isEmpty();
        assertThat(detection("""
                a:
                  eventName: StopLogging
                b:
                  userIdentity.type: Root
                condition: a or b
                """).eventNames()).isEmpty();
    }

    @Test
    void givesTheMatchedFieldsAndValuesAsEvidenceButNotNegatedSelections() {
        DetectionRule rule = detection("""
                sel:
                  eventName|startswith: Modify
                  requestParameters.createVolumePermission.add.items.userId|re: '^\\d{12}$'
                filter:
                  errorCode|exists: true
                condition: sel and not filter
                """);
        assertThat(rule.evidence(SHARE_SNAPSHOT)).containsExactly(
                new MatchedField("eventName", List.of("ModifySnapshotAttribute")),
                new MatchedField("requestParameters.createVolumePermission.add.items.userId",
                        List.of("444455556666")));
    }
}
