package dev.trailstream.detect;

import java.util.List;

/** The rules the topology runs. Their ids must stay unique: they are part of every finding uid. */
public final class Rules {
    private Rules() {
    }

    public static List<Rule> builtIn() {
        return List.of(new RootAccountUsage());
    }
}
