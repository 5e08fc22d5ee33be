package dev.trailstream.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * The counts of everything processed under one state dir, written as {@code summary.json}.
 *
 * <p>Every event read from the files is accounted for: {@code events_ingested = events_unique + events_duplicate +
 * (events dropped to the DLQ)}; records that could not even be read as events are {@code events_rejected} too.
 *
 * <p>{@code findings_by_rule} counts findings by the id of the rule that raised them ({@code finding_info.analytic.uid},
 * e.g. {@code trailstream.root-account-usage}), in id order; {@code findings_by_severity} by the finding's OCSF severity
 * ({@code critical}, {@code high}, {@code medium}, {@code low}, {@code informational}), most severe first.
 *
 * <p>{@code findings_allowed} counts the matches the allow-list ({@code run --allow}) silenced, rule matches and
 * anomaly signals alike, and {@code findings_allowed_by_analytic} breaks them down by analytic id: matches, not
 * findings, since a silenced match never opens a finding to count. Read from {@code pipeline-stats}, so they cover
 * everything under the state dir, earlier runs included.
 *
 * <p>{@code principals} counts the profiles kept; {@code principals_evicted} those deleted because their principal
 * stayed idle longer than {@code --principal-retention} (from {@code pipeline-stats}: earlier runs included).
 *
 * <p>{@code least_privilege} ({@link LeastPrivilegeSummary}) is there only when IAM snapshots were on the topic and
 * the outputs were written; so is {@code roles_vs_users} ({@link RolesVersusUsersSummary}).
 */
public record Summary(
        @JsonProperty("events_ingested") long eventsIngested,
        @JsonProperty("events_unique") long eventsUnique,
        @JsonProperty("events_duplicate") long eventsDuplicate,
        @JsonProperty("events_rejected") long eventsRejected,
        @JsonProperty("files_read") long filesRead,
        @JsonProperty("files_rejected") long filesRejected,
        @JsonProperty("files_skipped") long filesSkipped,
        @JsonProperty("ingest_errors") long ingestErrors,
        @JsonProperty("principals") long principals,
        @JsonProperty("principals_evicted") long principalsEvicted,
        @JsonProperty("findings") long findings,
        @JsonProperty("findings_by_rule") Map<String, Long> findingsByRule,
        @JsonProperty("findings_by_severity") Map<String, Long> findingsBySeverity,
        @JsonProperty("findings_allowed") long findingsAllowed,
        @JsonProperty("findings_allowed_by_analytic") Map<String, Long> findingsAllowedByAnalytic,
        @JsonProperty("least_privilege") @JsonInclude(JsonInclude.Include.NON_NULL)
        LeastPrivilegeSummary leastPrivilege,
        @JsonProperty("roles_vs_users") @JsonInclude(JsonInclude.Include.NON_NULL)
        RolesVersusUsersSummary rolesVsUsers) {
}
