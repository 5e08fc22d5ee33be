package dev.trailstream.normalize;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Resolves the principal of a CloudTrail event from its {@code userIdentity}.
 *
 * <p>Shared by the connector (which keys {@code cloudtrail.events} by it) and the topology (which profiles by it):
 * both must agree, or an event would land in one principal's partition and be counted under another.
 */
public final class Principals {
    static final String SSO_ROLE_PREFIX = "AWSReservedSSO_";

    private Principals() {
    }

    /**
     * The event's principal, or empty when the event has no usable identity (no {@code userIdentity} object, or one
     * with nothing to name it by).
     */
    public static Optional<Principal> resolve(JsonNode event) {
        JsonNode identity = event.path("userIdentity");
        if (!identity.isObject()) {
            return Optional.empty();
        }
        String type = text(identity, "type");
        String account = firstNonBlank(text(identity, "accountId"), text(event, "recipientAccountId"));
        String arn = text(identity, "arn");
        if (type == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (type) {
            case "Root" -> new Principal(arn != null ? arn : rootArn(account), PrincipalKind.ROOT, type, account,
                    arn != null ? arn : rootArn(account), null);
            case "IAMUser" -> iamUser(identity, type, account, arn);
            case "AssumedRole" -> assumedRole(identity, type, account, arn);
            case "FederatedUser" -> arn == null ? null
                    : new Principal(arn, PrincipalKind.HUMAN, type, account, arn, null);
            case "AWSService" -> {
                String service = firstNonBlank(text(identity, "invokedBy"), text(event, "eventSource"));
                yield service == null ? null
                        : new Principal("service:" + service, PrincipalKind.SERVICE, type, account, null, null);
            }
            case "IdentityCenterUser" -> {
                String user = firstNonBlank(text(identity.path("onBehalfOf"), "userId"), text(identity, "principalId"));
                yield user == null ? null
                        : new Principal("identitycenter:" + user, PrincipalKind.HUMAN, type, account, null, null);
            }
            default -> other(identity, type, account, arn);
        });
    }

    private static Principal iamUser(JsonNode identity, String type, String account, String arn) {
        if (arn != null) {
            return new Principal(arn, PrincipalKind.HUMAN, type, account, arn, null);
        }
        // Failed console sign-ins carry no ARN, sometimes only a (possibly hidden) user name.
        String name = text(identity, "userName");
        if (account != null && name != null) {
            return new Principal("arn:aws:iam::" + account + ":user/" + name, PrincipalKind.HUMAN, type, account,
                    null, null);
        }
        return other(identity, type, account, null);
    }

    private static Principal assumedRole(JsonNode identity, String type, String account, String arn) {
        JsonNode issuer = identity.path("sessionContext").path("sessionIssuer");
        String roleArn = text(issuer, "arn");
        String session = sessionName(arn);
        if (roleArn == null) {
            roleArn = roleArnFromSession(arn);
        }
        if (roleArn == null && text(issuer, "userName") != null) {
            String issuerAccount = firstNonBlank(text(issuer, "accountId"), account);
            roleArn = issuerAccount == null ? null : "arn:aws:iam::" + issuerAccount + ":role/" + text(issuer, "userName");
        }
        if (roleArn == null) {
            return other(identity, type, account, null);
        }
        String roleName = firstNonBlank(text(issuer, "userName"), roleArn.substring(roleArn.lastIndexOf('/') + 1));
        if (roleName.startsWith(SSO_ROLE_PREFIX) && arn != null) {
            // IAM Identity Center: the role is a permission set shared by many people; the session name is the human.
            return new Principal(arn, PrincipalKind.HUMAN, type, account, roleArn, session);
        }
        // SAML and other federated sign-ins name the session after the person; workloads name it after themselves.
        PrincipalKind kind = session != null && session.contains("@") ? PrincipalKind.HUMAN : PrincipalKind.WORKLOAD;
        return new Principal(roleArn, kind, type, account, roleArn, session);
    }

    private static Principal other(JsonNode identity, String type, String account, String arn) {
        String principalId = text(identity, "principalId");
        if (arn != null) {
            return new Principal(arn, PrincipalKind.UNKNOWN, type, account, arn, null);
        }
        if (account != null && principalId != null) {
            // AWSAccount: a caller from another account, known only by its account and principal id.
            return new Principal("account:" + account + ":" + principalId, PrincipalKind.UNKNOWN, type, account,
                    null, null);
        }
        String name = text(identity, "userName");
        if (account != null && name != null) {
            return new Principal("account:" + account + ":" + name, PrincipalKind.UNKNOWN, type, account, null, null);
        }
        // Nothing ties it to an account: keep it apart from everything else rather than lose the event.
        String any = principalId != null ? principalId : name;
        return any == null ? null
                : new Principal("identity:" + type + ":" + any, PrincipalKind.UNKNOWN, type, account, null, null);
    }

    static String rootArn(String account) {
        return "arn:aws:iam::" + (account == null ? "" : account) + ":root";
    }

    /** {@code arn:aws:sts::1:assumed-role/Role/session} → {@code session}. */
    static String sessionName(String assumedRoleArn) {
        if (assumedRoleArn == null || !assumedRoleArn.contains(":assumed-role/")) {
            return null;
        }
        String rest = assumedRoleArn.substring(assumedRoleArn.indexOf(":assumed-role/") + ":assumed-role/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? null : rest.substring(slash + 1);
    }

    /** {@code arn:aws:sts::1:assumed-role/Role/session} → {@code arn:aws:iam::1:role/Role} (the path is not in it). */
    static String roleArnFromSession(String assumedRoleArn) {
        if (assumedRoleArn == null || !assumedRoleArn.contains(":assumed-role/")) {
            return null;
        }
        String[] head = assumedRoleArn.split(":", 6);
        if (head.length < 6) {
            return null;
        }
        String rest = head[5].substring("assumed-role/".length());
        int slash = rest.indexOf('/');
        String role = slash < 0 ? rest : rest.substring(0, slash);
        return "arn:" + head[1] + ":iam::" + head[4] + ":role/" + role;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String firstNonBlank(String a, String b) {
        return a != null ? a : b;
    }
}
