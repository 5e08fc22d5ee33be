package dev.trailstream.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trailstream.iam.AccessReports;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /metrics} (Prometheus text format), {@code /health}, the profiles API ({@link ProfileApi}) and the
 * least-privilege reviews ({@link AccessApi}), on loopback unless told otherwise.
 *
 * <p>Bound in two steps: {@link #start} before the Streams application exists, because Streams must be told this
 * server's address ({@code application.server}, see {@link #applicationServer()}) for other instances to forward
 * queries here, and with {@code --http-port 0} that address is only known once bound; {@link #attach} once it runs.
 * Until then {@code /health} is DOWN and the rest answer 503. The reviews come separately ({@link #attachAccess}),
 * from whatever runs them; without them their endpoints answer 404.
 */
public final class HttpEndpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    /** Forwarded and gathered requests wait on peers: enough threads that peers asking each other do not starve. */
    private static final int THREADS = 8;

    static {
        // The JDK server leaves Nagle's algorithm on: with delayed ACKs every small reply waited ~40 ms (measured
        // 45 ms a request, 4-11 ms without). Read once, when the first server is made, so set it before that; a
        // value given on the command line wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private final HttpServer server;
    private final ExecutorService executor;
    private final ProfileApi api;
    private final AccessApi access;
    private final String applicationServer;
    private volatile PrometheusMeterRegistry registry;
    private volatile BooleanSupplier healthy = () -> false;

    private HttpEndpoints(HttpServer server, ExecutorService executor, ProfileApi api, AccessApi access,
                          String applicationServer) {
        this.server = server;
        this.executor = executor;
        this.api = api;
        this.access = access;
        this.applicationServer = applicationServer;
    }

    /** Binds {@code bind:port} (0: any free port) and starts serving, without a token. */
    public static HttpEndpoints start(String bind, int port) throws IOException {
        return start(bind, port, null);
    }

    /**
     * Binds {@code bind:port} (0: any free port) and starts serving.
     *
     * @param token when not null, every endpoint but {@code /health} answers 401 to requests without it, and
     *              requests forwarded to other instances carry it (they share it)
     */
    public static HttpEndpoints start(String bind, int port, BearerToken token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        HostInfo self = new HostInfo(advertisedHost(bind), server.getAddress().getPort());
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "trailstream-http");
            t.setDaemon(true);
            return t;
        });
        String hostPort = (self.host().contains(":") ? "[" + self.host() + "]" : self.host()) + ":" + self.port();
        AccessApi access = new AccessApi(self.host() + ":" + self.port(), token);
        HttpEndpoints endpoints = new HttpEndpoints(server, executor, new ProfileApi(self, access, token), access,
                hostPort);
        endpoints.serve(token);
        return endpoints;
    }

    /**
     * The host other instances reach this one at: the bind address, or this machine's name when bound to every
     * interface (0.0.0.0 is no address to send a request to).
     */
    static String advertisedHost(String bind) {
        try {
            InetAddress address = InetAddress.getByName(bind);
            if (!address.isAnyLocalAddress()) {
                return bind;
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return bind;
        }
    }

    private void serve(BearerToken token) {
        List<HttpContext> guarded = new ArrayList<>();
        guarded.add(server.createContext("/metrics", exchange -> {
            if (!allowGet(exchange)) {
                return;
            }
            PrometheusMeterRegistry r = registry;
            if (r == null) {
                send(exchange, 503, "text/plain", "starting\n", Map.of());
                return;
            }
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", r.scrape(), Map.of());
        }));
        server.createContext("/health", exchange -> {
            if (!allowGet(exchange)) {
                return;
            }
            boolean up = healthy.getAsBoolean();
            send(exchange, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}",
                    Map.of());
        });
        guarded.add(server.createContext(ProfileApi.PREFIX, exchange -> {
            Reply reply;
            try {
                reply = api.handle(exchange.getRequestMethod(), exchange.getRequestURI(),
                        exchange.getRequestHeaders().containsKey(ProfileApi.FORWARDED));
            } catch (RuntimeException e) {
                LOG.warn("profiles API failed on {}", exchange.getRequestURI().getRawPath(), e);
                reply = new Reply(500, "{\"error\":\"internal error: see the server's log\"}", Map.of());
            }
            send(exchange, reply);
        }));
        guarded.add(server.createContext(AccessApi.PREFIX, exchange -> {
            Reply reply;
            try {
                reply = access.review(exchange.getRequestMethod(), exchange.getRequestURI(),
                        exchange.getRequestHeaders().containsKey(ProfileApi.FORWARDED));
            } catch (RuntimeException e) {
                LOG.warn("access API failed on {}", exchange.getRequestURI().getRawPath(), e);
                reply = new Reply(500, "{\"error\":\"internal error: see the server's log\"}", Map.of());
            }
            send(exchange, reply);
        }));
        guarded.add(server.createContext("/", exchange -> send(exchange, 404, "text/plain", "not found\n", Map.of())));
        if (token != null) {
            // Health stays open: load balancers and orchestrators probe it without secrets, and it tells nothing.
            guarded.forEach(c -> c.getFilters().add(new TokenFilter(token)));
        }
        server.setExecutor(executor);
        server.start();
    }

    /** The Streams application runs: serve its metrics, health and stores. */
    public void attach(PrometheusMeterRegistry registry, BooleanSupplier healthy, KafkaStreams streams) {
        this.registry = registry;
        this.healthy = healthy;
        api.attach(streams);
    }

    /**
     * The least-privilege reviews of this run: {@code reports} gives the latest, empty until the first is done. Not
     * called when the run has no IAM snapshots, and then the access endpoints say so.
     */
    public void attachAccess(Supplier<Optional<AccessReports>> reports) {
        access.attach(reports, Optional::empty);
    }

    /**
     * As {@link #attachAccess(Supplier)}, when several instances share the application and one reviews.
     *
     * @param reviewer the other instance that runs the reviews, when one does: the access endpoints forward there
     */
    public void attachAccess(Supplier<Optional<AccessReports>> reports, Supplier<Optional<HostInfo>> reviewer) {
        access.attach(reports, reviewer);
    }

    private static boolean allowGet(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod())) {
            return true;
        }
        send(exchange, 405, "text/plain", "method not allowed\n", Map.of("Allow", "GET, HEAD"));
        return false;
    }

    /** JSON unless the reply names its own {@code Content-Type}. */
    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        String type = headers.remove("Content-Type");
        send(exchange, reply.status(), type == null ? "application/json" : type, reply.body(), headers);
    }

    private static void send(HttpExchange exchange, int status, String type, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code host:port} for Streams' {@code application.server}: where other instances send queries. */
    public String applicationServer() {
        return applicationServer;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
