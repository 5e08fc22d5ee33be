package dev.trailstream.simulate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.normalize.Principal;
import dev.trailstream.normalize.Principals;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code labels.jsonl}: one line per injected attack, written as soon as the attack is over. */
final class Labels implements Closeable {
    private final OutputStream out;
    private int count;

    Labels(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        out = new java.io.BufferedOutputStream(Files.newOutputStream(file));
    }

    void write(Attack attack) throws IOException {
        try (JsonGenerator g = TrailFiles.MAPPER.getFactory().createGenerator(new NonClosing(out))) {
            g.writeStartObject();
            g.writeStringField("scenario", attack.scenario());
            g.writeStringField("principal", principal(attack.events().get(0)));
            g.writeStringField("account", attack.actor().account().id());
            g.writeArrayFieldStart("event_ids");
            for (Event e : attack.events()) {
                g.writeString(e.eventId());
            }
            g.writeEndArray();
            g.writeStringField("start", RecordWriter.time(attack.start()));
            g.writeStringField("end", RecordWriter.time(attack.end()));
            g.writeArrayFieldStart("mitre");
            for (String t : attack.mitre()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeStringField("description", attack.description());
            g.writeEndObject();
        }
        out.write('\n');
        count++;
    }

    int count() {
        return count;
    }

    /** The principal id as the pipeline will compute it: by resolving the record that is written. */
    static String principal(Event e) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (JsonGenerator g = TrailFiles.MAPPER.getFactory().createGenerator(buffer)) {
            g.setCodec(TrailFiles.MAPPER);
            RecordWriter.write(g, e);
        }
        JsonNode record = TrailFiles.MAPPER.readTree(buffer.toByteArray());
        return Principals.resolve(record).map(Principal::id).orElseThrow(() ->
                new IllegalStateException("no principal in " + record));
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Lets each label's generator close without closing the file. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
