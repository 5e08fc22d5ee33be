package dev.trailstream.normalize;

import java.util.Locale;

/**
 * Classifies CloudTrail {@code userAgent} strings into {@link UserAgentFamily families}.
 *
 * <p>The order of the checks matters, because user agents nest: Terraform and the CLI embed an SDK's name, AWS's
 * own services call through {@code aws-internal/3 aws-sdk-java}, and the S3 console prefixes that with
 * {@code S3Console}. Substring checks only, no regular expressions: this runs on every event.
 */
public final class UserAgents {
    private static final String AMAZONAWS = ".amazonaws.com";

    private UserAgents() {
    }

    /** The family of a user agent; {@link UserAgentFamily#UNKNOWN} for null or blank. */
    public static UserAgentFamily family(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UserAgentFamily.UNKNOWN;
        }
        String ua = userAgent.strip().toLowerCase(Locale.ROOT);
        if (ua.startsWith("[")) {
            // CloudTrail sometimes wraps the agent in brackets, e.g. "[aws-cli/1.18.136 Python/3.8.5 ...]".
            ua = ua.substring(1);
        }
        if (ua.startsWith("aws internal")) {
            return UserAgentFamily.AWS_SERVICE;
        }
        if (ua.startsWith("aws-cli/") || ua.contains(" aws-cli/") || ua.contains("awspowershell")) {
            return UserAgentFamily.CLI;
        }
        if (ua.contains("terraform")) {
            return UserAgentFamily.TERRAFORM;
        }
        if (isConsole(ua)) {
            return UserAgentFamily.CONSOLE;
        }
        if (ua.contains("cloudformation")) {
            return UserAgentFamily.CLOUDFORMATION;
        }
        if (isAws(ua)) {
            return UserAgentFamily.AWS_SERVICE;
        }
        UserAgentFamily sdk = sdk(ua);
        if (sdk != null) {
            return sdk;
        }
        if (isBrowser(ua)) {
            // Console pages call APIs from the browser, and CloudTrail then records the browser's own agent.
            return UserAgentFamily.CONSOLE;
        }
        return UserAgentFamily.OTHER;
    }

    /** {@code console.amazonaws.com}, {@code console.ec2.amazonaws.com}, {@code S3Console/0.4}, {@code EC2ConsoleFrontend}. */
    private static boolean isConsole(String ua) {
        if ((ua.startsWith("console.") && ua.endsWith(AMAZONAWS)) || ua.equals("signin.amazonaws.com")) {
            return true;
        }
        // The CLI's "command/ec2.get-console-output" also says console; the CLI was recognised before this.
        return ua.startsWith("s3console/") || ua.contains("consolefrontend") || ua.startsWith("aws-console");
    }

    /** A service host (the service called for the principal), AWS's internal SDK build, or an AWS agent. */
    private static boolean isAws(String ua) {
        return (ua.endsWith(AMAZONAWS) && ua.indexOf(' ') < 0)
                || ua.startsWith("aws-internal/")
                || ua.startsWith("amazon-ssm-agent/")
                || ua.startsWith("awslambda-worker/");
    }

    private static UserAgentFamily sdk(String ua) {
        if (ua.contains("boto3/") || ua.contains("botocore/") || ua.contains("aws-sdk-python")) {
            return UserAgentFamily.SDK_PYTHON;
        }
        if (ua.contains("aws-sdk-java")) {
            return UserAgentFamily.SDK_JAVA;
        }
        if (ua.contains("aws-sdk-go")) {
            return UserAgentFamily.SDK_GO;
        }
        if (ua.contains("aws-sdk-js") || ua.contains("aws-sdk-nodejs")) {
            return UserAgentFamily.SDK_JAVASCRIPT;
        }
        if (ua.contains("aws-sdk-dotnet")) {
            return UserAgentFamily.SDK_DOTNET;
        }
        if (ua.contains("aws-sdk-ruby")) {
            return UserAgentFamily.SDK_RUBY;
        }
        if (ua.contains("aws-sdk-") || ua.startsWith("rusoto/")) {
            return UserAgentFamily.SDK_OTHER;
        }
        return null;
    }

    private static boolean isBrowser(String ua) {
        return ua.startsWith("mozilla") || ua.startsWith("opera/") || ua.startsWith("chrome");
    }
}
