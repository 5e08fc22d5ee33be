package dev.trailstream.normalize;

import java.util.Objects;

/**
 * The IAM action a CloudTrail event stands for, and how sure we are of it.
 *
 * @param action      {@code service:Name}: spelt as AWS spells it when {@code kind} is {@link Kind#CATALOGUED},
 *                    otherwise the IAM prefix of the event source and the event name with any API version removed
 *                    ({@code lambda:ListFunctions}, {@code signin:ConsoleLogin})
 * @param kind        how the action was found
 * @param accessLevel the catalogue's access level when the action is in the catalogue, else null
 */
public record EventAction(String action, Kind kind, AccessLevel accessLevel) {
    public EventAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(kind, "kind");
    }

    /** How an event's action was found; least-privilege advice trusts only {@link #CATALOGUED} and ignores the rest. */
    public enum Kind {
        /** An action in the bundled IAM catalogue: a policy can grant or deny exactly this. */
        CATALOGUED,
        /**
         * Derived by the usual rule, but no such action is in the catalogue: an event name that differs from its IAM
         * name in a way we do not know yet, a service newer than the catalogue, or an event that is not an API call.
         */
        DERIVED,
        /** The event needs no IAM permission (sign-ins, {@code sts:GetCallerIdentity}, events AWS itself emits). */
        NO_PERMISSION;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** True when the action is one a policy can name (in the catalogue). */
    public boolean catalogued() {
        return kind == Kind.CATALOGUED;
    }

    /** False for events no policy allows or denies; those must not count as use of a permission. */
    public boolean needsPermission() {
        return kind != Kind.NO_PERMISSION;
    }

    /** The IAM service prefix, e.g. {@code lambda}. */
    public String service() {
        return action.substring(0, action.indexOf(':'));
    }
}
