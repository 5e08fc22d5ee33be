package dev.trailstream.access;

import java.util.Objects;

/**
 * A managed policy attached to a user, group or role (or used as its permissions boundary), by reference: its
 * document is in {@link IamSnapshot#policies()} when the export includes it.
 *
 * @param name its {@code PolicyName}, or null when the export gives only the ARN (permissions boundaries)
 * @param arn  its ARN; AWS-managed policies have account {@code aws}
 */
public record AttachedPolicy(String name, String arn) {
    public AttachedPolicy {
        Objects.requireNonNull(arn, "arn");
    }
}
