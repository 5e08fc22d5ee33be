package dev.trailstream.finding;

import java.util.Objects;

/**
 * A MITRE ATT&amp;CK tactic and technique, with the sub-technique when there is one.
 *
 * @param subTechniqueUid  e.g. {@code T1078.004}; null when the technique has none
 * @param subTechniqueName e.g. {@code Cloud Accounts}; null when the technique has none
 */
public record MitreAttack(String tacticUid, String tacticName, String techniqueUid, String techniqueName,
                          String subTechniqueUid, String subTechniqueName) {
    public MitreAttack {
        Objects.requireNonNull(tacticUid, "tacticUid");
        Objects.requireNonNull(tacticName, "tacticName");
        Objects.requireNonNull(techniqueUid, "techniqueUid");
        Objects.requireNonNull(techniqueName, "techniqueName");
    }
}
