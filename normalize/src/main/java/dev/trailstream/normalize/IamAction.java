package dev.trailstream.normalize;

import java.util.Objects;

/**
 * One IAM action from the catalogue.
 *
 * @param service     the IAM service prefix, lower case ({@code "s3"})
 * @param name        the action name as AWS spells it ({@code "GetObject"})
 * @param accessLevel its access level
 */
public record IamAction(String service, String name, AccessLevel accessLevel) {
    public IamAction {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(accessLevel, "accessLevel");
    }

    /** The action as written in a policy, {@code service:Name} ({@code "s3:GetObject"}). */
    public String action() {
        return service + ":" + name;
    }
}
