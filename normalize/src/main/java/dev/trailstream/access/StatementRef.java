package dev.trailstream.access;

import java.util.Objects;

/**
 * A statement and the policy it belongs to: what explanations cite, and what later advice reads (resources,
 * conditions) to rewrite a policy.
 *
 * @param policy    the policy
 * @param statement the statement, as written
 */
public record StatementRef(PolicySource policy, Statement statement) {
    public StatementRef {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(statement, "statement");
    }

    /** {@code arn:aws:iam::aws:policy/AdministratorAccess #0} or {@code inline S3Access AllowRead}. */
    public String label() {
        return policy.label() + " " + statement.label();
    }

    @Override
    public String toString() {
        return label();
    }
}
