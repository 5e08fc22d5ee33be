package dev.trailstream.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SIEM on 127.0.0.1 for tests: answers Splunk's collector and Elasticsearch's {@code _bulk}, keeps what it was
 * sent, and can be made to fail: 503 while down, a dropped connection, or {@code _bulk} items refused with 429.
 */
final class FakeSiem implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Mode { UP, DOWN, DROP_ONCE }

    private final HttpServer server;
    private volatile Mode mode = Mode.UP;
    /** Document ids refused once with 429 in the next {@code _bulk} that holds them. */
    private final Set<String> refuseOnce = ConcurrentHashMap.newKeySet();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger failedRequests = new AtomicInteger();
    /** Splunk: each request's Authorization header, and every envelope received. */
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> envelopes = Collections.synchronizedList(new ArrayList<>());
    /** Elasticsearch: the index as it stands (id to document), and how many times each id was indexed. */
    final Map<String, JsonNode> index = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, Integer> indexed = new ConcurrentHashMap<>();
    /** Every finding accepted, in arrival order (Splunk events or indexed documents). */
    final List<JsonNode> accepted = Collections.synchronizedList(new ArrayList<>());

    FakeSiem() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/services/collector/event", this::splunk);
        server.createContext("/_bulk", this::bulk);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    void refuseOnce(String documentId) {
        refuseOnce.add(documentId);
    }

    /** True when this request is to fail (and was answered, or its connection dropped). */
    private boolean failing(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.setAttribute("body", body);
        Mode now = mode;
        if (now == Mode.DROP_ONCE) {
            mode = Mode.UP;
            failedRequests.incrementAndGet();
            exchange.close(); // no status line: the client sees the connection end
            return true;
        }
        if (now == Mode.DOWN) {
            failedRequests.incrementAndGet();
            reply(exchange, 503, "{\"text\":\"Server is busy\",\"code\":9}");
            return true;
        }
        return false;
    }

    private void splunk(HttpExchange exchange) throws IOException {
        if (failing(exchange)) {
            return;
        }
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        byte[] body = (byte[]) exchange.getAttribute("body");
        var parser = JSON.getFactory().createParser(body);
        for (var it = JSON.readValues(parser, JsonNode.class); it.hasNext(); ) {
            JsonNode envelope = it.next();
            envelopes.add(envelope);
            accepted.add(envelope.path("event"));
        }
        reply(exchange, 200, "{\"text\":\"Success\",\"code\":0}");
    }

    private void bulk(HttpExchange exchange) throws IOException {
        if (failing(exchange)) {
            return;
        }
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        String[] lines = new String((byte[]) exchange.getAttribute("body"), StandardCharsets.UTF_8).split("\n");
        StringBuilder items = new StringBuilder();
        boolean errors = false;
        for (int i = 0; i + 1 < lines.length; i += 2) {
            JsonNode action = JSON.readTree(lines[i]).path("index");
            String id = action.path("_id").asText();
            if (items.length() > 0) {
                items.append(',');
            }
            if (refuseOnce.remove(id)) {
                errors = true;
                items.append("{\"index\":{\"_id\":\"").append(id).append("\",\"status\":429,\"error\":{\"type\":")
                        .append("\"es_rejected_execution_exception\",\"reason\":\"queue full\"}}}");
                continue;
            }
            JsonNode document = JSON.readTree(lines[i + 1]);
            index.put(id, document);
            indexed.merge(id, 1, Integer::sum);
            accepted.add(document);
            items.append("{\"index\":{\"_id\":\"").append(id).append("\",\"status\":201}}");
        }
        reply(exchange, 200, "{\"took\":1,\"errors\":" + errors + ",\"items\":[" + items + "]}");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
