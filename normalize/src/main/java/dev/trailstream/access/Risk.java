package dev.trailstream.access;

/** How much an unused permission matters, riskiest first: the order of {@link RiskRanking}. */
public enum Risk {
    /** Can grant its holder more than it has (iam-dataset's PrivEsc tag: iam:PassRole, iam:PutUserPolicy...). */
    PRIVILEGE_ESCALATION,
    /** Returns credentials or secrets (iam-dataset's CredentialExposure tag: ecr:GetAuthorizationToken...). */
    CREDENTIAL_EXPOSURE,
    /** Changes who may do what (catalogue access level "Permissions management"). */
    PERMISSIONS_MANAGEMENT,
    WRITE,
    TAGGING,
    LIST,
    READ;

    /** True for the levels whose unused grant to remove first: all that changes state or hands out keys. */
    public boolean risky() {
        return compareTo(WRITE) <= 0;
    }
}
