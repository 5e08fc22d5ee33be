package dev.trailstream.simulate;

/** The error codes and messages each service really returns for a denied or throttled call. */
final class Errors {
    private Errors() {
    }

    static Event denied(Event e) {
        String action = e.call().iamAction() == null ? e.call().service() + ":" + e.call().eventName()
                : e.call().iamAction();
        String who = callerArn(e);
        String because = " because no identity-based policy allows the " + action + " action";
        return switch (e.call().service()) {
            case "ec2" -> e.withError("Client.UnauthorizedOperation", "You are not authorized to perform this operation. "
                    + "User: " + who + " is not authorized to perform: " + action + because);
            case "lambda", "kms", "dynamodb", "secretsmanager", "logs", "ssm", "guardduty", "securityhub", "ecr", "ecs",
                 "athena", "glue", "ce", "organizations" -> e.withError("AccessDeniedException",
                    "User: " + who + " is not authorized to perform: " + action + because);
            case "s3" -> e.withError("AccessDenied", "Access Denied");
            default -> e.withError("AccessDenied", "User: " + who + " is not authorized to perform: " + action
                    + " on resource: " + resource(e) + because);
        };
    }

    static Event throttled(Event e) {
        return switch (e.call().service()) {
            case "ec2" -> e.withError("Client.RequestLimitExceeded", "Request limit exceeded.");
            case "s3" -> e.withError("SlowDown", "Please reduce your request rate.");
            case "kms", "secretsmanager", "ssm", "lambda", "logs" -> e.withError("ThrottlingException", "Rate exceeded");
            default -> e.withError("Throttling", "Rate exceeded");
        };
    }

    /** The caller as the error message names it: the session ARN for roles, the user ARN for users. */
    static String callerArn(Event e) {
        Persona p = e.actor();
        if (p.archetype().role) {
            String session = e.sessionName() != null ? e.sessionName() : p.session();
            return "arn:aws:sts::" + p.account().id() + ":assumed-role/" + p.name() + "/" + session;
        }
        if (p.archetype() == Archetype.FEDERATED_USER) {
            return "arn:aws:sts::" + p.account().id() + ":federated-user/" + p.name();
        }
        return p.iamArn();
    }

    private static String resource(Event e) {
        String account = e.actor().account().id();
        return switch (e.call().service()) {
            case "iam" -> "arn:aws:iam::" + account + ":user/*";
            case "sts" -> "arn:aws:iam::" + account + ":role/*";
            default -> "*";
        };
    }
}
