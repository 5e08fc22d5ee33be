package dev.trailstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.access.PolicyDocument;
import dev.trailstream.iam.AccessReports;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static dev.trailstream.http.AccessFixture.ADMIN;
import static dev.trailstream.http.AccessFixture.ALICE;
import static dev.trailstream.http.AccessFixture.BOB;
import static dev.trailstream.http.AccessFixture.DEPLOYER;
import static dev.trailstream.http.AccessFixture.DEV;
import static dev.trailstream.http.AccessFixture.IDLE;
import static dev.trailstream.http.AccessFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The least-privilege reviews over HTTP, served from a review of two hand-written accounts ({@link AccessFixture})
 * by a real server, without Kafka: what the endpoints answer, and what they refuse.
 */
class AccessApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Instant REVIEWED_AT = Instant.parse("2026-12-05T02:30:00Z");
    private static final AccessReports REPORTS = AccessFixture.reports(REVIEWED_AT);
    private static final List<String> ALL = List.of(ALICE, BOB, DEPLOYER, IDLE, ADMIN);
    private static HttpEndpoints http;

    @BeforeAll
    static void bind() throws IOException {
        http = HttpEndpoints.start("127.0.0.1", 0);
        http.attachAccess(() -> Optional.of(REPORTS));
    }

    @AfterAll
    static void close() {
        http.close();
    }

    static HttpResponse<String> get(HttpEndpoints server, String pathAndQuery) throws IOException,
            InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return get(http, pathAndQuery);
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).doesNotContain("\n");
        return JSON.readTree(response.body());
    }

    static String error(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).doesNotContain("\n");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.size()).isEqualTo(1);
        return body.path("error").asText();
    }

    static String id(String principal) {
        return URLEncoder.encode(principal, StandardCharsets.UTF_8);
    }

    @Test
    void servesARightsizedPolicyThatAloneGrantsExactlyTheUsedActionsThatWereGranted() throws Exception {
        for (String arn : ALL) {
            JsonNode view = ok(get("/api/principals/" + id(arn) + "/rightsize"));

            assertThat(view.path("principal").asText()).isEqualTo(arn);
            assertThat(view.path("account").asText()).isEqualTo(arn.split(":")[4]);
            assertThat(view.path("lookback_end").asText()).isEqualTo("2026-12-01T00:00:00Z");
            assertThat(view.path("lookback_start").asText()).isEqualTo("2026-09-02T00:00:00Z");
            assertThat(view.path("confidence").path("level").asText()).isEqualTo("high");
            assertThat(view.path("fits_limit").asBoolean()).isTrue();
            assertThat(view.path("collapsed").asBoolean()).isFalse();
            assertThat(view.path("policy").isObject()).as("the policy is an object, not a string").isTrue();
            String policy = JSON.writeValueAsString(view.path("policy"));
            assertThat(view.path("size").asInt()).isEqualTo(policy.length());
            assertThat(PolicyDocument.parse(policy, arn).version()).isEqualTo("2012-10-17");
            assertThat(AccessFixture.grantedAlone(policy, DEV)).as(arn)
                    .isEqualTo(AccessFixture.usedAndGranted(REPORTS, arn));
        }
        assertThat(AccessFixture.usedAndGranted(REPORTS, ALICE)).containsExactly("ec2:describeinstances",
                "s3:getobject");
        JsonNode alice = ok(get("/api/principals/" + id(ALICE) + "/rightsize"));
        assertThat(alice.path("used_not_granted").toString()).isEqualTo("[\"sqs:SendMessage\"]");
        // The bucket scoping of the original grant is kept, not widened to every resource.
        assertThat(alice.path("policy").toString()).contains("arn:aws:s3:::app-bucket/*");
    }

    @Test
    void servesThePolicyAloneOrTheDiffAsTextThatNamesTheServicesRemoved() throws Exception {
        HttpResponse<String> policy = get("/api/principals/" + id(ALICE) + "/rightsize?format=policy");
        JsonNode document = ok(policy);
        assertThat(document.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(document.has("principal")).isFalse();
        assertThat(document).isEqualTo(ok(get("/api/principals/" + id(ALICE) + "/rightsize")).path("policy"));

        HttpResponse<String> diff = get("/api/principals/" + id(ALICE) + "/rightsize?format=diff");
        assertThat(diff.statusCode()).isEqualTo(200);
        assertThat(diff.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(diff.body()).isEqualTo(REPORTS.entries().get(ALICE).report().policy().diffText())
                .containsPattern("(?m)^iam: keep 0, remove \\d+ \\(riskiest: ")
                .containsPattern("(?m)^dynamodb: keep 0, remove \\d+")
                .containsPattern("(?m)^s3: keep 1, remove 2")
                .contains("used but not granted by the snapshot: sqs:SendMessage");
        assertThat(get("/api/principals/" + id(ALICE) + "/rightsize?format=json").body())
                .isEqualTo(get("/api/principals/" + id(ALICE) + "/rightsize").body());
    }

    @Test
    void servesTheWholeReportAsTheLineOfTheRunsReportWithoutAPolicyFile() throws Exception {
        JsonNode alice = ok(get("/api/principals/" + id(ALICE) + "/access"));
        assertThat(alice.path("principal").asText()).isEqualTo(ALICE);
        assertThat(alice.path("type").asText()).isEqualTo("user");
        assertThat(alice.path("actions_used").asInt()).isEqualTo(2);
        assertThat(alice.path("actions_granted").asInt()).isEqualTo(REPORTS.entries().get(ALICE).granted().count());
        assertThat(alice.path("risky_grants").findValuesAsText("what")).contains("iam:*");
        assertThat(alice.path("unused_services").findValuesAsText("service")).contains("iam", "dynamodb")
                .doesNotContain("s3", "ec2");
        assertThat(alice.path("rightsized_policy").has("file")).isFalse();
        assertThat(alice.path("rightsized_policy").path("used_not_granted").toString())
                .isEqualTo("[\"sqs:SendMessage\"]");

        JsonNode bob = ok(get("/api/principals/" + id(BOB) + "/access"));
        assertThat(bob.path("findings").findValuesAsText("kind")).containsExactly("unused_user");
        assertThat(bob.path("actions_used").asInt()).isZero();
        JsonNode deployer = ok(get("/api/principals/" + id(DEPLOYER) + "/access"));
        assertThat(deployer.path("risky_grants").findValuesAsText("kind")).contains("pass_role_on_every_resource");
        assertThat(deployer.path("findings").size()).isZero();
    }

    @Test
    void findsAPrincipalByItsSessionArnOrItsAccountAndName() throws Exception {
        String session = "arn:aws:sts::" + DEV + ":assumed-role/deployer/codebuild-42";
        assertThat(ok(get("/api/principals/" + id(session) + "/rightsize")).path("principal").asText())
                .isEqualTo(DEPLOYER);
        assertThat(ok(get("/api/principals/" + id(DEV + ":role/deployer") + "/access")).path("principal").asText())
                .isEqualTo(DEPLOYER);
        assertThat(ok(get("/api/principals/" + id(DEV + ":user/alice") + "/access")).path("principal").asText())
                .isEqualTo(ALICE);
    }

    @Test
    void listsTheReviewMostUnusedActionsFirstWithItsTotalsAndAccounts() throws Exception {
        JsonNode review = ok(get("/api/access"));
        assertThat(review.path("reviewed_at").asText()).isEqualTo("2026-12-05T02:30:00Z");
        assertThat(review.path("newest_event").asText()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(review.path("accounts").findValuesAsText("account")).containsExactly(DEV, PROD);
        assertThat(review.path("accounts").get(0).path("users").asInt()).isEqualTo(2);
        assertThat(review.path("accounts").get(0).path("roles").asInt()).isEqualTo(2);
        JsonNode totals = review.path("totals");
        assertThat(totals.path("principals").asInt()).isEqualTo(5);
        assertThat(totals.path("unused_principals").asInt()).as("bob and idle").isEqualTo(2);
        assertThat(totals.path("admin_access").asInt()).isEqualTo(1);
        assertThat(totals.path("actions_used").asInt()).isEqualTo(4);
        long granted = ALL.stream().mapToLong(a -> REPORTS.entries().get(a).granted().count()).sum();
        assertThat(totals.path("actions_granted").asLong()).isEqualTo(granted);
        assertThat(review.path("total").asInt()).isEqualTo(5);
        assertThat(review.path("limit").asInt()).isEqualTo(100);
        assertThat(review.path("next_cursor").isNull()).isTrue();

        JsonNode items = review.path("items");
        assertThat(items).hasSize(5);
        List<Integer> unused = new ArrayList<>();
        items.forEach(i -> unused.add(i.path("unused_actions").asInt()));
        assertThat(unused).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(items.get(0).path("principal").asText()).isEqualTo(ADMIN);
        JsonNode idle = find(items, IDLE);
        assertThat(idle.path("type").asText()).isEqualTo("role");
        assertThat(idle.path("findings").toString()).isEqualTo("[\"unused_role\"]");
        assertThat(idle.path("actions_used").asInt()).isZero();
        assertThat(idle.path("unused_actions").asInt()).isEqualTo(REPORTS.entries().get(IDLE).report()
                .unusedActions().size()).isPositive();
        assertThat(idle.path("confidence").path("level").asText()).isEqualTo("high");
        assertThat(find(items, ALICE).path("risky_grants").toString()).contains("sensitive_service_wildcard");
    }

    @Test
    void pagesWithALimitAndACursorOrAnOffsetAndFiltersByAccountAndType() throws Exception {
        List<String> all = new ArrayList<>();
        ok(get("/api/access")).path("items").forEach(i -> all.add(i.path("principal").asText()));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok(get("/api/access?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
            assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
            assertThat(page.path("total").asInt()).isEqualTo(5);
            page.path("items").forEach(i -> paged.add(i.path("principal").asText()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).isEqualTo(all);

        List<String> offset = new ArrayList<>();
        ok(get("/api/access?offset=1&limit=2")).path("items").forEach(i -> offset.add(i.path("principal").asText()));
        assertThat(offset).isEqualTo(all.subList(1, 3));

        JsonNode prod = ok(get("/api/access?account=" + PROD));
        assertThat(prod.path("total").asInt()).isEqualTo(1);
        assertThat(prod.path("items").findValuesAsText("principal")).containsExactly(ADMIN);
        assertThat(prod.path("totals").path("principals").asInt()).as("totals cover the whole review").isEqualTo(5);
        JsonNode devRoles = ok(get("/api/access?type=role&account=" + DEV));
        assertThat(devRoles.path("items").findValuesAsText("principal")).containsExactlyInAnyOrder(DEPLOYER, IDLE);
        assertThat(ok(get("/api/access?type=user")).path("items").findValuesAsText("type"))
                .containsExactly("user", "user");
    }

    @Test
    void refusesBadParametersWith400NamingWhatIsAllowed() throws Exception {
        assertThat(error(get("/api/access?limit=1001"), 400)).isEqualTo("limit 1001: must be between 1 and 1000");
        assertThat(error(get("/api/access?limit=0"), 400)).isEqualTo("limit 0: must be between 1 and 1000");
        assertThat(error(get("/api/access?type=group"), 400)).isEqualTo("type 'group': allowed are user, role");
        assertThat(error(get("/api/access?account=1234"), 400)).contains("12-digit");
        assertThat(error(get("/api/access?cursor=bm9wZQ"), 400)).contains("pass next_cursor from a previous page");
        assertThat(error(get("/api/access?sort=unused"), 400))
                .isEqualTo("unknown parameter 'sort': allowed are account, cursor, limit, offset, type");
        String cursor = ok(get("/api/access?limit=1")).path("next_cursor").asText();
        assertThat(error(get("/api/access?offset=2&cursor=" + cursor), 400)).contains("cursor and offset together");
        assertThat(error(get("/api/principals/" + id(ALICE) + "/rightsize?format=yaml"), 400))
                .isEqualTo("format 'yaml': allowed are json, policy, diff");
        assertThat(error(get("/api/principals/" + id(ALICE) + "/access?format=json"), 400))
                .isEqualTo("unknown parameter 'format': this endpoint takes none");
    }

    @Test
    void answers404ForAPrincipalNotInTheSnapshotsOrAPathNotEncoded() throws Exception {
        String carol = "arn:aws:iam::" + DEV + ":user/carol";
        assertThat(error(get("/api/principals/" + id(carol) + "/rightsize"), 404))
                .contains("'" + carol + "' is not in the IAM snapshots reviewed (accounts " + DEV + ", " + PROD + ")");
        assertThat(error(get("/api/principals/" + id("arn:aws:sts::" + DEV + ":assumed-role/gone/s") + "/access"),
                404)).contains("not in the IAM snapshots reviewed");
        assertThat(error(get("/api/principals/" + ALICE + "/rightsize"), 404)).contains("URL-encoded");
        assertThat(error(get("/api/principals/" + id(ALICE) + "/rightsizing"), 404)).contains("/rightsize");
        assertThat(error(get("/api/access/" + id(ALICE)), 404)).contains("/api/principals/{id}/access");
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                + "/api/access")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(error(post, 405)).contains("use GET");
    }

    @Test
    void answers503WithRetryAfterUntilTheFirstReviewAnd404WhenTheRunHasNoSnapshots() throws Exception {
        try (HttpEndpoints waiting = HttpEndpoints.start("127.0.0.1", 0);
             HttpEndpoints none = HttpEndpoints.start("127.0.0.1", 0)) {
            waiting.attachAccess(Optional::empty);
            for (String path : List.of("/api/access", "/api/principals/" + id(ALICE) + "/rightsize",
                    "/api/principals/" + id(ALICE) + "/access")) {
                HttpResponse<String> response = get(waiting, path);
                assertThat(error(response, 503)).as(path).contains("no access review yet")
                        .contains("run --iam FILE").contains("trailstream iam import");
                assertThat(response.headers().firstValue("Retry-After")).as(path).contains("30");

                assertThat(error(get(none, path), 404)).as(path).contains("no access reviews on this instance")
                        .contains("no IAM snapshots");
            }
            // Parameters are checked first, whatever the review's state.
            assertThat(error(get(waiting, "/api/access?limit=5000"), 400)).contains("limit 5000");
            assertThat(error(get(none, "/api/principals/" + id(ALICE) + "/rightsize?format=xml"), 400))
                    .contains("format 'xml'");
        }
    }

    @Test
    void answersFromTheLatestReviewWhenTheReviewIsReplaced() throws Exception {
        AtomicReference<AccessReports> current = new AtomicReference<>(REPORTS);
        try (HttpEndpoints server = HttpEndpoints.start("127.0.0.1", 0)) {
            server.attachAccess(() -> Optional.of(current.get()));
            assertThat(ok(get(server, "/api/access")).path("reviewed_at").asText()).isEqualTo("2026-12-05T02:30:00Z");
            current.set(AccessFixture.reports(Instant.parse("2026-12-05T03:30:00Z")));
            assertThat(ok(get(server, "/api/access")).path("reviewed_at").asText()).isEqualTo("2026-12-05T03:30:00Z");
        }
    }

    @Test
    void anInstanceThatDoesNotReviewForwardsToTheReviewerAndAnswersAlike() throws Exception {
        try (HttpEndpoints other = HttpEndpoints.start("127.0.0.1", 0)) {
            HostInfo reviewer = new HostInfo("127.0.0.1", http.port());
            // Its own review was dropped when another instance was elected.
            other.attachAccess(Optional::empty, () -> Optional.of(reviewer));
            for (String path : List.of("/api/access?limit=2", "/api/principals/" + id(ALICE) + "/access",
                    "/api/principals/" + id(ALICE) + "/rightsize?format=policy")) {
                HttpResponse<String> there = get(other, path);
                assertThat(ok(there)).as(path).isEqualTo(ok(get(path)));
                assertThat(there.headers().firstValue(ProfileApi.ANSWERED_BY)).as(path)
                        .contains("127.0.0.1:" + http.port());
            }
            HttpResponse<String> diff = get(other, "/api/principals/" + id(ALICE) + "/rightsize?format=diff");
            assertThat(diff.statusCode()).isEqualTo(200);
            assertThat(diff.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/plain"));
            assertThat(diff.body()).isEqualTo(get("/api/principals/" + id(ALICE) + "/rightsize?format=diff").body());
            // Parameters are still checked where the request arrives.
            assertThat(error(get(other, "/api/access?limit=5000"), 400)).contains("limit 5000");
        }
    }

    @Test
    void aForwardedRequestIsAnsweredLocallyNeverForwardedAgain() throws Exception {
        try (HttpEndpoints other = HttpEndpoints.start("127.0.0.1", 0)) {
            other.attachAccess(Optional::empty, () -> Optional.of(new HostInfo("127.0.0.1", http.port())));
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + other.port() + "/api/access")).header(ProfileApi.FORWARDED, "127.0.0.1:1").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(error(response, 503)).contains("no access review yet");
        }
    }

    private static JsonNode find(JsonNode items, String principal) {
        for (JsonNode i : items) {
            if (i.path("principal").asText().equals(principal)) {
                return i;
            }
        }
        throw new AssertionError("no item " + principal + " in " + items);
    }
}
