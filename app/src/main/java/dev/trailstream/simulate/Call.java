package dev.trailstream.simulate;

/**
 * One real API as CloudTrail records it.
 *
 * @param eventSource the CloudTrail host, e.g. {@code monitoring.amazonaws.com}
 * @param eventName   the CloudTrail event name, e.g. {@code UpdateFunctionCode20150331v2}
 * @param readOnly    CloudTrail's {@code readOnly}
 * @param data        a data event (S3 objects), which the trail logs with {@code eventCategory: Data}
 */
record Call(String eventSource, String eventName, boolean readOnly, boolean data) {
    /** The service prefix of the event source: {@code monitoring.amazonaws.com} → {@code monitoring}. */
    String service() {
        return eventSource.substring(0, eventSource.indexOf('.'));
    }

    /** Services whose calls CloudTrail logs in us-east-1 whatever region the caller is in. */
    boolean global() {
        return switch (service()) {
            case "iam", "signin", "organizations", "ce", "health", "route53" -> true;
            default -> false;
        };
    }

    /**
     * The IAM action that authorises the call, or null when none does (sign-in, GetCallerIdentity). Different from
     * the event name where CloudTrail and IAM disagree: versioned Lambda names, CloudWatch's host, S3's ListBuckets.
     */
    String iamAction() {
        String prefix = switch (service()) {
            case "monitoring" -> "cloudwatch";
            case "elasticloadbalancing" -> "elasticloadbalancing";
            case "signin" -> null;
            default -> service();
        };
        if (prefix == null || eventName.equals("GetCallerIdentity")) {
            return null;
        }
        String action = eventName.replaceAll("20[0-9]{6}(v[0-9])?$", "");
        if (prefix.equals("s3") && action.equals("ListBuckets")) {
            action = "ListAllMyBuckets";
        }
        if (prefix.equals("s3") && action.equals("GetBucketLifecycle")) {
            action = "GetLifecycleConfiguration";
        }
        return prefix + ":" + action;
    }
}
