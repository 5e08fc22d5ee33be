package dev.trailstream.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailstream.normalize.EventAction;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.UserAgentFamily;

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
 * @param principal          who made the call, as {@link dev.trailstream.normalize.Principals} resolves it (its
 *                           {@code sessionName} is the role session's name)
 * @param accessKeyId        {@code userIdentity.accessKeyId}; nullable
 * @param mfaUsed            from {@code additionalEventData.MFAUsed} (sign-ins) or
 *                           {@code sessionContext.attributes.mfaAuthenticated}; null when neither is present
 * @param eventType          e.g. {@code AwsApiCall}, {@code AwsConsoleSignIn}, {@code AwsServiceEvent}; nullable
 * @param invokedBy          {@code userIdentity.invokedBy}: the AWS service that made the call for the principal;
 *                           nullable
 * @param iamAction          the IAM action the event stands for, as {@link dev.trailstream.normalize.EventActions}
 *                           finds it from eventSource, eventName and eventType
 * @param userAgentFamily    what kind of client the user agent claims to be; {@code UNKNOWN} without one
 * @param managementEvent    {@code managementEvent}: false for data and network activity events; null when the
 *                           event does not say (older formats)
 * @param eventCategory      {@code eventCategory}: {@code Management}, {@code Data}, {@code Insight},
 *                           {@code NetworkActivity}; nullable
 * @param vpcEndpointId      {@code vpcEndpointId}: the VPC endpoint the call came through; nullable
 * @param raw                the whole event; shared, do not modify it
 */
public record CloudTrailEvent(String eventId, Instant eventTime, String eventSource, String eventName, String awsRegion,
                              String sourceIpAddress, String userAgent, String errorCode, Boolean readOnly,
                              String recipientAccountId, Principal principal, String accessKeyId, Boolean mfaUsed,
                              String eventType, String invokedBy, EventAction iamAction,
                              UserAgentFamily userAgentFamily, Boolean managementEvent, String eventCategory,
                              String vpcEndpointId, ObjectNode raw) {
    public CloudTrailEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(eventSource, "eventSource");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(iamAction, "iamAction");
        Objects.requireNonNull(userAgentFamily, "userAgentFamily");
        Objects.requireNonNull(raw, "raw");
    }

    /**
     * The IAM action as {@code service:Name}, e.g. {@code s3:ListBucket} for a {@code ListObjects} event; see
     * {@link #iamAction()} for whether it is in the catalogue or needs no permission at all.
     */
    public String action() {
        return iamAction.action();
    }

    public boolean failed() {
        return errorCode != null;
    }
}
