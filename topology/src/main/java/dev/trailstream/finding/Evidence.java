package dev.trailstream.finding;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * An OCSF Evidence Artifacts object: the API call of one matching event and, in {@code data}, its {@code eventID} and
 * the fields the rule matched on with the event's values (one value as a string, several as a list).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evidence(Api api, Map<String, Object> data) {
    public record Api(String operation, Service service) {
    }

    public record Service(String name) {
    }
}
