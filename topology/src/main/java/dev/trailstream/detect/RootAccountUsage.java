package dev.trailstream.detect;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.Severity;

import java.util.List;
import java.util.Set;

/**
 * The account's root user did something: any API call or console sign-in, failed or not. AWS advises using root for
 * almost nothing, so every use deserves a look.
 *
 * <p>Not root usage: calls an AWS service makes itself ({@code eventType: AwsServiceEvent}) or makes on root's behalf
 * ({@code userIdentity.invokedBy} naming a service). One exception: {@code signin.amazonaws.com} in {@code invokedBy}
 * marks an action taken in a console session, which is a person at the keyboard (e.g. creating root access keys).
 */
public final class RootAccountUsage implements Rule {
    public static final String ID = "trailstream.root-account-usage";
    private static final Set<String> HUMAN_CHANNELS = Set.of("signin.amazonaws.com");
    private static final List<MitreAttack> MITRE = List.of(new MitreAttack("TA0004", "Privilege Escalation",
            "T1078", "Valid Accounts", "T1078.004", "Cloud Accounts"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Root account used";
    }

    @Override
    public String description() {
        return "The AWS account root user was used. Root bypasses every IAM policy and cannot be limited; AWS "
                + "recommends locking it away and using it only for the few tasks that require it.";
    }

    @Override
    public String findingType() {
        return "root-account-usage";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public List<MitreAttack> mitre() {
        return MITRE;
    }

    @Override
    public boolean matches(CloudTrailEvent event) {
        return "Root".equals(event.principal().identityType())
                && !"AwsServiceEvent".equals(event.eventType())
                && (event.invokedBy() == null || HUMAN_CHANNELS.contains(event.invokedBy()));
    }
}
