package dev.trailstream.finding;

/**
 * A MITRE ATT&amp;CK tactic and technique, with the sub-technique when there is one. Names may be missing (a Sigma
 * rule's tags carry technique ids only); a tactic or a technique must be there.
 *
 * @param tacticUid        e.g. {@code TA0004}; null when the rule names only a technique
 * @param techniqueUid     e.g. {@code T1078}; null when the rule names only a tactic
 * @param subTechniqueUid  e.g. {@code T1078.004}; null when there is none
 * @param subTechniqueName e.g. {@code Cloud Accounts}; null when there is none or it is not known
 */
public record MitreAttack(String tacticUid, String tacticName, String techniqueUid, String techniqueName,
                          String subTechniqueUid, String subTechniqueName) {
    public MitreAttack {
        if (tacticUid == null && techniqueUid == null) {
            throw new IllegalArgumentException("an ATT&CK reference needs a tactic or a technique");
        }
    }
}
