package dev.trailstream.anomaly;

import dev.trailstream.detect.FindingWindows;
import dev.trailstream.finding.MitreAttack;

import java.time.Duration;
import java.util.List;

/**
 * The behavioural anomalies TrailStream raises. The {@link #analyticId()} is part of every finding uid, as a rule id
 * is: changing it re-opens the findings of the kind under new uids.
 *
 * <p>ATT&amp;CK references say what each anomaly is evidence of, for a SIEM that pivots on them: a first-time source IP
 * or client is how stolen credentials show (Valid Accounts: Cloud Accounts), a new region is ATT&amp;CK's "Unused/
 * Unsupported Cloud Regions", a denied burst is cloud account and infrastructure discovery.
 */
public enum AnomalyKind {
    FIRST_TIME_ACTION("first-time-action", "First-time IAM action",
            "The principal exercised an IAM permission it had never used before, after its learning period.",
            FindingWindows.DAY, List.of(Attacks.VALID_CLOUD_ACCOUNTS_PRIVILEGE_ESCALATION)),
    FIRST_TIME_SOURCE_IP("first-time-source-ip", "First-time source IP",
            "The principal called AWS from a source IP address it had never used before, after its learning period.",
            FindingWindows.DAY, List.of(Attacks.VALID_CLOUD_ACCOUNTS_INITIAL_ACCESS)),
    FIRST_TIME_REGION("first-time-region", "First-time region",
            "The principal called into a region it had never used before, after its learning period.",
            FindingWindows.DAY, List.of(Attacks.UNUSED_CLOUD_REGIONS)),
    FIRST_TIME_USER_AGENT("first-time-user-agent", "First-time kind of client",
            "The principal used a kind of client (user-agent family) it had never used before, after its learning "
                    + "period.", FindingWindows.DAY, List.of(Attacks.VALID_CLOUD_ACCOUNTS_INITIAL_ACCESS)),
    DENIED_BURST("denied-burst", "Burst of denied calls",
            "The principal was denied many calls across several distinct actions within minutes: someone finding out "
                    + "what a credential may do (enumeration).",
            FindingWindows.HOUR, List.of(Attacks.CLOUD_ACCOUNT_DISCOVERY, Attacks.CLOUD_INFRASTRUCTURE_DISCOVERY)),
    CHAIN("chain", "Escalation or persistence right after suspicious behaviour",
            "The principal changed permissions or created a way back in (a privilege escalation or persistence rule "
                    + "fired) within an hour of a burst of denied calls or of calling from a new source IP: the "
                    + "pattern of an intruder who found out what a stolen credential may do and then made it more. "
                    + "The finding cites the events of both steps.",
            FindingWindows.DAY, List.of()),
    LONG_TERM_KEY_WORKLOAD("long-term-key-workload", "Long-term access key used like a workload",
            "Advice, not an attack: an IAM user's long-term access key (AKIA...) was used around the clock or from "
                    + "many addresses in one day, as a program uses it. Such a key never expires and works from "
                    + "anywhere; move the workload to an IAM role with temporary credentials, then deactivate and "
                    + "delete the key.", FindingWindows.DAY, List.of()),
    RATE_SPIKE("rate-spike", "API call rate far above the principal's baseline",
            "The principal made far more API calls in one minute than in its usual active minutes: a runaway "
                    + "loop, or credentials used in bulk (resource hijacking, mass reads or deletions).",
            FindingWindows.HOUR, List.of(Attacks.RESOURCE_HIJACKING, Attacks.DATA_FROM_CLOUD_STORAGE)),
    ERROR_RATE_SPIKE("error-rate-spike", "API error rate far above the principal's baseline",
            "The principal's calls failed far more often in one minute than in its usual active minutes: "
                    + "throttling of a runaway caller, or someone trying calls the credential may not make.",
            FindingWindows.HOUR, List.of(Attacks.CLOUD_INFRASTRUCTURE_DISCOVERY));

    private final String slug;
    private final String title;
    private final String description;
    private final Duration window;
    private final List<MitreAttack> mitre;

    AnomalyKind(String slug, String title, String description, Duration window, List<MitreAttack> mitre) {
        this.slug = slug;
        this.title = title;
        this.description = description;
        this.window = window;
        this.mitre = mitre;
    }

    /** E.g. {@code trailstream.anomaly.first-time-action}; the finding's {@code finding_info.analytic.uid}. */
    public String analyticId() {
        return "trailstream.anomaly." + slug;
    }

    /** The OCSF {@code finding_info.types} entry, e.g. {@code first-time-action}. */
    public String findingType() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The built-in suppression window: how long one finding takes the signals of one principal. */
    public Duration window() {
        return window;
    }

    /** What the anomaly is evidence of; a chain takes the references of its two steps instead. */
    public List<MitreAttack> mitre() {
        return mitre;
    }

    /** ATT&amp;CK references, spelled once. */
    static final class Attacks {
        static final MitreAttack VALID_CLOUD_ACCOUNTS_INITIAL_ACCESS = new MitreAttack("TA0001", "Initial Access",
                "T1078", "Valid Accounts", "T1078.004", "Cloud Accounts");
        static final MitreAttack VALID_CLOUD_ACCOUNTS_PRIVILEGE_ESCALATION = new MitreAttack("TA0004",
                "Privilege Escalation", "T1078", "Valid Accounts", "T1078.004", "Cloud Accounts");
        static final MitreAttack UNUSED_CLOUD_REGIONS = new MitreAttack("TA0005", "Defense Evasion", "T1535",
                "Unused/Unsupported Cloud Regions", null, null);
        static final MitreAttack CLOUD_ACCOUNT_DISCOVERY = new MitreAttack("TA0007", "Discovery", "T1087",
                "Account Discovery", "T1087.004", "Cloud Account");
        static final MitreAttack CLOUD_INFRASTRUCTURE_DISCOVERY = new MitreAttack("TA0007", "Discovery", "T1580",
                "Cloud Infrastructure Discovery", null, null);
        static final MitreAttack RESOURCE_HIJACKING = new MitreAttack("TA0040", "Impact", "T1496",
                "Resource Hijacking", null, null);
        static final MitreAttack DATA_FROM_CLOUD_STORAGE = new MitreAttack("TA0009", "Collection", "T1530",
                "Data from Cloud Storage", null, null);

        private Attacks() {
        }
    }
}
