package dev.trailstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.RiskRanking;
import dev.trailstream.export.LeastPrivilegeLine;
import dev.trailstream.iam.AccessReports;
import dev.trailstream.topology.Json;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The least-privilege reviews API, read from the latest {@link AccessReports} of this instance's access review:
 * <ul>
 *   <li>{@code GET /api/access}: the review's accounts and totals, and a page of principal summaries, most unused
 *       actions first ({@code account}, {@code type=user|role}, {@code limit} up to {@value AccessQuery#MAX_LIMIT},
 *       {@code offset} or {@code cursor});</li>
 *   <li>{@code GET /api/principals/{id}/access}: the principal's whole report, the line {@code least-privilege.jsonl}
 *       holds (without the policy's {@code file});</li>
 *   <li>{@code GET /api/principals/{id}/rightsize}: its rightsized policy (an object under {@code policy}), the diff
 *       against the grant, size and notes; {@code ?format=policy} the document alone, {@code ?format=diff} the diff
 *       as text.</li>
 * </ul>
 * {@code id} is an IAM user or role ARN, an assumed-role session ARN or {@code <account>:role/<name>}, URL-encoded.
 *
 * <p>A review is held in memory by the instance that runs it. With several instances of the application only one
 * reviews (the elected reviewer, see {@code AccessReview}): asked elsewhere, a request is forwarded to it once
 * (marked {@link ProfileApi#FORWARDED}, with the shared bearer token), so every instance answers alike and
 * {@link ProfileApi#ANSWERED_BY} names the reviewer. A forwarded request is answered from local state, never forwarded
 * again. An instance whose run has no reviews says so (404). Until the first review is done the answer is a 503 with
 * {@code Retry-After}. Parameters are checked first, so a bad one is a 400 whatever the review's state.
 */
final class AccessApi {
    static final String PREFIX = "/api/access";
    /** The sub-resources of {@code /api/principals/{id}} this class answers. */
    static final Set<String> SUB_RESOURCES = Set.of("access", "rightsize");
    /**
     * A review takes a while after the snapshots and the first events arrive, unlike a rebalance: a client asking
     * every two seconds ({@link ApiException#RETRY_AFTER_SECONDS}) would only make noise.
     */
    static final int REVIEW_RETRY_AFTER_SECONDS = 30;
    private static final Set<String> FORMATS = Set.of("json", "policy", "diff");

    private final String selfName;
    private final Peers peers;
    private final RiskRanking ranking = RiskRanking.bundled();
    /** Null while the run has no reviews at all (no snapshots); empty inside until the first review is done. */
    private volatile Supplier<Optional<AccessReports>> reports;
    /** The other instance that reviews, when one does. */
    private volatile Supplier<Optional<HostInfo>> reviewer = Optional::empty;
    /** The sorted summaries of the review last listed: recomputed only when the review is replaced. */
    private volatile Listing listing;

    /**
     * @param selfName this instance's {@code host:port}, sent as {@link ProfileApi#ANSWERED_BY}
     * @param token    the token the instances share, sent with forwarded requests; null when there is none
     */
    AccessApi(String selfName, BearerToken token) {
        this.selfName = selfName;
        this.peers = new Peers(selfName, token);
    }

    /** @param reviewer the other instance that reviews, when one does: requests are forwarded there */
    void attach(Supplier<Optional<AccessReports>> reports, Supplier<Optional<HostInfo>> reviewer) {
        this.reviewer = reviewer;
        this.reports = reports;
    }

    /**
     * {@code /api/access} and anything under it.
     *
     * @param forwarded the request came from another instance: answer here
     */
    Reply review(String method, URI uri, boolean forwarded) {
        try {
            if (!"GET".equals(method)) {
                throw ApiException.methodNotAllowed(method + " is not allowed: the API is read-only, use GET");
            }
            String path = uri.getRawPath();
            if (!path.equals(PREFIX) && !path.equals(PREFIX + "/")) {
                throw ApiException.notFound("no such endpoint: /api/access, or /api/principals/{id}/access and "
                        + "/api/principals/{id}/rightsize for one principal");
            }
            AccessQuery query = AccessQuery.parse(QueryParams.parse(uri.getRawQuery(), AccessQuery.PARAMS));
            Optional<Reply> there = forward(uri, forwarded);
            if (there.isPresent()) {
                return there.get();
            }
            return Reply.json(Json.line(page(listing(current()), query)), selfName);
        } catch (ApiException e) {
            return reply(e);
        }
    }

    /**
     * {@code /api/principals/{id}/access} or {@code .../rightsize}; the method was checked and the id decoded by
     * {@link ProfileApi}.
     *
     * @param sub       one of {@link #SUB_RESOURCES}
     * @param forwarded the request came from another instance: answer here
     */
    Reply principal(String id, String sub, URI uri, boolean forwarded) {
        try {
            if (sub.equals("access")) {
                QueryParams.parse(uri.getRawQuery(), Set.of());
                Optional<Reply> there = forward(uri, forwarded);
                if (there.isPresent()) {
                    return there.get();
                }
                return Reply.json(Json.line(line(find(current(), id))), selfName);
            }
            String format = QueryParams.parse(uri.getRawQuery(), Set.of("format")).get("format").orElse("json");
            if (!FORMATS.contains(format)) {
                throw ApiException.badRequest("format " + ApiException.quote(format)
                        + ": allowed are json, policy, diff");
            }
            Optional<Reply> there = forward(uri, forwarded);
            if (there.isPresent()) {
                return there.get();
            }
            AccessReports.Entry entry = find(current(), id);
            LeastPrivilegeReport report = entry.report();
            return switch (format) {
                case "policy" -> Reply.json(report.policy().json(), selfName);
                case "diff" -> Reply.text(report.policy().diffText(), selfName);
                default -> {
                    JsonNode line = tree(Json.line(line(entry)));
                    yield Reply.json(Json.line(LeastPrivilegeLine.rightsize(line, tree(report.policy().json()),
                            report.policy().diffText())), selfName);
                }
            };
        } catch (ApiException e) {
            return reply(e);
        }
    }

    /** The reviewer's answer when another instance reviews and the request was not forwarded already. */
    private Optional<Reply> forward(URI uri, boolean forwarded) {
        if (forwarded || reports == null) {
            return Optional.empty();
        }
        Optional<HostInfo> to = reviewer.get();
        if (to.isEmpty()) {
            return Optional.empty();
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return Optional.of(Peers.await(peers.get(to.get(), uri.getRawPath() + query)));
    }

    private Map<String, Object> line(AccessReports.Entry e) {
        return LeastPrivilegeLine.of(e, ranking, null);
    }

    private static AccessReports.Entry find(AccessReports reports, String id) {
        return reports.find(id).orElseThrow(() -> ApiException.notFound(
                "principal " + ApiException.quote(id) + " is not in the IAM snapshots reviewed (accounts "
                        + String.join(", ", reports.snapshots().keySet()) + "): only their users and roles have "
                        + "reports, named by IAM ARN, assumed-role session ARN or <account>:role/<name>"));
    }

    /** The latest review, or the 404 / 503 saying why there is none. */
    private AccessReports current() {
        Supplier<Optional<AccessReports>> supplier = reports;
        if (supplier == null) {
            throw ApiException.notFound("no access reviews on this instance: the run has no IAM snapshots; start it "
                    + "with trailstream run --iam FILE, or publish them with trailstream iam import");
        }
        return supplier.get().orElseThrow(() -> ApiException.unavailable("no access review yet: the first is made "
                + "once IAM snapshots (run --iam FILE, or trailstream iam import) and events have been read; "
                + "retry shortly"));
    }

    /** The review's summaries sorted, its totals and accounts, computed once per review. */
    private record Listing(AccessReports reports, List<AccessSummary> sorted, Map<String, Object> totals,
                           List<Map<String, Object>> accounts) {
    }

    private Listing listing(AccessReports reports) {
        Listing last = listing;
        if (last != null && last.reports() == reports) {
            return last;
        }
        List<AccessSummary> sorted = new ArrayList<>();
        Map<String, int[]> perAccount = new LinkedHashMap<>();
        long unused = 0;
        long admin = 0;
        long granted = 0;
        long used = 0;
        for (AccessReports.Entry e : reports.entries().values()) {
            AccessSummary s = AccessSummary.of(e);
            sorted.add(s);
            unused += s.unusedPrincipal() ? 1 : 0;
            admin += s.adminAccess() ? 1 : 0;
            granted += s.actionsGranted();
            used += s.actionsUsed();
            perAccount.computeIfAbsent(s.account(), a -> new int[2])[s.type().equals("role") ? 1 : 0]++;
        }
        sorted.sort(AccessSummary.ORDER);
        // Same names as the least_privilege block of summary.json.
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("principals", sorted.size());
        totals.put("unused_principals", unused);
        totals.put("admin_access", admin);
        totals.put("actions_granted", granted);
        totals.put("actions_used", used);
        List<Map<String, Object>> accounts = new ArrayList<>();
        reports.snapshots().forEach((account, snapshot) -> {
            int[] counts = perAccount.getOrDefault(account, new int[2]);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("account", account);
            a.put("snapshot_taken_at", snapshot.takenAt().orElse(null));
            a.put("users", counts[0]);
            a.put("roles", counts[1]);
            accounts.add(a);
        });
        Listing fresh = new Listing(reports, List.copyOf(sorted), totals, accounts);
        listing = fresh;
        return fresh;
    }

    private static Map<String, Object> page(Listing listing, AccessQuery query) {
        List<AccessSummary> items = new ArrayList<>();
        long total = 0;
        int skipped = 0;
        boolean more = false;
        for (AccessSummary s : listing.sorted()) {
            if (!query.matches(s)) {
                continue;
            }
            total++;
            if (query.cursor().map(c -> !c.precedes(s)).orElse(false)) {
                continue;
            }
            if (skipped < query.offset()) {
                skipped++;
            } else if (items.size() < query.limit()) {
                items.add(s);
            } else {
                more = true;
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("reviewed_at", listing.reports().reviewedAt());
        page.put("newest_event", listing.reports().newestEvent());
        page.put("accounts", listing.accounts());
        page.put("totals", listing.totals());
        page.put("total", total);
        page.put("limit", query.limit());
        page.put("offset", query.offset());
        page.put("items", items);
        page.put("next_cursor", more ? new AccessQuery.After(items.get(items.size() - 1).unusedActions(),
                items.get(items.size() - 1).principal()).encode() : null);
        return page;
    }

    /** A 503 for a missing review asks for a later retry than one for a rebalance. */
    private static Reply reply(ApiException e) {
        Reply reply = Reply.error(e);
        if (e.status() != 503) {
            return reply;
        }
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("Retry-After", String.valueOf(REVIEW_RETRY_AFTER_SECONDS));
        return new Reply(reply.status(), reply.body(), headers);
    }

    private static JsonNode tree(String json) {
        try {
            return Json.treeReader().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
