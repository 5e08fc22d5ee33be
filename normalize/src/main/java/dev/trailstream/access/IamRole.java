package dev.trailstream.access;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An IAM role of the export's {@code RoleDetailList}.
 *
 * @param arn                 its ARN
 * @param name                its {@code RoleName}
 * @param id                  its {@code RoleId} ({@code AROA...})
 * @param path                its {@code Path} ({@code /aws-service-role/} for service-linked roles)
 * @param createDate          when it was created, or null
 * @param trustPolicy         its {@code AssumeRolePolicyDocument}: who may assume it (not what it may do); null when
 *                            the export leaves it out
 * @param inlinePolicies      its {@code RolePolicyList}
 * @param attachedPolicies    its {@code AttachedManagedPolicies}
 * @param permissionsBoundary the ARN of its permissions boundary policy, or null for none
 * @param lastUsed            its {@code RoleLastUsed}; {@link RoleLastUsed#NEVER} when empty
 */
public record IamRole(String arn, String name, String id, String path, Instant createDate, PolicyDocument trustPolicy,
                      List<InlinePolicy> inlinePolicies, List<AttachedPolicy> attachedPolicies,
                      String permissionsBoundary, RoleLastUsed lastUsed) {
    public IamRole {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastUsed, "lastUsed");
        inlinePolicies = List.copyOf(inlinePolicies);
        attachedPolicies = List.copyOf(attachedPolicies);
    }
}
