package dev.trailstream.anomaly;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.finding.Confidence;
import dev.trailstream.finding.Severity;
import dev.trailstream.profile.IdlePrincipals;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Long-term access keys used like a workload: an IAM user's {@code AKIA...} key used in at least
 * {@link WorkloadKeySettings#minHours()} distinct UTC hours of one day ("around the clock") or from at least
 * {@link WorkloadKeySettings#minSourceIps()} distinct source addresses in one day ("from many places"). That is an
 * application holding a key that never expires; IAM's advice is a role with temporary credentials. Advice, not an
 * attack: severity Low, confidence High when both hold and Medium otherwise.
 *
 * <p>Counted: calls by an {@code IAMUser} with a long-term key ({@code AKIA}; temporary keys are {@code ASIA}), made
 * by the user itself (no {@code invokedBy}: an AWS service calling for the user is not the user's program) and not in
 * a console session (no {@code sessionContext} MFA attribute: console and CloudShell calls carry one). Failed calls
 * count: a denied call still used the key. Each reason is signalled once per key and UTC day, by the call that
 * reached it; {@link AnomalyFindings} groups the signals per principal and UTC day, so a key that is used around
 * the clock and later from many places too updates its day's finding once, to High confidence.
 *
 * <ul>
 *   <li>in: unique events; out: {@link AnomalySignal}s</li>
 *   <li>state: {@value #STORE}: {@code KeyValueStore<String principalId, KeyUsage>}, binary ({@link KeyUsageCodec},
 *       a version byte first); written only for counted calls, and only when a call adds an hour, an address or a
 *       signal, so at most a few dozen writes per key and day; one entry per IAM user with a key in use, holding
 *       that day and the day before; an entry whose newest day is older than the principal retention goes
 *       ({@link IdlePrincipals})</li>
 * </ul>
 */
public final class WorkloadKeys {
    /** Long-term key use per IAM user, key and day. */
    public static final String STORE = dev.trailstream.topology.Stores.PRINCIPAL_KEY_USAGE;
    static final int AROUND_THE_CLOCK = 1;
    static final int MANY_SOURCE_IPS = 2;
    static final String ADVICE = "Move this workload to an IAM role with temporary credentials, then deactivate and "
            + "delete the key.";
    private static final int MAX_EXAMPLE_IPS = 5;
    private static final long DAY_MS = 86_400_000L;
    private static final long HOUR_MS = 3_600_000L;
    // Addresses only: calls AWS makes show a service name (ec2.amazonaws.com) or "AWS Internal", not a place.
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private WorkloadKeys() {
    }

    static KStream<String, AnomalySignal> attach(KStream<String, CloudTrailEvent> unique, AnomalySettings settings,
                                                 Duration principalRetention) {
        return unique.process(new Supplier(settings.workloadKeys(), principalRetention),
                Named.as("detect-workload-keys"));
    }

    /** The end of the newest key-day: the user's key was last used within it. */
    static long lastActive(KeyUsage usage) {
        long newest = IdlePrincipals.UNKNOWN;
        for (KeyUsage.KeyDay day : usage.days()) {
            newest = Math.max(newest, (day.epochDay() + 1) * DAY_MS);
        }
        return newest;
    }

    /** A call an IAM user's own program made with the user's long-term access key. */
    static boolean counts(CloudTrailEvent event) {
        return "IAMUser".equals(event.principal().identityType())
                && event.accessKeyId() != null && event.accessKeyId().startsWith("AKIA")
                && event.invokedBy() == null
                // Set from sessionContext.attributes.mfaAuthenticated (or a sign-in's MFAUsed): a console session.
                && event.mfaUsed() == null;
    }

    /** The source address, or null when CloudTrail names a service instead. */
    static String address(String sourceIp) {
        return sourceIp != null && (IPV4.matcher(sourceIp).matches() || IPV6.matcher(sourceIp).matches())
                ? sourceIp : null;
    }

    static List<String> reasons(int reasons) {
        List<String> names = new ArrayList<>(2);
        if ((reasons & AROUND_THE_CLOCK) != 0) {
            names.add("around-the-clock");
        }
        if ((reasons & MANY_SOURCE_IPS) != 0) {
            names.add("many-source-ips");
        }
        return names;
    }

    private record Supplier(WorkloadKeySettings settings, Duration principalRetention)
            implements ProcessorSupplier<String, CloudTrailEvent, String, AnomalySignal> {
        @Override
        public Processor<String, CloudTrailEvent, String, AnomalySignal> get() {
            return new KeyProcessor(settings, principalRetention);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(STORE),
                    Serdes.String(), KeyUsageCodec.serde()));
        }
    }

    private static final class KeyProcessor implements Processor<String, CloudTrailEvent, String, AnomalySignal> {
        private final WorkloadKeySettings settings;
        private final Duration principalRetention;
        private ProcessorContext<String, AnomalySignal> context;
        private KeyValueStore<String, KeyUsage> store;
        private IdlePrincipals<KeyUsage> idle;

        KeyProcessor(WorkloadKeySettings settings, Duration principalRetention) {
            this.settings = settings;
            this.principalRetention = principalRetention;
        }

        @Override
        public void init(ProcessorContext<String, AnomalySignal> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
            this.idle = IdlePrincipals.of(store, WorkloadKeys::lastActive, principalRetention);
        }

        @Override
        public void process(Record<String, CloudTrailEvent> record) {
            CloudTrailEvent event = record.value();
            long time = event.eventTime().toEpochMilli();
            // Every event moves the retention clock, not only long-term key calls.
            idle.advance(time);
            if (!counts(event)) {
                return;
            }
            long epochDay = Math.floorDiv(time, DAY_MS);
            int hour = (int) (Math.floorMod(time, DAY_MS) / HOUR_MS);
            String principal = record.key();
            KeyUsage usage = idle.live(store.get(principal), time);
            usage = usage == null ? KeyUsage.EMPTY : usage;
            if (!usage.keeps(epochDay)) {
                return;
            }
            KeyUsage.KeyDay before = usage.day(event.accessKeyId(), epochDay);
            if (before == null) {
                before = KeyUsage.KeyDay.start(event.accessKeyId(), epochDay);
            }
            // One address past the threshold: enough to know it was reached, and the store stays bounded.
            KeyUsage.KeyDay after = before.withCall(hour, address(event.sourceIpAddress()),
                    settings.minSourceIps() + 1);
            int reached = (after.hoursActive() >= settings.minHours() ? AROUND_THE_CLOCK : 0)
                    | (after.sourceIps().size() >= settings.minSourceIps() ? MANY_SOURCE_IPS : 0);
            int fresh = reached & ~after.signalled();
            after = after.withSignalled(fresh);
            if (!after.equals(before)) {
                store.put(principal, usage.with(after));
            }
            if (fresh == 0) {
                return;
            }
            Map<String, Object> ips = new LinkedHashMap<>();
            ips.put("count", after.sourceIps().size());
            ips.put("examples", after.sourceIps().stream().limit(MAX_EXAMPLE_IPS).toList());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("access_key_id", event.accessKeyId());
            data.put("hours_active", after.hoursActive());
            data.put("source_ips", ips);
            data.put("reason", reasons(reached));
            data.put("advice", ADVICE);
            Confidence confidence = reached == (AROUND_THE_CLOCK | MANY_SOURCE_IPS) ? Confidence.HIGH
                    : Confidence.MEDIUM;
            context.forward(record.withValue(new AnomalySignal(AnomalyKind.LONG_TERM_KEY_WORKLOAD, event,
                    Severity.LOW, confidence, data)));
        }
    }
}
