package dev.trailstream.ingest;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.trailstream.ingest.PrefixCursorTest.PREFIX;
import static dev.trailstream.ingest.PrefixCursorTest.key;
import static dev.trailstream.ingest.PrefixCursorTest.stem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceOffsetTest {
    private static final LookbackWindow WINDOW = new LookbackWindow(stem("1135"),
            List.of(key("1200", "a"), key("1200", "b\"quoted,\nand split"), key("1205", "c")));

    @Test
    void writesTheWindowAsStringsRelativeToThePrefixAndReadsItBack() {
        SourceOffset offset = new SourceOffset(key("1200", "b\"quoted,\nand split"), 4, false, Optional.of(WINDOW));

        Map<String, Object> map = offset.toMap();

        String name = "2026/11/02/111122223333_CloudTrail_us-east-1_20261102T";
        assertThat(map).containsEntry("start", name + "1135Z")
                .containsEntry("recent", "[\"" + name + "1200Z_a.json.gz\",\"" + name
                        + "1200Z_b\\\"quoted,\\nand split.json.gz\",\"" + name + "1205Z_c.json.gz\"]");
        assertThat(SourceOffset.fromMap(map)).contains(offset);
    }

    @Test
    void holdsOnlyThePrimitiveValuesConnectAcceptsInOffsets() {
        // What Connect's OffsetUtils.validateFormat checks of every offset a task returns.
        Map<String, Object> map = new SourceOffset(key("1205", "c"), 2, true, Optional.of(WINDOW)).toMap();

        assertThat(map.values()).allSatisfy(value -> {
            Schema.Type type = ConnectSchema.schemaType(value.getClass());
            assertThat(type).isNotNull();
            assertThat(type.isPrimitive()).as("%s is primitive", value).isTrue();
        });
    }

    @Test
    void readsAnOffsetWrittenBeforeWindowsAsOneWithoutAWindow() {
        Map<String, Object> old = Map.of("object", key("1200", "a"), "index", 3, "done", true);

        assertThat(SourceOffset.fromMap(old)).contains(new SourceOffset(key("1200", "a"), 3, true));
        assertThat(new SourceOffset(key("1200", "a"), 3, true).toMap()).containsOnlyKeys("object", "index", "done");
        assertThat(SourceOffset.fromMap(new SourceOffset(key("1200", "a"), 0, false,
                Optional.of(new LookbackWindow(null, List.of()))).toMap())).map(SourceOffset::window)
                .contains(Optional.of(new LookbackWindow(null, List.of())));
    }

    @Test
    void refusesAMalformedWindow() {
        for (Object recent : new Object[]{"not json", "{\"a\":1}", "[null]", List.of("x")}) {
            Map<String, Object> map = new HashMap<>(Map.of("object", PREFIX + "2026/x.json", "index", 0L,
                    "done", true, "recent", recent));
            assertThatThrownBy(() -> SourceOffset.fromMap(map)).as("%s", recent)
                    .isInstanceOf(ConnectException.class).hasMessageContaining("recent");
        }
        assertThatThrownBy(() -> SourceOffset.fromMap(Map.of("object", PREFIX + "2026/x.json", "index", 0L,
                "done", true, "recent", "[]", "start", 7))).isInstanceOf(ConnectException.class);
    }
}
