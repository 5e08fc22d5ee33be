package dev.trailstream.anomaly;

import dev.trailstream.detect.OpenFindings;
import dev.trailstream.detect.Rule;
import dev.trailstream.detect.RuleMatch;
import dev.trailstream.detect.RulePack;
import dev.trailstream.detect.AllowList;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.MitreAttack;
import dev.trailstream.finding.RelatedEvent;
import dev.trailstream.finding.Severity;
import dev.trailstream.profile.IdlePrincipals;
import dev.trailstream.topology.Json;
import dev.trailstream.topology.TopologyConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chains: a precursor (a {@link AnomalyKind#DENIED_BURST} or a {@link AnomalyKind#FIRST_TIME_SOURCE_IP} signal) and,
 * within {@link #WINDOW} after it in event time, a follow-up (a match of a rule whose ATT&amp;CK tactic is Persistence
 * TA0003 or Privilege Escalation TA0004) by the same principal raise one {@link AnomalyKind#CHAIN} signal that cites
 * both events. Either step may arrive first: CloudTrail delivers files out of order, so a late precursor still finds
 * the follow-ups it explains. A follow-up is chained once; the signal is High, Critical when the follow-up's rule is
 * High or Critical on its own, and carries the ATT&amp;CK references of both steps.
 *
 * <ul>
 *   <li>in: the anomaly signals that were not allow-listed, and the rule matches that were not
 *       ({@code RuleDetections}); both keyed by principal id, in the same sub-topology</li>
 *   <li>out: {@link AnomalySignal}s of kind {@code chain}; a chain the allow-list silences is counted, not passed</li>
 *   <li>state: {@value #STORE}: {@code KeyValueStore<String principalId, ChainSteps>}, JSON, written only for steps,
 *       which are rare; an entry whose newest step is older than the principal retention goes
 *       ({@link IdlePrincipals})</li>
 * </ul>
 */
public final class Chains {
    /** The store of recent steps per principal. */
    public static final String STORE = dev.trailstream.topology.Stores.PRINCIPAL_CHAIN_STEPS;
    /** How long after a precursor a follow-up still chains to it. */
    public static final Duration WINDOW = Duration.ofHours(1);
    private static final Set<String> FOLLOW_UP_TACTICS = Set.of("TA0003", "TA0004");

    private Chains() {
    }

    /** One step on its way to {@code detect-chains}, in memory. */
    record Input(boolean followUp, String analytic, CloudTrailEvent event, Severity severity,
                 List<MitreAttack> mitre) {
    }

    static KStream<String, AnomalySignal> attach(KStream<String, AnomalySignal> signals,
                                                 KStream<String, RuleMatch> matches, TopologyConfig config) {
        KStream<String, Input> precursors = signals.flatMapValues(Chains::precursor, Named.as("chain-precursors"));
        KStream<String, Input> followUps = matches.flatMapValues(Chains::followUp, Named.as("chain-follow-ups"));
        return precursors.merge(followUps, Named.as("merge-chain-steps"))
                .processValues(new Supplier(config.rules(), config.allowList(), config.principalRetention()),
                        Named.as("detect-chains"),
                        OpenFindings.statsStoreFor(config.allowList()));
    }

    static List<Input> precursor(AnomalySignal signal) {
        AnomalyKind kind = signal.kind();
        if (kind != AnomalyKind.DENIED_BURST && kind != AnomalyKind.FIRST_TIME_SOURCE_IP) {
            return List.of();
        }
        return List.of(new Input(false, kind.analyticId(), signal.event(), signal.severity(), signal.mitre()));
    }

    static List<Input> followUp(RuleMatch match) {
        Rule rule = match.rule();
        return isFollowUp(rule) ? List.of(new Input(true, rule.id(), match.event(), rule.severity(), rule.mitre()))
                : List.of();
    }

    static boolean isFollowUp(Rule rule) {
        return rule.mitre().stream().anyMatch(m -> m.tacticUid() != null && FOLLOW_UP_TACTICS.contains(m.tacticUid()));
    }

    /** The newest step's time: the principal was active then. */
    static long lastActive(ChainSteps steps) {
        return steps.steps().isEmpty() ? IdlePrincipals.UNKNOWN : steps.steps().get(steps.steps().size() - 1).time();
    }

    private record Supplier(RulePack rules, AllowList allowList, Duration principalRetention)
            implements FixedKeyProcessorSupplier<String, Input, AnomalySignal> {
        @Override
        public FixedKeyProcessor<String, Input, AnomalySignal> get() {
            return new ChainProcessor(rules, allowList, principalRetention);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(STORE),
                    Serdes.String(), Json.serde(ChainSteps.class)));
        }
    }

    private static final class ChainProcessor implements FixedKeyProcessor<String, Input, AnomalySignal> {
        private final RulePack rules;
        private final AllowList allowList;
        private final Duration principalRetention;
        private FixedKeyProcessorContext<String, AnomalySignal> context;
        private KeyValueStore<String, ChainSteps> store;
        private KeyValueStore<String, Long> stats;
        private IdlePrincipals<ChainSteps> idle;

        ChainProcessor(RulePack rules, AllowList allowList, Duration principalRetention) {
            this.rules = rules;
            this.allowList = allowList;
            this.principalRetention = principalRetention;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, AnomalySignal> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
            this.idle = IdlePrincipals.of(store, Chains::lastActive, principalRetention);
            this.stats = allowList.isEmpty() ? null
                    : context.getStateStore(dev.trailstream.topology.Stores.PIPELINE_STATS);
        }

        @Override
        public void process(FixedKeyRecord<String, Input> record) {
            Input input = record.value();
            CloudTrailEvent event = input.event();
            long time = event.eventTime().toEpochMilli();
            // The clock moves with the steps, the only records this processor sees: an idle principal's entry goes
            // at the first step of anyone a day (of event time) or more after it fell out of the retention.
            idle.advance(time);
            long window = WINDOW.toMillis();
            ChainSteps before = store.get(record.key());
            ChainSteps steps = (before == null ? ChainSteps.EMPTY : before).with(new ChainSteps.Step(input.followUp(),
                    input.analytic(), event.eventId(), event.action(), time, false), window);
            if (input.followUp()) {
                Optional<ChainSteps.Step> precursor = steps.precursorBefore(time, window);
                if (precursor.isPresent()) {
                    steps = steps.chained(List.of(event.eventId()));
                    emit(record, input, precursor.get(), List.of(precursor.get()), input.severity(), input.mitre());
                }
            } else {
                List<ChainSteps.Step> followUps = steps.followUpsAfter(time, window);
                if (!followUps.isEmpty()) {
                    steps = steps.chained(followUps.stream().map(ChainSteps.Step::eventId).toList());
                    Severity worst = Severity.INFORMATIONAL;
                    List<MitreAttack> mitre = new ArrayList<>();
                    for (ChainSteps.Step step : followUps) {
                        Optional<Rule> rule = rules.rule(step.analytic());
                        if (rule.isPresent()) {
                            worst = rule.get().severity().id() > worst.id() ? rule.get().severity() : worst;
                            rule.get().mitre().stream().filter(m -> !mitre.contains(m)).forEach(mitre::add);
                        }
                    }
                    emit(record, input, null, followUps, worst, mitre);
                }
            }
            store.put(record.key(), steps);
        }

        /**
         * @param precursor the earlier step when the current event is the follow-up, else null
         * @param cited     the other steps, whose events the finding lists beside the current one
         */
        private void emit(FixedKeyRecord<String, Input> record, Input current, ChainSteps.Step precursor,
                          List<ChainSteps.Step> cited, Severity followUpSeverity, List<MitreAttack> followUpMitre) {
            CloudTrailEvent event = current.event();
            if (OpenFindings.allowed(allowList, stats, AnomalyKind.CHAIN.analyticId(), event)) {
                return;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            if (precursor != null) {
                data.put("precursor", precursor.analytic());
                data.put("precursor_event_id", precursor.eventId());
                data.put("precursor_time", Instant.ofEpochMilli(precursor.time()).toString());
                data.put("follow_up", current.analytic());
                data.put("follow_up_action", event.action());
                data.put("minutes_after", (event.eventTime().toEpochMilli() - precursor.time()) / 60_000);
            } else {
                data.put("precursor", current.analytic());
                data.put("follow_up", cited.stream().map(ChainSteps.Step::analytic).distinct().toList());
                data.put("follow_up_event_ids", cited.stream().map(ChainSteps.Step::eventId).toList());
                data.put("follow_up_actions", cited.stream().map(ChainSteps.Step::action).distinct().toList());
                data.put("minutes_after", (cited.get(cited.size() - 1).time() - event.eventTime().toEpochMilli())
                        / 60_000);
            }
            Severity severity = followUpSeverity.id() >= Severity.HIGH.id() ? Severity.CRITICAL : Severity.HIGH;
            List<MitreAttack> mitre = new ArrayList<>();
            List<MitreAttack> precursorMitre = precursor != null ? kindOf(precursor.analytic()).mitre()
                    : current.mitre();
            precursorMitre.stream().filter(m -> !mitre.contains(m)).forEach(mitre::add);
            followUpMitre.stream().filter(m -> !mitre.contains(m)).forEach(mitre::add);
            List<RelatedEvent> cites = cited.stream().map(s -> new RelatedEvent(s.eventId(), s.action())).toList();
            context.forward(record.withValue(new AnomalySignal(AnomalyKind.CHAIN, event, severity, Confidence.HIGH,
                    data, cites, mitre)));
        }

        private static AnomalyKind kindOf(String analyticId) {
            for (AnomalyKind kind : AnomalyKind.values()) {
                if (kind.analyticId().equals(analyticId)) {
                    return kind;
                }
            }
            throw new IllegalStateException("no anomaly kind " + analyticId);
        }
    }
}
