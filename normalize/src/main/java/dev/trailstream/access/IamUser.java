package dev.trailstream.access;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An IAM user of the export's {@code UserDetailList}.
 *
 * @param arn                 its ARN
 * @param name                its {@code UserName}
 * @param id                  its {@code UserId} ({@code AIDA...}): what CloudTrail's {@code principalId} shows
 * @param path                its {@code Path}
 * @param createDate          when it was created, or null
 * @param groups              the names of the groups it belongs to ({@code GroupList})
 * @param inlinePolicies      its {@code UserPolicyList}
 * @param attachedPolicies    its {@code AttachedManagedPolicies}
 * @param permissionsBoundary the ARN of its permissions boundary policy, or null for none
 */
public record IamUser(String arn, String name, String id, String path, Instant createDate, List<String> groups,
                      List<InlinePolicy> inlinePolicies, List<AttachedPolicy> attachedPolicies,
                      String permissionsBoundary) {
    public IamUser {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        groups = List.copyOf(groups);
        inlinePolicies = List.copyOf(inlinePolicies);
        attachedPolicies = List.copyOf(attachedPolicies);
    }
}
