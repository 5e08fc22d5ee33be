package dev.trailstream.normalize;

import java.util.Objects;

/**
 * A stable identity behind CloudTrail events.
 *
 * @param id           the key everything is grouped by: an IAM user or role ARN, the root ARN, the assumed-role ARN
 *                     of an IAM Identity Center user (the role plus the human behind it), {@code service:<host>} for
 *                     AWS services, or {@code account:<id>:<principalId>} for callers from other accounts
 * @param kind         human, workload, service or root
 * @param identityType CloudTrail's {@code userIdentity.type}, as written
 * @param accountId    the account the identity belongs to (may differ from the account that received the call)
 * @param arn          the identity's own ARN when CloudTrail gives one (a role's, not the session's), else null
 * @param sessionName  the role session name for assumed roles, else null
 */
public record Principal(String id, PrincipalKind kind, String identityType, String accountId, String arn,
                        String sessionName) {
    public Principal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }
}
