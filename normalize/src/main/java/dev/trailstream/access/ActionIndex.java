package dev.trailstream.access;

import dev.trailstream.normalize.ActionCatalogue;
import dev.trailstream.normalize.IamAction;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalogue's actions numbered 0..n-1 (service, then name), so that a set of actions is a {@link BitSet}: 22,000
 * actions are 2.8 KB, and intersecting what identity policies allow with what a boundary allows is a few hundred
 * word operations. The expansion of each action pattern is computed once and cached: {@code *}, {@code s3:Get*} and
 * the like recur in nearly every policy of an account. Thread-safe.
 */
final class ActionIndex {
    private final ActionCatalogue catalogue;
    private final List<IamAction> actions = new ArrayList<>();
    /** Service prefix → index of its first action; its actions are contiguous. */
    private final Map<String, Integer> firstOfService = new HashMap<>();
    private final Map<IamAction, Integer> indexOf = new HashMap<>();
    /** Lower-cased pattern → the actions it matches. Never mutated once cached. */
    private final Map<String, BitSet> expansions = new ConcurrentHashMap<>();
    private final BitSet all;

    ActionIndex(ActionCatalogue catalogue) {
        this.catalogue = catalogue;
        for (String service : catalogue.services()) {
            firstOfService.put(service, actions.size());
            for (IamAction a : catalogue.actionsOf(service)) {
                indexOf.put(a, actions.size());
                actions.add(a);
            }
        }
        all = new BitSet(actions.size());
        all.set(0, actions.size());
    }

    int size() {
        return actions.size();
    }

    IamAction action(int index) {
        return actions.get(index);
    }

    /** The index of a catalogued action, or -1. */
    int indexOf(String action) {
        return catalogue.find(action).map(indexOf::get).orElse(-1);
    }

    /** Every action. The caller must not modify it. */
    BitSet all() {
        return all;
    }

    /**
     * The actions one pattern of an {@code Action} element matches ({@code *}, {@code iam:*}, {@code s3:Get*},
     * {@code ec2:?escribe*}, ignoring case). The caller must not modify it; empty when nothing matches.
     */
    BitSet matching(String pattern) {
        return expansions.computeIfAbsent(pattern.toLowerCase(Locale.ROOT), this::expand);
    }

    private BitSet expand(String pattern) {
        if (pattern.equals("*")) {
            return all;
        }
        BitSet bits = new BitSet(actions.size());
        int colon = pattern.indexOf(':');
        if (colon > 0 && pattern.substring(colon + 1).equals("*")) {
            // A whole service is a contiguous range: no need to look at each action.
            Integer first = firstOfService.get(pattern.substring(0, colon));
            if (first != null) {
                bits.set(first, first + catalogue.actionsOf(pattern.substring(0, colon)).size());
            }
            return bits;
        }
        for (IamAction a : catalogue.expand(pattern)) {
            bits.set(indexOf.get(a));
        }
        return bits;
    }
}
