package dev.trailstream.finding;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.trailstream.topology.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * An OCSF 1.3.0 Detection Finding (class 2004), the value written to {@code trailstream.findings}. Only the attributes
 * TrailStream fills are modelled; records are written in snake case, nulls left out.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DetectionFinding(int activityId, String activityName, int categoryUid, String categoryName,
                               int classUid, String className, long typeUid, String typeName, int severityId,
                               String severity, Integer confidenceId, String confidence, int statusId, String status, long time, String message,
                               Metadata metadata, FindingInfo findingInfo, Actor actor, Cloud cloud,
                               List<Attack> attacks, List<Evidence> evidences) {
    public static final int CLASS_UID = 2004;
    public static final int CATEGORY_UID = 2;
    public static final String OCSF_VERSION = "1.3.0";
    public static final Product PRODUCT = new Product("TrailStream", "TrailStream", productVersion());

    /** A finding with the class, category, type and metadata filled in; status stays New until triage exists. */
    public static DetectionFinding of(FindingActivity activity, Severity severity, long time, String message,
                                      FindingInfo findingInfo, Actor actor, Cloud cloud, List<MitreAttack> attacks,
                                      List<Evidence> evidences) {
        return of(activity, severity, null, time, message, findingInfo, actor, cloud, attacks, evidences);
    }

    /**
     * As {@link #of(FindingActivity, Severity, long, String, FindingInfo, Actor, Cloud, List, List)}, with OCSF's
     * {@code confidence_id}: rules match or do not (no confidence), behavioural anomalies are more or less telling.
     */
    public static DetectionFinding of(FindingActivity activity, Severity severity, Confidence confidence, long time,
                                      String message, FindingInfo findingInfo, Actor actor, Cloud cloud,
                                      List<MitreAttack> attacks, List<Evidence> evidences) {
        return new DetectionFinding(activity.id(), activity.caption(), CATEGORY_UID, "Findings", CLASS_UID,
                "Detection Finding", CLASS_UID * 100L + activity.id(), "Detection Finding: " + activity.caption(),
                severity.id(), severity.caption(), confidence == null ? null : confidence.id(),
                confidence == null ? null : confidence.caption(), 1, "New", time, message,
                new Metadata(PRODUCT, OCSF_VERSION), findingInfo, actor, cloud,
                attacks.stream().map(Attack::of).toList(), evidences.isEmpty() ? null : List.copyOf(evidences));
    }

    public byte[] toJsonBytes() {
        return Json.bytes(this);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Metadata(Product product, String version) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Product(String name, String vendorName, String version) {
    }

    /**
     * @param relatedEvents      at most the configured number, the earliest first
     * @param relatedEventsCount all the events of the finding, listed or not
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FindingInfo(String uid, String title, String desc, List<String> types, long firstSeenTime,
                              long lastSeenTime, List<RelatedEvent> relatedEvents, long relatedEventsCount,
                              Analytic analytic) {
    }

    /** {@code type_id} 1 is OCSF's "Rule", 2 its "Behavioral". */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Analytic(String uid, String name, String type, int typeId) {
        public static Analytic rule(String uid, String name) {
            return new Analytic(uid, name, "Rule", 1);
        }

        /** An analytic that compares an event with what its principal usually does. */
        public static Analytic behavioral(String uid, String name) {
            return new Analytic(uid, name, "Behavioral", 2);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Actor(User user) {
    }

    /** @param type CloudTrail's {@code userIdentity.type}, e.g. {@code Root}, {@code AssumedRole} */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(String uid, String name, String type, Account account) {
    }

    /** {@code type_id} 10 is OCSF's "AWS Account". */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Account(String uid, String type, int typeId) {
        public static Account aws(String uid) {
            return uid == null ? null : new Account(uid, "AWS Account", 10);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cloud(String provider, Account account, String region) {
        public static Cloud aws(String accountId, String region) {
            return new Cloud("AWS", Account.aws(accountId), region);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attack(Ref tactic, Ref technique, Ref subTechnique) {
        static Attack of(MitreAttack attack) {
            return new Attack(Ref.of(attack.tacticUid(), attack.tacticName()),
                    Ref.of(attack.techniqueUid(), attack.techniqueName()),
                    Ref.of(attack.subTechniqueUid(), attack.subTechniqueName()));
        }
    }

    /** An ATT&amp;CK tactic, technique or sub-technique; the name is left out when the rule does not give it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ref(String uid, String name) {
        static Ref of(String uid, String name) {
            return uid == null ? null : new Ref(uid, name);
        }
    }

    private static String productVersion() {
        // Written by Maven resource filtering, so the finding names the build that produced it.
        try (InputStream in = DetectionFinding.class.getResourceAsStream("product.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
