package dev.trailstream.http;

import dev.trailstream.profile.PrincipalProfile;
import dev.trailstream.topology.Json;
import dev.trailstream.topology.Stores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The profiles API, answered from the Streams application's state stores wherever they live:
 * <ul>
 *   <li>{@code GET /api/principals}: a page of profile summaries, gathered from every instance and merged;</li>
 *   <li>{@code GET /api/principals/{id}}: one profile ({@code id} URL-encoded, an ARN's {@code /} as {@code %2F});</li>
 *   <li>{@code GET /api/principals/{id}/activity}: its hourly or daily activity windows;</li>
 *   <li>{@code GET /api/principals/{id}/access} and {@code .../rightsize}: its least-privilege report, answered by
 *       {@link AccessApi} from the access review, forwarded to the instance that runs it.</li>
 * </ul>
 * A principal's profile lives on the instance running the task of its key's partition: asked elsewhere, the request
 * is forwarded there once (marked {@link #FORWARDED}), and {@link #ANSWERED_BY} says which instance answered.
 * Parameters are checked before any store is touched, so a bad one is a 400 even while the stores are unavailable.
 */
public final class ProfileApi {
    /** Marks a request one instance sent another: answer from local stores, never forward again. */
    public static final String FORWARDED = "X-TrailStream-Forwarded";
    /** The {@code host:port} of the instance whose stores answered. */
    public static final String ANSWERED_BY = "X-TrailStream-Instance";
    static final String PREFIX = "/api/principals";
    /** Longer than any IAM ARN (2048 characters at most) once encoded; refused before it reaches a store. */
    private static final int MAX_ID_CHARS = 2048;
    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final HostInfo self;
    private final String selfName;
    private final Peers peers;
    private final AccessApi access;
    private volatile KafkaStreams streams;

    /**
     * @param self   this instance as the other instances reach it: its {@code application.server}
     * @param access answers the least-privilege sub-resources of a principal
     * @param token  the token the instances share, sent with forwarded requests; null when there is none
     */
    ProfileApi(HostInfo self, AccessApi access, BearerToken token) {
        this.self = self;
        this.selfName = self.host() + ":" + self.port();
        this.peers = new Peers(selfName, token);
        this.access = access;
    }

    /** The Streams application exists now; until then every query is a 503. */
    void attach(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Answers one request; errors become their status and a one-line JSON body.
     *
     * @param forwarded the request came from another instance
     */
    Reply handle(String method, URI uri, boolean forwarded) {
        try {
            if (!"GET".equals(method)) {
                throw ApiException.methodNotAllowed(method + " is not allowed: the API is read-only, use GET");
            }
            String path = uri.getRawPath();
            if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
                return list(ListQuery.parse(QueryParams.parse(uri.getRawQuery(), ListQuery.PARAMS)));
            }
            if (!path.startsWith(PREFIX + "/")) {
                throw ApiException.notFound("no such endpoint: try /api/principals");
            }
            String rest = path.substring(PREFIX.length() + 1);
            int slash = rest.indexOf('/');
            String id = decodeId(slash < 0 ? rest : rest.substring(0, slash));
            String sub = slash < 0 ? null : rest.substring(slash + 1);
            if (sub == null) {
                QueryParams.parse(uri.getRawQuery(), Set.of());
                return profile(id, uri, forwarded);
            }
            if (sub.equals("activity")) {
                return activity(id, ActivityQuery.parse(QueryParams.parse(uri.getRawQuery(), ActivityQuery.PARAMS)),
                        uri, forwarded);
            }
            if (AccessApi.SUB_RESOURCES.contains(sub)) {
                return access.principal(id, sub, uri, forwarded);
            }
            throw ApiException.notFound("no such endpoint: /api/principals/{id} or /api/principals/{id}/activity, "
                    + "/access or /rightsize, with the id URL-encoded (an ARN's '/' as %2F)");
        } catch (ApiException e) {
            return Reply.error(e);
        }
    }

    /** A path segment decoded: percent-escapes only, a '+' stays a '+' (IAM names may hold one). */
    static String decodeId(String raw) {
        if (raw.isEmpty()) {
            throw ApiException.notFound("no principal id: /api/principals/{id}");
        }
        if (raw.length() > MAX_ID_CHARS) {
            throw ApiException.badRequest("principal id longer than " + MAX_ID_CHARS + " characters");
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed percent-encoding in the principal id");
        }
    }

    private Reply list(ListQuery query) {
        KafkaStreams running = running();
        if (query.local()) {
            return Reply.json(Json.line(new LocalProfiles(running).list(query)), selfName);
        }
        List<CompletableFuture<Reply>> remote = new ArrayList<>();
        boolean hereToo = false;
        for (StreamsMetadata instance : running.streamsMetadataForStore(Stores.PRINCIPAL_PROFILES)) {
            if (instance.hostInfo().equals(self)) {
                hereToo = true;
            } else {
                remote.add(peers.get(instance.hostInfo(), PREFIX + "?" + query.localQueryString()));
            }
        }
        if (!hereToo && remote.isEmpty()) {
            throw ApiException.unavailable("no instance hosts the profiles yet: retry shortly");
        }
        // Our own part is read while the peers read theirs.
        List<PrincipalPage.LocalPart> parts = new ArrayList<>();
        if (hereToo) {
            parts.add(new LocalProfiles(running).list(query));
        }
        for (CompletableFuture<Reply> future : remote) {
            Reply reply = Peers.await(future);
            if (reply.status() != 200) {
                throw ApiException.unavailable("a peer instance answered " + reply.status() + ": retry shortly");
            }
            parts.add(Json.read(reply.body().getBytes(StandardCharsets.UTF_8), PrincipalPage.LocalPart.class));
        }
        return Reply.json(Json.line(PrincipalPage.merge(query, parts)), selfName);
    }

    private Reply profile(String id, URI uri, boolean forwarded) {
        KafkaStreams running = running();
        KeyQueryMetadata owner = owner(running, Stores.PRINCIPAL_PROFILES, id, forwarded);
        if (!owner.activeHost().equals(self)) {
            return Peers.await(peers.get(owner.activeHost(), uri.getRawPath() + query(uri)));
        }
        PrincipalProfile profile = new LocalProfiles(running).profile(id, owner.partition())
                .orElseThrow(() -> unknown(id));
        return Reply.json(profile.toJsonLine(), selfName);
    }

    private Reply activity(String id, ActivityQuery query, URI uri, boolean forwarded) {
        KafkaStreams running = running();
        KeyQueryMetadata owner = owner(running, query.window().store, id, forwarded);
        if (!owner.activeHost().equals(self)) {
            return Peers.await(peers.get(owner.activeHost(), uri.getRawPath() + query(uri)));
        }
        // The profile and its windows are in one task's stores: the profile says whether the principal exists
        // and where its events end.
        LocalProfiles local = new LocalProfiles(running);
        PrincipalProfile profile = local.profile(id, owner.partition()).orElseThrow(() -> unknown(id));
        ActivityQuery.Range range = query.resolve(profile.lastSeen());
        List<ActivityWindow> windows = local.activity(id, owner.partition(), query.window(), range);
        return Reply.json(Json.line(new ActivityWindow.History(id, query.window().label(), range.from(), range.to(),
                windows)), selfName);
    }

    /**
     * The instance whose active task holds {@code id}. A forwarded request that reaches an instance which is not
     * the owner (the partition moved meanwhile) is a 503, never a second hop.
     */
    private KeyQueryMetadata owner(KafkaStreams running, String store, String id, boolean forwarded) {
        KeyQueryMetadata owner;
        try {
            owner = running.queryMetadataForKey(store, id, KEYS);
        } catch (RuntimeException notReady) {
            throw notQueryable();
        }
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) || owner.activeHost() == null
                || owner.activeHost().port() < 0) {
            throw notQueryable();
        }
        if (forwarded && !owner.activeHost().equals(self)) {
            throw ApiException.unavailable("this principal's partition is moving between instances: retry shortly");
        }
        return owner;
    }

    private KafkaStreams running() {
        KafkaStreams s = streams;
        if (s == null || s.state() != KafkaStreams.State.RUNNING) {
            throw notQueryable();
        }
        return s;
    }

    private static ApiException notQueryable() {
        return ApiException.unavailable("the profile stores are not queryable now (starting, rebalancing or "
                + "restoring): retry shortly");
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("no principal " + ApiException.quote(id));
    }

    private static String query(URI uri) {
        return uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    }
}
