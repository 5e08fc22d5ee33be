package dev.trailstream.normalize;

import java.util.Locale;

/**
 * What kind of client made a call, as its {@code userAgent} claims (clients can claim anything: this tells the usual
 * from the unusual, it proves nothing). See {@link UserAgents#family(String)}.
 */
public enum UserAgentFamily {
    /** The AWS Management Console, or a browser calling on its behalf. */
    CONSOLE,
    /** The AWS CLI (also in CloudShell) or AWS Tools for PowerShell. */
    CLI,
    SDK_PYTHON,
    SDK_JAVA,
    SDK_GO,
    SDK_JAVASCRIPT,
    SDK_DOTNET,
    SDK_RUBY,
    /** An AWS SDK in another language (PHP, C++, Rust, ...), or one that does not say which. */
    SDK_OTHER,
    TERRAFORM,
    CLOUDFORMATION,
    /** AWS itself: a service acting for the principal ({@code *.amazonaws.com}, {@code AWS Internal}) or its agents. */
    AWS_SERVICE,
    /** A user agent that names none of the above: scripts, scanners, third-party tools. */
    OTHER,
    /** No user agent in the event. */
    UNKNOWN;

    /** Lower case with dashes, e.g. {@code sdk-python}: for metrics, profiles and findings. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True for the SDK families, whatever the language. */
    public boolean isSdk() {
        return name().startsWith("SDK_");
    }
}
