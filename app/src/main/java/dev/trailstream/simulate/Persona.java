package dev.trailstream.simulate;

import java.util.List;

/**
 * One principal of the simulated organisation: who it is in IAM, where it calls from and what it calls.
 *
 * @param index       position in the population (stable ids and seeds derive from it)
 * @param archetype   its kind
 * @param account     the account it lives in
 * @param name        IAM user name, role name, the service host for AWS services, or the federated user's name
 * @param path        IAM path of the role or user ({@code /} mostly)
 * @param session     role session name (function name, instance id, e-mail for Identity Center), else null
 * @param uniqueId    IAM unique id (AIDA… for users, AROA… for roles)
 * @param accessKeyId long-term access key (AKIA…) for users that have one, else null
 * @param mfa         signs in to the console with MFA
 * @param tzOffset    the hours its office is ahead of UTC (humans)
 * @param region      the region it works in (workloads); humans spread over both of the account's regions
 * @param ips         the few source addresses it calls from
 * @param userAgents  the clients it uses
 * @param work        the calls it makes, most frequent first
 * @param detail      a free label: the Identity Center permission set, the app's language, the issuing user...
 */
record Persona(int index, Archetype archetype, Account account, String name, String path, String session,
               String uniqueId, String accessKeyId, boolean mfa, int tzOffset, String region, List<String> ips,
               List<String> userAgents, List<Call> work, String detail) {

    boolean sso() {
        return archetype == Archetype.SSO_USER;
    }

    /** The ARN of the IAM user or role behind it. */
    String iamArn() {
        if (archetype == Archetype.ROOT) {
            return "arn:aws:iam::" + account.id() + ":root";
        }
        if (archetype == Archetype.FEDERATED_USER) {
            return "arn:aws:iam::" + account.id() + ":user/" + detail;
        }
        return "arn:aws:iam::" + account.id() + ":" + (archetype.role ? "role" : "user") + path + name;
    }

    /** True for principals that sign in to the console. */
    boolean console() {
        return archetype == Archetype.CONSOLE_USER || archetype == Archetype.SSO_USER;
    }
}
