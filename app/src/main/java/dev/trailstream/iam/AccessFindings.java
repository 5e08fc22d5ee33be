package dev.trailstream.iam;

import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.Risk;
import dev.trailstream.access.RiskRanking;
import dev.trailstream.access.UsedAccess;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.DetectionFinding;
import dev.trailstream.finding.FindingActivity;
import dev.trailstream.finding.IamAnalysisFinding;
import dev.trailstream.finding.Severity;
import dev.trailstream.normalize.IamAction;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The findings an access review stands by: one per unused role, user, access key and console password, one per
 * principal with unused permissions, one per risky grant never needed. Each has a uid that only depends on what it is
 * about (so every review, instance and replay names it the same) and a fingerprint of what it says, so that
 * {@link AccessReview} can tell new (Create), changed (Update) and gone (Close) findings apart.
 */
public final class AccessFindings {
    public static final String UNUSED_ROLE = "trailstream.access.unused-role";
    public static final String UNUSED_USER = "trailstream.access.unused-user";
    public static final String UNUSED_ACCESS_KEY = "trailstream.access.unused-access-key";
    public static final String UNUSED_PASSWORD = "trailstream.access.unused-console-password";
    public static final String UNUSED_PERMISSIONS = "trailstream.access.unused-permissions";
    public static final String RISKY_GRANT = "trailstream.access.risky-grant";
    /** How many unused services a finding names; the count covers all. */
    static final int LISTED_SERVICES = 10;

    private AccessFindings() {
    }

    /**
     * One finding as the review stands by it.
     *
     * @param uid         name-based UUID of (analytic, subject)
     * @param principal   the user or role ARN: the record key on the findings topic
     * @param accountId   the snapshot's account
     * @param analyticId  one of this class's constants
     * @param subject     what the finding is about: the principal, {@code <user> access key 1}, {@code <arn> kms:*}
     * @param fingerprint what it says, in a form that changes only when the finding should be updated
     * @param severity    how much it matters
     * @param confidence  how much history it rests on
     * @param title       the finding's title
     * @param desc        the evidence in words
     * @param details     what goes under {@code unmapped}
     * @param permissions the permission analysis, or null
     * @param used        the principal's use, for the activity metrics
     * @param role        the principal is a role (else a user)
     */
    public record Open(String uid, String principal, String accountId, String analyticId, String subject,
                       String fingerprint, Severity severity, Confidence confidence, String title, String desc,
                       Map<String, Object> details, IamAnalysisFinding.PermissionAnalysis permissions,
                       UsedAccess used, boolean role) {
        public Open {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(fingerprint, "fingerprint");
        }

        /** The record to write for this finding: opened, updated or closed, at event time {@code time}. */
        public IamAnalysisFinding finding(FindingActivity activity, Instant firstSeen, Instant time, String closedWhy) {
            Map<String, Object> unmapped = new LinkedHashMap<>(details);
            String message = title;
            if (closedWhy != null) {
                unmapped.put("closed_because", closedWhy);
                message = title + " — resolved: " + closedWhy;
            }
            DetectionFinding.FindingInfo info = new DetectionFinding.FindingInfo(uid, title, desc,
                    List.of(analyticId.substring(analyticId.lastIndexOf('.') + 1)), firstSeen.toEpochMilli(),
                    time.toEpochMilli(), null, 0, new DetectionFinding.Analytic(analyticId, AccessFindings.title(analyticId),
                    "Behavioral", 2));
            String type = analyticId.equals(UNUSED_ACCESS_KEY) ? "AWS::IAM::AccessKey"
                    : role ? "AWS::IAM::Role" : "AWS::IAM::User";
            List<IamAnalysisFinding.Resource> resources = List.of(new IamAnalysisFinding.Resource(principal,
                    subject, type));
            IamAnalysisFinding.ActivityMetrics metrics = used == null ? null : new IamAnalysisFinding.ActivityMetrics(
                    used.firstEvent() == null ? null : used.firstEvent().toEpochMilli(),
                    used.lastEvent() == null ? null : used.lastEvent().toEpochMilli());
            return IamAnalysisFinding.of(activity, severity, confidence, time.toEpochMilli(), message, info,
                    accountId, resources, permissions == null ? null : List.of(permissions), metrics, unmapped);
        }
    }

    /** Every finding the review stands by, by uid, in report order. */
    public static Map<String, Open> of(AccessReports review) {
        Map<String, Open> open = new LinkedHashMap<>();
        for (AccessReports.Entry entry : review.entries().values()) {
            for (Open o : of(entry)) {
                open.put(o.uid(), o);
            }
        }
        return open;
    }

    static List<Open> of(AccessReports.Entry entry) {
        LeastPrivilegeReport r = entry.report();
        String arn = r.principalArn();
        Confidence confidence = confidence(r.confidence());
        List<Open> out = new ArrayList<>();
        boolean principalUnused = false;
        for (LeastPrivilegeReport.Finding f : r.findings()) {
            String analytic = switch (f.kind()) {
                case UNUSED_ROLE -> UNUSED_ROLE;
                case UNUSED_USER -> UNUSED_USER;
                case UNUSED_ACCESS_KEY -> UNUSED_ACCESS_KEY;
                case UNUSED_CONSOLE_PASSWORD -> UNUSED_PASSWORD;
            };
            principalUnused |= f.kind() == LeastPrivilegeReport.FindingKind.UNUSED_ROLE
                    || f.kind() == LeastPrivilegeReport.FindingKind.UNUSED_USER;
            // A role nobody uses is clutter; a user, a key or a password nobody uses is a credential to steal.
            Severity severity = f.kind() == LeastPrivilegeReport.FindingKind.UNUSED_ROLE ? Severity.LOW : Severity.MEDIUM;
            Confidence c = confidence(f.confidence());
            String title = switch (f.kind()) {
                case UNUSED_ROLE -> "Unused role " + name(arn);
                case UNUSED_USER -> "Unused IAM user " + name(arn);
                case UNUSED_ACCESS_KEY -> "Unused access key: " + f.subject();
                case UNUSED_CONSOLE_PASSWORD -> "Unused console password: " + f.subject();
            };
            Map<String, Object> details = details(f.confidence());
            details.put("subject", f.subject());
            if (f.lastUsed() != null) {
                details.put("last_used", f.lastUsed().toString());
            }
            out.add(new Open(uid(analytic, f.subject()), arn, entry.accountId(), analytic, f.subject(),
                    c.name(), severity, c, title, f.why() + "; " + advice(f.kind()), details, null, entry.used(),
                    r.role()));
        }
        // The whole principal unused says it all: its unused permissions would be the same finding again.
        if (!principalUnused && !r.unusedActions().isEmpty()) {
            List<String> services = r.unusedServices().stream().map(LeastPrivilegeReport.UnusedService::service)
                    .limit(LISTED_SERVICES).toList();
            Map<String, Object> details = details(r.confidence());
            details.put("unused_actions", r.unusedActions().size());
            details.put("unused_services", r.unusedServices().size());
            details.put("riskiest_unused", r.unusedActions().stream().limit(LISTED_SERVICES)
                    .map(IamAction::action).toList());
            details.put("rightsized_policy", "/api/principals/" + URLEncoder.encode(arn,
                    StandardCharsets.UTF_8) + "/rightsize");
            String title = "Unused permissions: " + name(arn) + " used " + r.policy().services().stream()
                    .mapToInt(s -> s.kept().size()).sum() + " of " + entry.granted().count() + " actions granted";
            String desc = r.unusedActions().size() + " granted actions not used in " + r.confidence().daysObserved()
                    + " days observed (lookback " + r.confidence().lookbackDays() + " days), riskiest first: "
                    + String.join(", ", r.unusedActions().stream().limit(5).map(IamAction::action).toList())
                    + (services.isEmpty() ? "" : "; services never used: " + String.join(", ", services))
                    + "; replace the grant with the rightsized policy";
            IamAnalysisFinding.PermissionAnalysis permissions = new IamAnalysisFinding.PermissionAnalysis(
                    new IamAnalysisFinding.Policy("identity policies of " + arn, "Identity Policy"),
                    r.unusedActions().size(), r.unusedServices().size(), null);
            // Updated when the unused set changes size or the services never used change, not on every new day.
            String fingerprint = confidence.name() + "|" + r.unusedActions().size() + "|" + services;
            // unusedActions is riskiest first: the first one rates the finding.
            Severity severity = severity(RiskRanking.bundled().risk(r.unusedActions().get(0)));
            out.add(new Open(uid(UNUSED_PERMISSIONS, arn), arn, entry.accountId(), UNUSED_PERMISSIONS, arn,
                    fingerprint, severity, confidence, title, desc, details, permissions, entry.used(), r.role()));
        }
        // Administrator access and PassRole on * each stand alone; wildcards on sensitive services are one finding
        // per principal, listing them, so that a broad policy raises one thing to fix rather than six.
        List<LeastPrivilegeReport.RiskyGrant> wildcards = new ArrayList<>();
        for (LeastPrivilegeReport.RiskyGrant g : r.riskyGrants()) {
            if (g.kind() == LeastPrivilegeReport.RiskyGrantKind.SENSITIVE_SERVICE_WILDCARD) {
                wildcards.add(g);
            } else {
                out.add(risky(entry, List.of(g), g.kind() == LeastPrivilegeReport.RiskyGrantKind.ADMIN_EQUIVALENT
                        ? Severity.HIGH : Severity.MEDIUM, confidence));
            }
        }
        if (!wildcards.isEmpty()) {
            out.add(risky(entry, wildcards, Severity.MEDIUM, confidence));
        }
        return out;
    }

    private static Open risky(AccessReports.Entry entry, List<LeastPrivilegeReport.RiskyGrant> grants,
                              Severity severity, Confidence confidence) {
        LeastPrivilegeReport r = entry.report();
        String arn = r.principalArn();
        LeastPrivilegeReport.RiskyGrantKind kind = grants.get(0).kind();
        String kindName = kind.name().toLowerCase(Locale.ROOT);
        List<String> whats = grants.stream().map(LeastPrivilegeReport.RiskyGrant::what).sorted().toList();
        Map<String, Object> details = details(r.confidence());
        details.put("grant", kindName);
        details.put("what", whats);
        IamAnalysisFinding.PermissionAnalysis permissions = new IamAnalysisFinding.PermissionAnalysis(
                new IamAnalysisFinding.Policy("identity policies of " + arn, "Identity Policy"), null, null, whats);
        String title = switch (kind) {
            case ADMIN_EQUIVALENT -> "Administrator access never needed: " + name(arn);
            case PASS_ROLE_ON_EVERY_RESOURCE -> "iam:PassRole on every role: " + name(arn);
            case SENSITIVE_SERVICE_WILDCARD -> "Wildcards on sensitive services, not needed: " + name(arn) + " ("
                    + String.join(", ", whats) + ")";
        };
        String desc = String.join("; ", grants.stream().map(g -> g.what() + ": " + g.why()).toList());
        // The uid names the kind, not the services: adding a wildcard updates the finding rather than opening another.
        return new Open(uid(RISKY_GRANT, arn + " " + kindName), arn, entry.accountId(), RISKY_GRANT, arn + " "
                + kindName, kindName + "|" + whats, severity, confidence, title, desc, details, permissions,
                entry.used(), r.role());
    }

    /** A name-based UUID of (analytic, subject): the same finding has the same uid everywhere, always. */
    static String uid(String analyticId, String subject) {
        return UUID.nameUUIDFromBytes(("access\n" + analyticId + '\n' + subject).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static Severity severity(Risk riskiest) {
        return switch (riskiest) {
            case PRIVILEGE_ESCALATION, CREDENTIAL_EXPOSURE, PERMISSIONS_MANAGEMENT -> Severity.MEDIUM;
            case WRITE, TAGGING -> Severity.LOW;
            case LIST, READ -> Severity.INFORMATIONAL;
        };
    }

    private static String advice(LeastPrivilegeReport.FindingKind kind) {
        return switch (kind) {
            case UNUSED_ROLE -> "delete the role, or remove its policies";
            case UNUSED_USER -> "delete the user, or disable its credentials";
            case UNUSED_ACCESS_KEY -> "deactivate the key, then delete it";
            case UNUSED_CONSOLE_PASSWORD -> "remove the login profile";
        };
    }

    private static Map<String, Object> details(dev.trailstream.access.Confidence c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("days_observed", c.daysObserved());
        m.put("lookback_days", c.lookbackDays());
        return m;
    }

    private static Confidence confidence(dev.trailstream.access.Confidence c) {
        return switch (c.level()) {
            case HIGH -> Confidence.HIGH;
            case MEDIUM -> Confidence.MEDIUM;
            case LOW -> Confidence.LOW;
        };
    }

    private static String name(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static String title(String analyticId) {
        return switch (analyticId) {
            case UNUSED_ROLE -> "Unused role";
            case UNUSED_USER -> "Unused IAM user";
            case UNUSED_ACCESS_KEY -> "Unused access key";
            case UNUSED_PASSWORD -> "Unused console password";
            case UNUSED_PERMISSIONS -> "Unused permissions";
            default -> "Risky grant never needed";
        };
    }
}
