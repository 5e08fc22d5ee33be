package dev.trailstream.detect;

import dev.trailstream.finding.MitreAttack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MITRE ATT&amp;CK references of a rule, from TrailStream's {@code attack:} list or Sigma's {@code attack.*} tags.
 *
 * <p>The fourteen Enterprise tactics are listed here so that a rule needs only the tactic id and a typo in one is
 * caught at load. Technique names come from the rule: {@code T1562.008 Impair Defenses: Disable or Modify Cloud
 * Logs} (ATT&amp;CK's own way of writing a sub-technique) or just the id.
 */
final class AttackTags {
    /** Enterprise tactic id → name. */
    static final Map<String, String> TACTICS = tactics();
    private static final Pattern TACTIC = Pattern.compile("(TA\\d{4})(?:\\s+(.+))?");
    private static final Pattern TECHNIQUE = Pattern.compile("(T\\d{4})(\\.\\d{3})?(?:\\s+(.+))?");
    private static final Pattern SIGMA_TECHNIQUE = Pattern.compile("attack\\.(t\\d{4})(\\.\\d{3})?");

    private AttackTags() {
    }

    private static Map<String, String> tactics() {
        Map<String, String> tactics = new LinkedHashMap<>();
        tactics.put("TA0043", "Reconnaissance");
        tactics.put("TA0042", "Resource Development");
        tactics.put("TA0001", "Initial Access");
        tactics.put("TA0002", "Execution");
        tactics.put("TA0003", "Persistence");
        tactics.put("TA0004", "Privilege Escalation");
        tactics.put("TA0005", "Defense Evasion");
        tactics.put("TA0006", "Credential Access");
        tactics.put("TA0007", "Discovery");
        tactics.put("TA0008", "Lateral Movement");
        tactics.put("TA0009", "Collection");
        tactics.put("TA0011", "Command and Control");
        tactics.put("TA0010", "Exfiltration");
        tactics.put("TA0040", "Impact");
        return Map.copyOf(tactics);
    }

    /** One {@code attack:} entry: {@code tactic: TA0005 [name]} and {@code technique: T1562.008 [name]}. */
    static MitreAttack entry(Map<?, ?> entry) {
        for (Object key : entry.keySet()) {
            if (!"tactic".equals(key) && !"technique".equals(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; an entry has tactic and technique");
            }
        }
        if (!(entry.get("tactic") instanceof String tactic) || !(entry.get("technique") instanceof String technique)) {
            throw new IllegalArgumentException("an entry needs tactic (e.g. 'TA0005 Defense Evasion') and technique "
                    + "(e.g. 'T1562.008 Impair Defenses: Disable or Modify Cloud Logs')");
        }
        Matcher t = TACTIC.matcher(tactic.strip());
        if (!t.matches() || !TACTICS.containsKey(t.group(1))) {
            throw new IllegalArgumentException("tactic '" + tactic + "' is not an Enterprise ATT&CK tactic; they are "
                    + TACTICS.keySet().stream().sorted().map(id -> id + " " + TACTICS.get(id)).toList());
        }
        String tacticName = TACTICS.get(t.group(1));
        if (t.group(2) != null && !t.group(2).equalsIgnoreCase(tacticName)) {
            throw new IllegalArgumentException("tactic " + t.group(1) + " is " + tacticName + ", not " + t.group(2));
        }
        Matcher m = TECHNIQUE.matcher(technique.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("technique '" + technique + "' is not T#### or T####.### with an "
                    + "optional name");
        }
        String techniqueId = m.group(1);
        String name = m.group(3);
        if (m.group(2) == null) {
            return new MitreAttack(t.group(1), tacticName, techniqueId, name, null, null);
        }
        String techniqueName = null;
        String subName = null;
        if (name != null) {
            int colon = name.indexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException("name a sub-technique as 'Technique: Sub-technique' (ATT&CK's "
                        + "form), e.g. 'T1562.008 Impair Defenses: Disable or Modify Cloud Logs'; was '" + name + "'");
            }
            techniqueName = name.substring(0, colon);
            subName = name.substring(colon + 2);
        }
        return new MitreAttack(t.group(1), tacticName, techniqueId, techniqueName, techniqueId + m.group(2), subName);
    }

    /**
     * Sigma's tags: {@code attack.defense-evasion} (or {@code defense_evasion}) and {@code attack.t1562.001}. Every
     * technique is paired with every tactic, as the tags do not say which goes with which; other tags are ignored.
     */
    static List<MitreAttack> fromSigmaTags(List<?> tags) {
        List<String> tactics = new ArrayList<>();
        List<String[]> techniques = new ArrayList<>();
        for (Object tag : tags) {
            if (!(tag instanceof String text)) {
                throw new IllegalArgumentException("tags must be strings, found " + tag);
            }
            String lower = text.toLowerCase(Locale.ROOT).strip();
            Matcher technique = SIGMA_TECHNIQUE.matcher(lower);
            if (technique.matches()) {
                techniques.add(new String[] {technique.group(1).toUpperCase(Locale.ROOT), technique.group(2)});
            } else if (lower.startsWith("attack.")) {
                String tactic = tacticId(lower.substring("attack.".length()));
                if (tactic != null) {
                    tactics.add(tactic);
                }
            }
        }
        List<MitreAttack> attacks = new ArrayList<>();
        for (String tactic : tactics.isEmpty() ? Collections.<String>singletonList(null) : tactics) {
            if (techniques.isEmpty() && tactic != null) {
                attacks.add(new MitreAttack(tactic, TACTICS.get(tactic), null, null, null, null));
            }
            for (String[] technique : techniques) {
                attacks.add(new MitreAttack(tactic, tactic == null ? null : TACTICS.get(tactic), technique[0], null,
                        technique[1] == null ? null : technique[0] + technique[1], null));
            }
        }
        return attacks;
    }

    /** {@code defense-evasion}, {@code defense_evasion} → TA0005; null for other attack tags (groups, software). */
    private static String tacticId(String sigmaName) {
        String wanted = sigmaName.replace('_', ' ').replace('-', ' ');
        for (Map.Entry<String, String> tactic : TACTICS.entrySet()) {
            if (tactic.getValue().toLowerCase(Locale.ROOT).equals(wanted)) {
                return tactic.getKey();
            }
        }
        return null;
    }
}
