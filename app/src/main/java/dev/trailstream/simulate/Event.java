package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One CloudTrail record before it is written: who, what, when, from where, and how it went.
 *
 * @param time           eventTime
 * @param actor          the principal
 * @param call           eventSource and eventName
 * @param region         awsRegion
 * @param eventId        eventID, a UUID from the seeded stream
 * @param requestId      requestID
 * @param sourceIp       sourceIPAddress
 * @param userAgent      userAgent
 * @param errorCode      errorCode, or null on success
 * @param errorMessage   errorMessage, or null
 * @param request        requestParameters, or null
 * @param response       responseElements, or null
 * @param additional     additionalEventData, or null
 * @param sessionStart   when the session's credentials were issued (console sign-in, role session)
 * @param sessionName    the role session name when it differs from the persona's usual one (a CI run), else null
 * @param console        made from a console session (IAM users then carry ASIA keys and a session context)
 * @param mfa            the session was MFA-authenticated
 */
record Event(Instant time, Persona actor, Call call, String region, String eventId, String requestId, String sourceIp,
             String userAgent, String errorCode, String errorMessage, ObjectNode request, ObjectNode response,
             ObjectNode additional, Instant sessionStart, String sessionName, boolean console, boolean mfa) {

    Event withError(String code, String message) {
        return new Event(time, actor, call, region, eventId, requestId, sourceIp, userAgent, code, message, request,
                null, additional, sessionStart, sessionName, console, mfa);
    }

    Event withRequest(ObjectNode parameters) {
        return new Event(time, actor, call, region, eventId, requestId, sourceIp, userAgent, errorCode, errorMessage,
                parameters, response, additional, sessionStart, sessionName, console, mfa);
    }

    Event withResponse(ObjectNode elements) {
        return new Event(time, actor, call, region, eventId, requestId, sourceIp, userAgent, errorCode, errorMessage,
                request, elements, additional, sessionStart, sessionName, console, mfa);
    }

    Event withAdditional(ObjectNode data) {
        return new Event(time, actor, call, region, eventId, requestId, sourceIp, userAgent, errorCode, errorMessage,
                request, response, data, sessionStart, sessionName, console, mfa);
    }

    Event from(String ip, String agent) {
        return new Event(time, actor, call, region, eventId, requestId, ip, agent, errorCode, errorMessage, request,
                response, additional, sessionStart, sessionName, console, mfa);
    }

    Event withSession(Instant start, String name, boolean viaConsole, boolean withMfa) {
        return new Event(time, actor, call, region, eventId, requestId, sourceIp, userAgent, errorCode, errorMessage,
                request, response, additional, start, name, viaConsole, withMfa);
    }
}
