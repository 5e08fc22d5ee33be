package dev.trailstream.detect.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.normalize.Principal;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Fields the event model knows and raw JSON does not say directly. Each has exactly one value per event.
 *
 * <ul>
 *   <li>{@code trailstream.principalId}: the principal everything is grouped by (see
 *       {@link dev.trailstream.normalize.Principals}).</li>
 *   <li>{@code trailstream.principalKind}: {@code human}, {@code workload}, {@code service}, {@code root} or
 *       {@code unknown}.</li>
 *   <li>{@code trailstream.iamAction}: the IAM action the event stands for, e.g. {@code s3:ListBucket} for
 *       {@code ListObjects}.</li>
 *   <li>{@code trailstream.outcome}: {@code success}; {@code denied} when the error code says the caller lacked
 *       permission (AccessDenied..., ...UnauthorizedOperation, ...); {@code error} for any other error code and for
 *       failed console sign-ins.</li>
 *   <li>{@code trailstream.actorIsTarget}: {@code true} when the call acts on the caller itself, {@code false} when on
 *       another identity. The target is {@code requestParameters.userName}, else {@code roleName}; a request naming
 *       neither (nor a {@code groupName}) acts on the caller, as IAM's own APIs do without a user name. A user name
 *       is compared with the caller's IAM user name, or with the session name of a role session (people sign in
 *       through roles under their own name); a role name with the session's role.</li>
 * </ul>
 */
public enum ComputedField implements Field {
    PRINCIPAL_ID("principalId", event -> event.principal().id()),
    PRINCIPAL_KIND("principalKind", event -> event.principal().kind().label()),
    IAM_ACTION("iamAction", CloudTrailEvent::action),
    OUTCOME("outcome", ComputedField::outcome),
    ACTOR_IS_TARGET("actorIsTarget", event -> Boolean.toString(actorIsTarget(event)));

    private final String name;
    private final Function<CloudTrailEvent, String> value;

    ComputedField(String shortName, Function<CloudTrailEvent, String> value) {
        this.name = COMPUTED_PREFIX + shortName;
        this.value = value;
    }

    static ComputedField named(String name) {
        for (ComputedField field : values()) {
            if (field.name.equals(name)) {
                return field;
            }
        }
        throw new IllegalArgumentException("unknown computed field '" + name + "'; the computed fields are "
                + Arrays.stream(values()).map(ComputedField::fieldName).collect(Collectors.joining(", ")));
    }

    @Override
    public String fieldName() {
        return name;
    }

    @Override
    public boolean anyValue(CloudTrailEvent event, Predicate<String> test) {
        return test.test(value.apply(event));
    }

    /** The {@code trailstream.outcome} of an event: {@code success}, {@code denied} or {@code error}. */
    public static String outcome(CloudTrailEvent event) {
        String code = event.errorCode();
        if (code == null) {
            boolean failedSignIn = "Failure".equals(event.raw().path("responseElements").path("ConsoleLogin").asText());
            return failedSignIn ? "error" : "success";
        }
        String lower = code.toLowerCase(Locale.ROOT);
        return lower.contains("accessdenied") || lower.contains("unauthorized") || lower.equals("authorizationerror")
                || lower.equals("forbidden") ? "denied" : "error";
    }

    static boolean actorIsTarget(CloudTrailEvent event) {
        JsonNode request = event.raw().path("requestParameters");
        Principal caller = event.principal();
        String user = text(request, "userName");
        if (user != null) {
            String own = "AssumedRole".equals(caller.identityType()) ? caller.sessionName() : callerUserName(event);
            return user.equalsIgnoreCase(own);
        }
        String role = text(request, "roleName");
        if (role != null) {
            String arn = caller.arn();
            return "AssumedRole".equals(caller.identityType()) && arn != null
                    && role.equalsIgnoreCase(arn.substring(arn.lastIndexOf('/') + 1));
        }
        return text(request, "groupName") == null;
    }

    /** The IAM user name from the caller's ARN (which may carry a path), else {@code userIdentity.userName}. */
    private static String callerUserName(CloudTrailEvent event) {
        JsonNode identity = event.raw().path("userIdentity");
        if (!"IAMUser".equals(text(identity, "type"))) {
            return null;
        }
        String arn = text(identity, "arn");
        if (arn != null && arn.contains(":user/")) {
            return arn.substring(arn.lastIndexOf('/') + 1);
        }
        return text(identity, "userName");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
