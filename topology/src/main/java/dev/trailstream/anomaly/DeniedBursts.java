package dev.trailstream.anomaly;

import dev.trailstream.detect.match.ComputedField;
import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.Severity;
import dev.trailstream.normalize.PrincipalKind;
import dev.trailstream.profile.IdlePrincipals;
import dev.trailstream.topology.Json;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bursts of denied calls: at least {@link AnomalySettings#deniedMinCalls()} calls of one principal denied for lack of
 * permission (AccessDenied..., ...UnauthorizedOperation; see {@code trailstream.outcome}) across at least
 * {@link AnomalySettings#deniedMinActions()} distinct IAM actions within {@link AnomalySettings#deniedWindow()} of
 * event time: someone finding out what a credential may do. Every denied call that completes or extends a burst is
 * signalled; {@link AnomalyFindings} groups them per principal and UTC hour.
 *
 * <p>AWS service principals are left out: a service retrying a call it may not make can produce thousands of
 * AccessDenied, and that is a misconfiguration for a dashboard, not an intruder. A dedicated small store rather than
 * the hourly activity windows: a five-minute window needs the calls' times, which the hourly counts do not keep.
 *
 * <ul>
 *   <li>in: unique events; out: {@link AnomalySignal}s</li>
 *   <li>state: {@value #STORE}: {@code KeyValueStore<String principalId, DeniedCalls>}, JSON; written only for denied
 *       calls, one small entry per principal denied within the principal retention ({@link IdlePrincipals}: an
 *       entry whose newest denied call is older goes)</li>
 * </ul>
 */
public final class DeniedBursts {
    /** The store of recent denied calls per principal. */
    public static final String STORE = dev.trailstream.topology.Stores.PRINCIPAL_DENIED_CALLS;

    private DeniedBursts() {
    }

    static KStream<String, AnomalySignal> attach(KStream<String, CloudTrailEvent> unique, AnomalySettings settings,
                                                 Duration principalRetention) {
        return unique.process(new Supplier(settings, principalRetention), Named.as("detect-denied-bursts"));
    }

    /** The newest denied call's time: the principal was active then (and maybe later, not denied). */
    static long lastActive(DeniedCalls calls) {
        return calls.calls().isEmpty() ? IdlePrincipals.UNKNOWN
                : calls.calls().get(calls.calls().size() - 1).time();
    }

    static boolean counts(CloudTrailEvent event) {
        return event.failed() && event.principal().kind() != PrincipalKind.SERVICE
                && "denied".equals(ComputedField.outcome(event));
    }

    private record Supplier(AnomalySettings settings, Duration principalRetention)
            implements ProcessorSupplier<String, CloudTrailEvent, String, AnomalySignal> {
        @Override
        public Processor<String, CloudTrailEvent, String, AnomalySignal> get() {
            return new BurstProcessor(settings, principalRetention);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(STORE),
                    Serdes.String(), Json.serde(DeniedCalls.class)));
        }
    }

    private static final class BurstProcessor implements Processor<String, CloudTrailEvent, String, AnomalySignal> {
        private final AnomalySettings settings;
        private final Duration principalRetention;
        private ProcessorContext<String, AnomalySignal> context;
        private KeyValueStore<String, DeniedCalls> store;
        private IdlePrincipals<DeniedCalls> idle;

        BurstProcessor(AnomalySettings settings, Duration principalRetention) {
            this.settings = settings;
            this.principalRetention = principalRetention;
        }

        @Override
        public void init(ProcessorContext<String, AnomalySignal> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
            this.idle = IdlePrincipals.of(store, DeniedBursts::lastActive, principalRetention);
        }

        @Override
        public void process(Record<String, CloudTrailEvent> record) {
            CloudTrailEvent event = record.value();
            long time = event.eventTime().toEpochMilli();
            // Every event moves the retention clock, not only denied ones.
            idle.advance(time);
            if (!counts(event)) {
                return;
            }
            long windowMs = settings.deniedWindow().toMillis();
            DeniedCalls before = store.get(record.key());
            DeniedCalls after = (before == null ? DeniedCalls.EMPTY : before)
                    .with(new DeniedCalls.Call(time, event.action()), windowMs);
            store.put(record.key(), after);
            List<DeniedCalls.Call> recent = after.within(time, windowMs);
            Set<String> actions = new TreeSet<>();
            recent.forEach(c -> actions.add(c.action()));
            if (recent.size() < settings.deniedMinCalls() || actions.size() < settings.deniedMinActions()) {
                return;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("action", event.action());
            data.put("error_code", event.errorCode());
            data.put("denied_calls", recent.size());
            data.put("distinct_actions", actions.size());
            data.put("actions", actions.stream().limit(10).toList());
            data.put("window_seconds", settings.deniedWindow().toSeconds());
            context.forward(record.withValue(new AnomalySignal(AnomalyKind.DENIED_BURST, event,
                    Severity.MEDIUM, Confidence.MEDIUM, data)));
        }
    }
}
