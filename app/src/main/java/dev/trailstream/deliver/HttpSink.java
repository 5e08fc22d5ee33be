package dev.trailstream.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splunk's HTTP Event Collector or Elasticsearch/OpenSearch {@code _bulk}, over the JDK's HTTP client.
 *
 * <p>Splunk: one envelope per finding, {@code {"time":<seconds>,"source":"trailstream","sourcetype":"ocsf:finding",
 * "event":<finding>}}, concatenated in one request, header {@code Authorization: Splunk <token>}.
 * Elasticsearch: NDJSON {@code index} actions whose {@code _id} is derived from the finding
 * ({@link FindingFields#documentId}), so a redelivery overwrites; header {@code Authorization: ApiKey <key>}.
 *
 * <p>Statuses: 2xx delivered; 408, 429, 5xx and also 401, 403, 404 retried (a wrong token or URL is fixed by an
 * operator, and meanwhile the spool keeps the findings); any other 4xx refuses the batch for good (bad data).
 * The token is only ever put in the header: never in a message or log line.
 */
final class HttpSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SPLUNK_SUFFIX = "}".getBytes(StandardCharsets.UTF_8);

    private final SinkSpec spec;
    private final Optional<String> token;
    private final HttpClient client;
    private final URI endpoint;

    HttpSink(SinkSpec spec, Optional<String> token) {
        this.spec = spec;
        this.token = token;
        this.endpoint = URI.create(spec.endpoint());
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public Sent send(List<byte[]> findings) throws IOException, InterruptedException {
        boolean elastic = spec.kind() == SinkSpec.Kind.ELASTIC;
        byte[] body = elastic ? bulkBody(findings, spec.index()) : splunkBody(findings);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", elastic ? "application/x-ndjson" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        token.ifPresent(t -> request.header("Authorization", (elastic ? "ApiKey " : "Splunk ") + t));
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // The JDK's ConnectException has no message: say where, and what happened.
            throw new RetryableException(spec.name() + ": " + endpoint + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return elastic ? bulkOutcome(findings, response.body()) : Sent.all(findings.size());
        }
        if (retryable(status) || status == 401 || status == 403 || status == 404) {
            throw new RetryableException(spec.name() + ": HTTP " + status + " from " + endpoint);
        }
        LOG.warn("{}: HTTP {} from {} refused {} findings for good: {}", spec.name(), status, endpoint,
                findings.size(), snippet(response.body()));
        return new Sent(0, List.of(), findings.size());
    }

    @Override
    public boolean spools() {
        return true;
    }

    @Override
    public void close() {
        // The JDK client's connections close with it when it is collected; nothing holds a thread of ours.
    }

    /** Splunk HEC: envelopes back to back; the finding's bytes go in as they are, never re-serialised. */
    static byte[] splunkBody(List<byte[]> findings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] finding : findings) {
            long ms = FindingFields.of(finding).timeMs();
            String head = "{\"time\":" + (ms / 1000) + "." + String.format("%03d", ms % 1000)
                    + ",\"source\":\"trailstream\",\"sourcetype\":\"ocsf:finding\",\"event\":";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(finding);
            out.writeBytes(SPLUNK_SUFFIX);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Elasticsearch {@code _bulk}: an {@code index} action, then the document, each on its own line. */
    static byte[] bulkBody(List<byte[]> findings, String index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] finding : findings) {
            String action = "{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"" + FindingFields.documentId(finding)
                    + "\"}}\n";
            out.writeBytes(action.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(FindingFields.oneLine(finding));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Items refused with 429 or 5xx are retried; other refusals are reported once and counted as rejected. */
    private Sent bulkOutcome(List<byte[]> findings, byte[] body) throws IOException {
        JsonNode reply = JSON.readTree(body);
        if (!reply.path("errors").asBoolean(false)) {
            return Sent.all(findings.size());
        }
        JsonNode items = reply.path("items");
        if (items.size() != findings.size()) {
            throw new RetryableException(spec.name() + ": _bulk answered " + items.size() + " items for "
                    + findings.size() + " actions");
        }
        List<byte[]> retry = new ArrayList<>();
        int delivered = 0;
        int rejected = 0;
        for (int i = 0; i < findings.size(); i++) {
            JsonNode item = items.get(i).elements().hasNext() ? items.get(i).elements().next() : JSON.nullNode();
            int status = item.path("status").asInt(500);
            if (status >= 200 && status < 300) {
                delivered++;
            } else if (retryable(status)) {
                retry.add(findings.get(i));
            } else {
                rejected++;
                JsonNode error = item.path("error");
                LOG.warn("{}: document {} refused with {}: {}: {}", spec.name(), item.path("_id").asText(), status,
                        error.path("type").asText(), error.path("reason").asText());
            }
        }
        return new Sent(delivered, retry, rejected);
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static String snippet(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
