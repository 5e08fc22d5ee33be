package dev.trailstream.simulate;

/**
 * One AWS account of the organisation, with the two regions its workloads run in.
 *
 * @param index     position in the organisation (0 is the management account)
 * @param id        the 12-digit account id
 * @param alias     the account alias
 * @param primary   the region most work happens in
 * @param secondary the disaster-recovery / second region
 */
record Account(int index, String id, String alias, String primary, String secondary) {
    static final String GLOBAL_REGION = "us-east-1";
    static final String TRAIL = "management-events";

    /** The regions whose trail files this account has: its two, and us-east-1 where global services log. */
    java.util.List<String> regions() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(java.util.List.of(primary, secondary, GLOBAL_REGION));
        return java.util.List.copyOf(all);
    }

    String trailArn() {
        return "arn:aws:cloudtrail:" + primary + ":" + id + ":trail/" + TRAIL;
    }

    String bucket() {
        return "aws-cloudtrail-logs-" + id + "-" + alias;
    }
}
