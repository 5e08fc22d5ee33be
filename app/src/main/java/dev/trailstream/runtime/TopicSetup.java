package dev.trailstream.runtime;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates TrailStream's topics when they are missing; existing topics are left as the operator made them. */
public final class TopicSetup {
    /** What kind of retention a topic needs. */
    public enum Retention {
        /** a stream of records: the broker's retention applies */
        STREAM,
        /** one latest record per key, kept forever (snapshots, object completions) */
        COMPACTED,
        /** kept forever: the findings topic is the contract SIEMs read from, possibly days later */
        FOREVER
    }

    /**
     * @param configs further topic settings, on top of those of the retention (e.g. a larger
     *                {@code max.message.bytes}); applied only when the topic is created here
     */
    public record TopicSpec(String name, int partitions, Retention retention, Map<String, String> configs) {
        public TopicSpec {
            configs = Map.copyOf(configs);
        }

        public TopicSpec(String name, int partitions, Retention retention) {
            this(name, partitions, retention, Map.of());
        }
    }

    private TopicSetup() {
    }

    public static void ensure(Admin admin, List<TopicSpec> specs, Optional<Short> replicationFactor)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (existing.contains(spec.name())) {
                continue;
            }
            NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()), replicationFactor);
            Map<String, String> configs = new HashMap<>(spec.configs());
            switch (spec.retention()) {
                case COMPACTED -> configs.put("cleanup.policy", "compact");
                case FOREVER -> configs.put("retention.ms", "-1");
                case STREAM -> { }
            }
            if (!configs.isEmpty()) {
                topic.configs(configs);
            }
            missing.add(topic);
        }
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // Another instance may have created it between our listing and our request.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
