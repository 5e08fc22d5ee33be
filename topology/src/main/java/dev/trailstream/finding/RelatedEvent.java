package dev.trailstream.finding;

/**
 * An event a finding rests on.
 *
 * @param uid  the CloudTrail eventID
 * @param type the action, e.g. {@code signin:ConsoleLogin}
 */
public record RelatedEvent(String uid, String type) {
}
