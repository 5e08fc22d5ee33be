package dev.trailstream.deliver;

import dev.trailstream.runtime.UsageException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a {@code --sink} value means, and what a wrong one says. */
class SinkSpecTest {
    @Test
    void readsEachFormIntoItsEndpoint() {
        SinkSpec splunk = SinkSpec.parse("splunk:https://siem.example.com:8088");
        assertThat(splunk.name()).isEqualTo("splunk");
        assertThat(splunk.endpoint()).isEqualTo("https://siem.example.com:8088/services/collector/event");

        SinkSpec elastic = SinkSpec.parse("elastic:https://es.example.com:9200/trailstream-findings");
        assertThat(elastic.endpoint()).isEqualTo("https://es.example.com:9200/_bulk");
        assertThat(elastic.index()).isEqualTo("trailstream-findings");

        SinkSpec file = SinkSpec.parse("archive=file:/var/lib/trailstream/findings?rotate-mb=10&keep=30");
        assertThat(file.name()).isEqualTo("archive");
        assertThat(file.endpoint()).isEqualTo("/var/lib/trailstream/findings");
        assertThat(file.settings().rotateBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(file.settings().keepFiles()).isEqualTo(30);

        assertThat(SinkSpec.parse("syslog:tcp://logs.example.com:6514").endpoint())
                .isEqualTo("tcp://logs.example.com:6514");
        assertThat(SinkSpec.parse("file:out").settings()).isEqualTo(SinkSettings.defaults());
    }

    @Test
    void refusesAWrongSpecWithOneLineListingTheForms() {
        for (String[] bad : List.of(
                new String[]{"ftp://host", "unknown kind 'ftp'"},
                new String[]{"splunk:host:8088", "expected an http:// or https:// URL"},
                new String[]{"elastic:https://es:9200", "ends with the index"},
                new String[]{"elastic:https://user:pw@es:9200/x", "no credentials in the URL"},
                new String[]{"syslog:udp://h:514", "syslog goes over TCP"},
                new String[]{"file:", "no folder"},
                new String[]{"file:out?linger=5", "unknown option 'linger'"},
                new String[]{"file:out?keep=-1", "keep=-1 must be a whole number"})) {
            assertThatThrownBy(() -> SinkSpec.parse(bad[0])).isInstanceOf(UsageException.class)
                    .hasMessageContaining(bad[1]).hasMessageNotContaining("\n")
                    .satisfies(e -> assertThat(e.getMessage()).startsWith("--sink " + bad[0] + ": "));
        }
        assertThatThrownBy(() -> SinkSpec.parse("nonsense")).hasMessageContaining(SinkSpec.FORMS);
        assertThatThrownBy(() -> Sinks.parse(List.of("file:a", "file:b"))).hasMessageContaining("NAME=SPEC");
    }

    @Test
    void givesEachFindingRecordAStableDocumentIdThatTellsItsActivitiesApart() {
        byte[] created = Findings.finding(1);
        byte[] updated = new String(created, StandardCharsets.UTF_8).replace("\"activity_id\":1", "\"activity_id\":2")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(FindingFields.documentId(created)).isEqualTo(FindingFields.documentId(Findings.finding(1)))
                .isNotEqualTo(FindingFields.documentId(updated))
                .isNotEqualTo(FindingFields.documentId(Findings.finding(2)))
                .hasSize(32);
    }

    @Test
    void framesSyslogMessagesByOctetCountWithTheFindingsSeverity() {
        byte[] frame = SyslogSink.frame(Findings.finding(3), "host1"); // severity_id 4: high
        String text = new String(frame, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        int length = Integer.parseInt(text.substring(0, space));
        assertThat(frame.length - space - 1).isEqualTo(length);
        assertThat(text.substring(space + 1)).startsWith("<107>1 2025-12-05T00:00:03Z host1 trailstream - finding - {");
    }
}
