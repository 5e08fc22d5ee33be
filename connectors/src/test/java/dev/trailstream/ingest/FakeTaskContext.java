package dev.trailstream.ingest;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** A task context whose offset store holds whatever the test committed. */
final class FakeTaskContext implements SourceTaskContext, OffsetStorageReader {
    private final Map<String, String> configs;
    private final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();

    FakeTaskContext(Map<String, String> configs) {
        this.configs = configs;
    }

    /** Commits an offset, as the worker would after delivering the record that carries it. */
    FakeTaskContext committed(Map<String, ?> partition, Map<String, ?> offset) {
        offsets.put(Map.copyOf(partition), offset == null ? null : new HashMap<>(offset));
        return this;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return this;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return offsets.get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        partitions.forEach(partition -> result.put(partition, offsets.get(partition)));
        return result;
    }
}
