package dev.trailstream.access;

import java.util.ArrayList;
import java.util.List;

/**
 * The policies that apply to one user or role, gathered from a snapshot: the user's or role's inline and attached
 * managed policies, for a user every group's inline and attached managed policies, and the permissions boundary.
 * Managed policies are taken in their default version; a policy the export lacks is listed in {@code unresolved}.
 *
 * @param principalArn the user or role
 * @param identity     the identity-based policies, in the order above
 * @param boundary     the permissions boundary, or null when there is none or the export lacks it
 * @param boundaryArn  the permissions boundary's ARN, or null when there is none
 * @param unresolved   what could not be taken into account, in words
 */
record PrincipalPolicies(String principalArn, List<Applied> identity, Applied boundary, String boundaryArn,
                         List<String> unresolved) {
    /** One policy document and where it comes from. */
    record Applied(PolicySource source, PolicyDocument document) {
    }

    PrincipalPolicies {
        identity = List.copyOf(identity);
        unresolved = List.copyOf(unresolved);
    }

    /** @throws IllegalArgumentException when the snapshot has no user or role with this ARN */
    static PrincipalPolicies of(IamSnapshot snapshot, String principalArn) {
        List<Applied> identity = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        String boundaryArn;
        var user = snapshot.user(principalArn);
        if (user.isPresent()) {
            IamUser u = user.get();
            addAll(snapshot, identity, unresolved, u.inlinePolicies(), u.attachedPolicies(), null);
            for (String groupName : u.groups()) {
                var group = snapshot.group(groupName);
                if (group.isEmpty()) {
                    unresolved.add("group " + groupName + " is not in the export");
                    continue;
                }
                addAll(snapshot, identity, unresolved, group.get().inlinePolicies(),
                        group.get().attachedPolicies(), groupName);
            }
            boundaryArn = u.permissionsBoundary();
        } else {
            IamRole r = snapshot.role(principalArn).orElseThrow(() -> new IllegalArgumentException(
                    "no user or role " + principalArn + " in " + snapshot.source()));
            addAll(snapshot, identity, unresolved, r.inlinePolicies(), r.attachedPolicies(), null);
            boundaryArn = r.permissionsBoundary();
        }
        Applied boundary = null;
        if (boundaryArn != null) {
            var policy = snapshot.policy(boundaryArn);
            if (policy.isPresent()) {
                boundary = new Applied(new PolicySource(PolicyKind.PERMISSIONS_BOUNDARY, policy.get().name(),
                        boundaryArn, null), policy.get().document());
            } else {
                // Unknown content: better to over-report what may be granted than to hide it.
                unresolved.add("permissions boundary " + boundaryArn
                        + " is not in the export: evaluated as no boundary");
            }
        }
        return new PrincipalPolicies(principalArn, identity, boundary, boundaryArn, unresolved);
    }

    private static void addAll(IamSnapshot snapshot, List<Applied> identity, List<String> unresolved,
                               List<InlinePolicy> inline, List<AttachedPolicy> attached, String viaGroup) {
        for (InlinePolicy p : inline) {
            identity.add(new Applied(new PolicySource(PolicyKind.INLINE, p.name(), null, viaGroup), p.document()));
        }
        for (AttachedPolicy a : attached) {
            var policy = snapshot.policy(a.arn());
            if (policy.isPresent()) {
                identity.add(new Applied(new PolicySource(PolicyKind.MANAGED, policy.get().name(), a.arn(), viaGroup),
                        policy.get().document()));
            } else {
                unresolved.add("managed policy " + a.arn() + (viaGroup != null ? " via group " + viaGroup : "")
                        + " is not in the export: what it grants is unknown");
            }
        }
    }
}
