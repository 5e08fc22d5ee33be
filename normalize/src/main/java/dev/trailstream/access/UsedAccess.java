package dev.trailstream.access;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one principal was seen doing, as the behaviour profiles hold it, independent of Kafka: the input of
 * {@link LeastPrivilegeReport}. All times are event times, so a replay of old logs answers as a live run would.
 *
 * @param principalArn     the user or role
 * @param actions          the IAM actions it called successfully (denied calls are not use)
 * @param accessKeys       the access keys it signed calls with
 * @param lastConsoleLogin its last successful console sign-in, or null when none was seen
 * @param firstEvent       its first event seen, or null when none
 * @param lastEvent        its last event seen, or null when none
 * @param historyStart     the oldest event the pipeline has seen for the account, or null when unknown (then the
 *                         principal's first event stands in for it)
 * @param newestEvent      the newest event seen overall: where the lookback ends
 * @param denied           the IAM actions it was denied for lack of permission: what {@link DeniedAccess} explains
 */
public record UsedAccess(String principalArn, List<UsedAction> actions, List<KeyUse> accessKeys,
                         Instant lastConsoleLogin, Instant firstEvent, Instant lastEvent, Instant historyStart,
                         Instant newestEvent, List<DeniedAction> denied) {
    public UsedAccess {
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(newestEvent, "newestEvent");
        actions = List.copyOf(actions);
        accessKeys = List.copyOf(accessKeys);
        denied = denied == null ? List.of() : List.copyOf(denied);
    }

    /** What was used, without denied actions: the shape before access-denied troubleshooting, for its callers. */
    public UsedAccess(String principalArn, List<UsedAction> actions, List<KeyUse> accessKeys,
                      Instant lastConsoleLogin, Instant firstEvent, Instant lastEvent, Instant historyStart,
                      Instant newestEvent) {
        this(principalArn, actions, accessKeys, lastConsoleLogin, firstEvent, lastEvent, historyStart, newestEvent,
                List.of());
    }

    /**
     * One action called successfully.
     *
     * @param action    {@code service:Name} as the event mapping gives it
     * @param firstUse  the first successful call seen
     * @param lastUse   the last one
     * @param count     how many
     */
    public record UsedAction(String action, Instant firstUse, Instant lastUse, long count) {
        public UsedAction {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(firstUse, "firstUse");
            Objects.requireNonNull(lastUse, "lastUse");
        }
    }

    /**
     * One action whose calls were denied for lack of permission.
     *
     * @param action      {@code service:Name} as the event mapping gives it
     * @param firstDenied the first denied call seen
     * @param lastDenied  the last one
     * @param count       how many
     * @param resource    the resource ARN of the newest denied call that named one, or null
     */
    public record DeniedAction(String action, Instant firstDenied, Instant lastDenied, long count, String resource) {
        public DeniedAction {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(firstDenied, "firstDenied");
            Objects.requireNonNull(lastDenied, "lastDenied");
        }
    }

    /**
     * One access key's last use.
     *
     * @param accessKeyId the key ({@code AKIA...})
     * @param lastUse     the last call signed with it
     */
    public record KeyUse(String accessKeyId, Instant lastUse) {
        public KeyUse {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(lastUse, "lastUse");
        }
    }

    /** A principal of which nothing was seen, for a history ending at {@code newestEvent}. */
    public static UsedAccess nothingSeen(String principalArn, Instant historyStart, Instant newestEvent) {
        return new UsedAccess(principalArn, List.of(), List.of(), null, null, null, historyStart, newestEvent);
    }

    /** The actions last used at or after {@code since}, by lower-cased name. */
    Map<String, UsedAction> usedSince(Instant since) {
        Map<String, UsedAction> used = new LinkedHashMap<>();
        for (UsedAction a : actions) {
            if (!a.lastUse().isBefore(since)) {
                used.merge(a.action().toLowerCase(Locale.ROOT), a,
                        (x, y) -> x.lastUse().isAfter(y.lastUse()) ? x : y);
            }
        }
        return used;
    }
}
