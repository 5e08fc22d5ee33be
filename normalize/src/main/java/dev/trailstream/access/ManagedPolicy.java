package dev.trailstream.access;

import java.time.Instant;
import java.util.Objects;

/**
 * A managed policy of the export's {@code Policies} list, with the only version that counts for evaluation: the
 * default one. Earlier versions are dropped; they grant nothing until someone makes them the default again.
 *
 * @param arn              its ARN
 * @param name             its {@code PolicyName}
 * @param id               its {@code PolicyId}
 * @param path             its {@code Path}
 * @param defaultVersionId the {@code DefaultVersionId} ({@code v3})
 * @param document         the default version's document
 * @param createDate       when it was created, or null
 * @param updateDate       when its default version last changed, or null
 * @param attachmentCount  how many users, groups and roles it is attached to, as the export says
 */
public record ManagedPolicy(String arn, String name, String id, String path, String defaultVersionId,
                            PolicyDocument document, Instant createDate, Instant updateDate, int attachmentCount) {
    public ManagedPolicy {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
    }

    /** True for policies AWS maintains ({@code arn:aws:iam::aws:policy/...}): their content changes without notice. */
    public boolean awsManaged() {
        return arn.contains(":iam::aws:policy/");
    }
}
