package dev.trailstream.access;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An IAM group of the export's {@code GroupDetailList}: its policies apply to every member. Groups have no
 * permissions boundary of their own.
 *
 * @param arn              its ARN
 * @param name             its {@code GroupName}: how users name it in their {@code GroupList}
 * @param id               its {@code GroupId}
 * @param path             its {@code Path}
 * @param createDate       when it was created, or null
 * @param inlinePolicies   its {@code GroupPolicyList}
 * @param attachedPolicies its {@code AttachedManagedPolicies}
 */
public record IamGroup(String arn, String name, String id, String path, Instant createDate,
                       List<InlinePolicy> inlinePolicies, List<AttachedPolicy> attachedPolicies) {
    public IamGroup {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        inlinePolicies = List.copyOf(inlinePolicies);
        attachedPolicies = List.copyOf(attachedPolicies);
    }
}
