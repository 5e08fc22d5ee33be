package dev.trailstream.access;

/** A policy statement's effect. IAM spells them {@code Allow} and {@code Deny}, exactly. */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String label;

    Effect(String label) {
        this.label = label;
    }

    /** As written in a policy. */
    public String label() {
        return label;
    }
}
