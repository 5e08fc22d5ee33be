package dev.trailstream.simulate;

/**
 * What a simulation wrote.
 *
 * @param events      CloudTrail records in the log files
 * @param eventFiles  log files ({@code *_CloudTrail_*.json.gz})
 * @param digestFiles digest files, which a reader of the logs must skip
 * @param labels      injected attacks, one line each in {@code labels.jsonl}
 * @param principals  principals of the population (without root users and IAM furniture)
 * @param accounts    accounts of the organisation
 */
public record SimulationResult(long events, long eventFiles, long digestFiles, int labels, int principals,
                               int accounts) {
}
