package dev.trailstream.access;

import java.util.Objects;

/**
 * A policy embedded in one user, group or role ({@code UserPolicyList}, {@code GroupPolicyList},
 * {@code RolePolicyList}).
 *
 * @param name     its {@code PolicyName}, unique within its owner only
 * @param document its document
 */
public record InlinePolicy(String name, PolicyDocument document) {
    public InlinePolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
    }
}
