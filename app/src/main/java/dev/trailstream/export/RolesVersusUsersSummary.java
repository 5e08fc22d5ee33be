package dev.trailstream.export;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code roles_vs_users} block of {@code summary.json}: how many principals or keys each section of
 * {@code roles-vs-users.json} lists, and the totals over every account. Present when IAM snapshots were on the topic.
 *
 * @param users                    IAM users over every snapshot
 * @param roles                    roles over every snapshot, service-linked ones included
 * @param roleShare                roles other than service-linked over those plus users, 0..1
 * @param workloadKeyUsers         users whose long-term keys are used like a workload (advice: a role)
 * @param consoleWithoutMfa        users with a console password and no MFA
 * @param keysPastRotation         active access keys older than the rotation age
 * @param keysNeverUsed            active access keys never used
 * @param adminUsers               users with administrator-equivalent access
 * @param adminRoles               roles with administrator-equivalent access
 * @param rolesNeverAssumed        roles with no event and no recent {@code RoleLastUsed}, service-linked ones apart
 * @param serviceLinkedNeverAssumed service-linked roles likewise
 * @param rotationAgeDays          the rotation age used
 */
public record RolesVersusUsersSummary(
        @JsonProperty("users") long users,
        @JsonProperty("roles") long roles,
        @JsonProperty("role_share") double roleShare,
        @JsonProperty("workload_key_users") long workloadKeyUsers,
        @JsonProperty("console_without_mfa") long consoleWithoutMfa,
        @JsonProperty("keys_past_rotation") long keysPastRotation,
        @JsonProperty("keys_never_used") long keysNeverUsed,
        @JsonProperty("admin_users") long adminUsers,
        @JsonProperty("admin_roles") long adminRoles,
        @JsonProperty("roles_never_assumed") long rolesNeverAssumed,
        @JsonProperty("service_linked_roles_never_assumed") long serviceLinkedNeverAssumed,
        @JsonProperty("rotation_age_days") long rotationAgeDays) {
}
