package dev.trailstream.finding;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.trailstream.topology.Json;

import java.util.List;
import java.util.Map;

/**
 * An OCSF 1.6.0 IAM Analysis Finding (class 2008): what the access review writes to {@code trailstream.findings}
 * beside the Detection Findings, about access granted and not used (unused roles, users, keys, passwords,
 * permissions) or too broad (administrator access, {@code iam:PassRole} on every resource). Only the attributes
 * TrailStream fills are modelled; snake case, nulls left out.
 *
 * <p>The finding opens ({@code activity_id} 1), is updated (2) when what it says changes, and is closed (3, status
 * Resolved) when the access is used or removed; consumers keep the latest record per {@code finding_info.uid}.
 * TrailStream's own details (days observed, lookback, why it closed) are under {@code unmapped}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IamAnalysisFinding(int activityId, String activityName, int categoryUid, String categoryName,
                                 int classUid, String className, long typeUid, String typeName, int severityId,
                                 String severity, Integer confidenceId, String confidence, int statusId,
                                 String status, long time, String message, DetectionFinding.Metadata metadata,
                                 DetectionFinding.FindingInfo findingInfo, DetectionFinding.Cloud cloud,
                                 List<Resource> resources, List<PermissionAnalysis> permissionAnalysisResults,
                                 ActivityMetrics identityActivityMetrics, Map<String, Object> unmapped) {
    public static final int CLASS_UID = 2008;
    public static final String OCSF_VERSION = "1.6.0";

    /**
     * A finding with class, category, type, status and metadata filled in: New while open, Resolved once closed.
     */
    public static IamAnalysisFinding of(FindingActivity activity, Severity severity, Confidence confidence, long time,
                                        String message, DetectionFinding.FindingInfo info, String accountId,
                                        List<Resource> resources, List<PermissionAnalysis> permissions,
                                        ActivityMetrics metrics, Map<String, Object> unmapped) {
        boolean closed = activity == FindingActivity.CLOSE;
        return new IamAnalysisFinding(activity.id(), activity.caption(), DetectionFinding.CATEGORY_UID, "Findings",
                CLASS_UID, "IAM Analysis Finding", CLASS_UID * 100L + activity.id(),
                "IAM Analysis Finding: " + activity.caption(), severity.id(), severity.caption(),
                confidence == null ? null : confidence.id(), confidence == null ? null : confidence.caption(),
                closed ? 4 : 1, closed ? "Resolved" : "New", time, message,
                new DetectionFinding.Metadata(DetectionFinding.PRODUCT, OCSF_VERSION), info,
                DetectionFinding.Cloud.aws(accountId, null), resources, permissions, metrics, unmapped);
    }

    public byte[] toJsonBytes() {
        return Json.bytes(this);
    }

    /**
     * The IAM principal or credential the finding is about.
     *
     * @param type {@code AWS::IAM::User}, {@code AWS::IAM::Role} or {@code AWS::IAM::AccessKey}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(String uid, String name, String type) {
    }

    /**
     * OCSF's Permission Analysis Result: granted versus used for the principal's policies taken together.
     *
     * @param policy                 what was analysed (the principal's effective identity policies)
     * @param unusedPrivilegesCount  granted, observable actions not used in the lookback
     * @param unusedServicesCount    services granted of which nothing was used
     * @param grantedPrivileges      for risky grants, the permission itself (e.g. {@code iam:PassRole on *})
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PermissionAnalysis(Policy policy, Integer unusedPrivilegesCount, Integer unusedServicesCount,
                                     List<String> grantedPrivileges) {
    }

    /** @param name e.g. {@code identity policies of arn:aws:iam::...:role/x} */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Policy(String name, String type) {
    }

    /** When the principal or credential was first and last seen in the events, in epoch milliseconds; null if never. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActivityMetrics(Long firstSeenTime, Long lastSeenTime) {
    }
}
