package dev.trailstream.access;

import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RiskRankingTest {
    private static final ActionCatalogue CATALOGUE = ActionCatalogue.get();
    private final RiskRanking ranking = RiskRanking.bundled();

    private static IamAction action(String name) {
        return CATALOGUE.find(name).orElseThrow();
    }

    @Test
    void ranksTaggedActionsAboveTheirAccessLevel() {
        // Both are "Write" or "Permissions management" in the catalogue; the tags put them first.
        assertThat(ranking.risk(action("iam:PassRole"))).isEqualTo(Risk.PRIVILEGE_ESCALATION);
        assertThat(ranking.risk(action("iam:PutRolePolicy"))).isEqualTo(Risk.PRIVILEGE_ESCALATION);
        assertThat(ranking.risk(action("ecr:GetAuthorizationToken"))).isEqualTo(Risk.CREDENTIAL_EXPOSURE);
    }

    @Test
    void ranksUntaggedActionsByAccessLevel() {
        assertThat(ranking.risk(action("iam:DeleteRolePolicy"))).isEqualTo(Risk.PERMISSIONS_MANAGEMENT);
        assertThat(ranking.risk(action("ec2:RunInstances"))).isEqualTo(Risk.WRITE);
        assertThat(ranking.risk(action("ec2:CreateTags"))).isEqualTo(Risk.TAGGING);
        assertThat(ranking.risk(action("ec2:DescribeInstances"))).isEqualTo(Risk.LIST);
        assertThat(ranking.risk(action("s3:GetObject"))).isEqualTo(Risk.READ);
    }

    @Test
    void sortsPrivilegeEscalationFirstAndReadLast() {
        List<IamAction> actions = new ArrayList<>(List.of(action("s3:GetObject"), action("ec2:CreateTags"),
                action("ec2:RunInstances"), action("iam:PassRole"), action("iam:DeleteRolePolicy"),
                action("ecr:GetAuthorizationToken"), action("ec2:DescribeInstances")));
        actions.sort(ranking.riskiestFirst());
        assertThat(actions).extracting(IamAction::action).containsExactly("iam:PassRole",
                "ecr:GetAuthorizationToken", "iam:DeleteRolePolicy", "ec2:RunInstances", "ec2:CreateTags",
                "ec2:DescribeInstances", "s3:GetObject");
    }

    @Test
    void callsWriteAndWorseRiskyButNotTaggingListOrRead() {
        assertThat(Risk.WRITE.risky()).isTrue();
        assertThat(Risk.PRIVILEGE_ESCALATION.risky()).isTrue();
        assertThat(Risk.TAGGING.risky()).isFalse();
        assertThat(Risk.READ.risky()).isFalse();
    }
}
