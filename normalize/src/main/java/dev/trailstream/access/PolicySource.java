package dev.trailstream.access;

import java.util.Objects;

/**
 * One policy that applies to a principal, and how: what explanations name.
 *
 * @param kind     inline, managed or permissions boundary
 * @param name     the policy name (inline policy names are unique per owner only)
 * @param arn      the managed policy's ARN, or null for an inline policy
 * @param viaGroup the group it comes through, or null when attached to the principal itself
 */
public record PolicySource(PolicyKind kind, String name, String arn, String viaGroup) {
    public PolicySource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /**
     * {@code arn:aws:iam::aws:policy/ReadOnlyAccess}, {@code inline S3Access}, or either with {@code via group dev}.
     */
    public String label() {
        String base = arn != null ? arn : "inline " + name;
        if (kind == PolicyKind.PERMISSIONS_BOUNDARY) {
            base = "boundary " + base;
        }
        return viaGroup != null ? base + " via group " + viaGroup : base;
    }
}
