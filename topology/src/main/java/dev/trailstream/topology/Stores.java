package dev.trailstream.topology;

/**
 * The names of the state stores, for interactive queries. A store name is a contract with the state already on disk
 * and in its changelog: renaming one orphans that state (the golden test of {@code describe()} catches it).
 */
public final class Stores {
    /** {@code KeyValueStore<String principalId, PrincipalProfile>}; binary values, see {@code ProfileCodec}. */
    public static final String PRINCIPAL_PROFILES = "principal-profiles";
    /** {@code WindowStore<String principalId, Activity>}, one-hour windows; binary values, see {@code ProfileCodec}. */
    public static final String PRINCIPAL_ACTIVITY_HOURLY = "principal-activity-hourly";
    /** {@code WindowStore<String principalId, Activity>}, one-day (UTC) windows. */
    public static final String PRINCIPAL_ACTIVITY_DAILY = "principal-activity-daily";
    /** {@code KeyValueStore<String counter, Long>}, one partial count per task: sum with {@link PipelineStats#sum}. */
    public static final String PIPELINE_STATS = "pipeline-stats";
    /**
     * {@code WindowStore<String eventID, Long eventTimeMs>}, timestamped with ingest time: the event ids read within the
     * de-duplication horizon.
     */
    public static final String SEEN_EVENT_IDS = "seen-event-ids";
    /** {@code KeyValueStore<String findingUid, FindingGroup>}: findings still taking related events. */
    public static final String OPEN_FINDINGS = "open-findings";

    /** {@code KeyValueStore<String principalId, DeniedCalls>}: recent denied calls, for bursts (JSON). */
    public static final String PRINCIPAL_DENIED_CALLS = "principal-denied-calls";
    /**
     * {@code KeyValueStore<String principalId, ChainSteps>}: the principal's recent chain steps (suspicious behaviour,
     * escalation or persistence), within an hour of its newest (JSON).
     */
    public static final String PRINCIPAL_CHAIN_STEPS = "principal-chain-steps";
    /** {@code KeyValueStore<String principalId, KeyUsage>}: long-term access key use per key and day (binary). */
    public static final String PRINCIPAL_KEY_USAGE = "principal-key-usage";
    /**
     * {@code KeyValueStore<String principalId, RateBaseline>}: histograms of per-minute call and error counts, for
     * rate spikes; binary values, see {@code RateBaselineCodec}.
     */
    public static final String PRINCIPAL_RATE_BASELINES = "principal-rate-baselines";
    /**
     * {@code WindowStore<String principalId, MinuteCounts>}, one-minute windows of event time: each recent minute's
     * calls, for rate spikes; binary values, see {@code RateBaselineCodec}.
     */
    public static final String PRINCIPAL_RATE_MINUTES = "principal-rate-minutes";
    /** {@code KeyValueStore<String findingUid, AnomalyGroup>}: anomaly findings still taking events (JSON). */
    public static final String OPEN_ANOMALY_FINDINGS = "open-anomaly-findings";

    private Stores() {
    }
}
