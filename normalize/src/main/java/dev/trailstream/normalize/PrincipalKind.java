package dev.trailstream.normalize;

/** What kind of identity a principal is; the advice differs for each (MFA for humans, roles for workloads). */
public enum PrincipalKind {
    HUMAN,
    WORKLOAD,
    SERVICE,
    ROOT,
    /** Not enough in the event to tell (cross-account callers, hidden user names of failed sign-ins). */
    UNKNOWN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
