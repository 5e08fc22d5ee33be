package dev.trailstream.simulate;

/**
 * The kinds of principal an organisation has, each with its share of the traffic and its rhythm.
 *
 * @param weight relative share of the organisation's events while active (0: never acts)
 * @param role   an IAM role (assumed) rather than an IAM user
 */
enum Archetype {
    CONSOLE_USER(1.0, false),
    CLI_USER(1.5, false),
    SSO_USER(1.0, true),
    CI_ROLE(3.0, true),
    APP_ROLE(8.0, true),
    LAMBDA_ROLE(4.0, true),
    EC2_ROLE(4.0, true),
    /** An IAM user whose long-term access key an application uses around the clock: should be a role. */
    KEY_USER(3.0, false),
    /** An AWS service acting for the account ({@code userIdentity.type: AWSService}). */
    SERVICE(2.0, false),
    /** A session from {@code sts:GetFederationToken}, issued by a broker IAM user. */
    FEDERATED_USER(1.0, false),
    UNUSED_USER(0, false),
    UNUSED_ROLE(0, true),
    /** The account's root user: never part of the background, only of the root-usage scenario. */
    ROOT(0, false);

    final double weight;
    final boolean role;

    Archetype(double weight, boolean role) {
        this.weight = weight;
        this.role = role;
    }

    boolean human() {
        return this == CONSOLE_USER || this == CLI_USER || this == SSO_USER || this == FEDERATED_USER;
    }

    /** Humans work office hours; everything else runs around the clock (CI follows the humans' deploys). */
    boolean officeHours() {
        return this == CONSOLE_USER || this == CLI_USER || this == SSO_USER;
    }

    boolean iamUser() {
        return this == CONSOLE_USER || this == CLI_USER || this == KEY_USER || this == UNUSED_USER
                || this == FEDERATED_USER;
    }
}
