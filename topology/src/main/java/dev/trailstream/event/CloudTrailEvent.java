package dev.trailstream.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.normalize.Principal;

import java.time.Instant;
import java.util.Objects;

/**
 * One CloudTrail event, parsed once: the fields the pipeline uses, typed, plus the whole event for rules that need
 * more.
 *
 * @param eventId            {@code eventID}, unique per event (redeliveries repeat it)
 * @param eventTime          {@code eventTime}: the time everything downstream runs on
 * @param eventSource        the service host, e.g. {@code iam.amazonaws.com}
 * @param eventName          the API operation, e.g. {@code CreateUser}
 * @param awsRegion          nullable
 * @param sourceIpAddress    {@code sourceIPAddress}: an IP, or a service host for calls made by AWS; nullable
 * @param userAgent          nullable
 * @param errorCode          present when the call failed; nullable
 * @param readOnly           null when CloudTrail does not say (console sign-ins, older events)
 * @param recipientAccountId the account that received the call; nullable
 * @param principal          who made the call, as {@link dev.trailstream.normalize.Principals} resolves it
 * @param accessKeyId        {@code userIdentity.accessKeyId}; nullable
 * @param mfaUsed            from {@code additionalEventData.MFAUsed} (sign-ins) or
 *                           {@code sessionContext.attributes.mfaAuthenticated}; null when neither is present
 * @param eventType          e.g. {@code AwsApiCall}, {@code AwsConsoleSignIn}, {@code AwsServiceEvent}; nullable
 * @param invokedBy          {@code userIdentity.invokedBy}: the AWS service that made the call for the principal;
 *                           nullable
 * @param raw                the whole event; shared, do not modify it
 */
public record CloudTrailEvent(String eventId, Instant eventTime, String eventSource, String eventName, String awsRegion,
                              String sourceIpAddress, String userAgent, String errorCode, Boolean readOnly,
                              String recipientAccountId, Principal principal, String accessKeyId, Boolean mfaUsed,
                              String eventType, String invokedBy, ObjectNode raw) {
    public CloudTrailEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(eventSource, "eventSource");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(raw, "raw");
    }

    /**
     * {@code <service>:<eventName>}, e.g. {@code iam:CreateUser} for {@code iam.amazonaws.com}. Close to, but not yet,
     * the IAM action: a few services sign with a different prefix than their host, and some events are not actions.
     */
    public String action() {
        int dot = eventSource.indexOf('.');
        return (dot > 0 ? eventSource.substring(0, dot) : eventSource) + ":" + eventName;
    }

    public boolean failed() {
        return errorCode != null;
    }
}
