package dev.trailstream.iam;

import dev.trailstream.access.UsedAccess;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.profile.SeenSet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileUsageTest {
    private static final Instant T = Instant.parse("2026-11-02T08:00:00Z");
    private static final String SSO_ROLE = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/"
            + "AWSReservedSSO_Admin_0123456789abcdef";
    private static final String APP_ROLE = "arn:aws:iam::111122223333:role/service-role/orders-api";
    private static final String USER = "arn:aws:iam::111122223333:user/alice";

    @Test
    void mergesEveryIdentityCenterSessionOfARoleIntoTheRolesUse() {
        ProfileUsage usage = new ProfileUsage(List.of(SSO_ROLE, USER));
        usage.add(profile("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/ann@x.org",
                SSO_ROLE, T, T.plusSeconds(60), SeenSet.EMPTY.with("s3:ListBuckets", T, 10)));
        usage.add(profile("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/bo@x.org",
                SSO_ROLE, T.plusSeconds(30), T.plusSeconds(90), SeenSet.EMPTY.with("s3:ListBuckets", T.plusSeconds(90),
                        10).with("ec2:DescribeVpcs", T.plusSeconds(30), 10)));

        UsedAccess used = usage.used(SSO_ROLE, "111122223333", T.plusSeconds(90));

        assertThat(usage.profiles(SSO_ROLE)).isEqualTo(2);
        assertThat(used.actions()).containsExactly(
                new UsedAccess.UsedAction("ec2:DescribeVpcs", T.plusSeconds(30), T.plusSeconds(30), 1),
                new UsedAccess.UsedAction("s3:ListBuckets", T, T.plusSeconds(90), 2));
        assertThat(used.firstEvent()).isEqualTo(T);
        assertThat(used.lastEvent()).isEqualTo(T.plusSeconds(90));
        assertThat(usage.used(USER, "111122223333", T).actions()).isEmpty();
    }

    @Test
    void matchesARoleWhoseProfileArnLacksThePathAndTakesTimesFromEveryProfile() {
        ProfileUsage usage = new ProfileUsage(List.of(APP_ROLE));
        // A role ARN rebuilt from a session ARN has no path; the export's has one.
        usage.add(profile("arn:aws:iam::111122223333:role/orders-api", "arn:aws:iam::111122223333:role/orders-api",
                T.plusSeconds(10), T.plusSeconds(20), SeenSet.EMPTY.with("sqs:SendMessage", T.plusSeconds(10), 10)));
        usage.add(profile("service:ec2.amazonaws.com", null, T, T.plusSeconds(3600), SeenSet.EMPTY));

        assertThat(usage.newestEvent()).contains(T.plusSeconds(3600));
        UsedAccess used = usage.used(APP_ROLE, "111122223333", T.plusSeconds(3600));
        assertThat(used.actions()).extracting(UsedAccess.UsedAction::action).containsExactly("sqs:SendMessage");
        assertThat(used.historyStart()).isEqualTo(T);
    }

    @Test
    void mergesTheDeniedActionsOfARolesProfilesWithTheResourceOfTheLastDenial() {
        ProfileUsage usage = new ProfileUsage(List.of(SSO_ROLE));
        String session = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/";
        usage.add(denied(profile(session + "ann@x.org", SSO_ROLE, T, T.plusSeconds(60), SeenSet.EMPTY),
                SeenSet.EMPTY.with("s3:PutObject", T, 10).with("iam:CreateUser", T, 10),
                Map.of("s3:PutObject", "arn:aws:s3:::a/old")));
        usage.add(denied(profile(session + "bo@x.org", SSO_ROLE, T, T.plusSeconds(90), SeenSet.EMPTY),
                SeenSet.EMPTY.with("s3:PutObject", T.plusSeconds(90), 10), Map.of("s3:PutObject", "arn:aws:s3:::a/new")));

        UsedAccess used = usage.used(SSO_ROLE, "111122223333", T.plusSeconds(90));

        assertThat(used.denied()).containsExactly(
                new UsedAccess.DeniedAction("iam:CreateUser", T, T, 1, null),
                new UsedAccess.DeniedAction("s3:PutObject", T, T.plusSeconds(90), 2, "arn:aws:s3:::a/new"));
        assertThat(used.actions()).isEmpty();
    }

    @Test
    void keysUsersAndRolesByAccountKindAndNameOnly() {
        assertThat(ProfileUsage.key("arn:aws:iam::1:user/team/alice")).isEqualTo("1:user/alice");
        assertThat(ProfileUsage.key("arn:aws:sts::1:assumed-role/deployer/build-42")).isEqualTo("1:role/deployer");
        assertThat(ProfileUsage.key("arn:aws:iam::1:role/deployer")).isEqualTo(ProfileUsage.key(
                "arn:aws:iam::1:role/ci/deployer"));
        assertThat(ProfileUsage.key("arn:aws:iam::1:root")).isNull();
        assertThat(ProfileUsage.key("arn:aws:sts::1:federated-user/bob")).isNull();
        assertThat(ProfileUsage.key("service:ec2.amazonaws.com")).isNull();
    }

    private static PrincipalProfile denied(PrincipalProfile p, SeenSet denied, Map<String, String> resources) {
        return new PrincipalProfile(p.principalId(), p.kind(), p.identityType(), p.accountId(), p.arn(), p.events(),
                p.errors(), p.reads(), p.writes(), p.firstSeen(), p.lastSeen(), p.lastEventId(), p.lastConsoleLogin(),
                p.consoleLogins(), p.actions(), p.usedActions(), p.errorCodes(), p.sourceIps(), p.regions(),
                p.userAgents(), p.accessKeys(), p.accounts(), denied, resources);
    }

    private static PrincipalProfile profile(String id, String arn, Instant first, Instant last, SeenSet used) {
        return new PrincipalProfile(id, PrincipalKind.WORKLOAD, "AssumedRole", "111122223333", arn, 1, 0, 0, 0,
                first, last, "e", null, 0, used, used, null, null, null, null, null, null);
    }
}
