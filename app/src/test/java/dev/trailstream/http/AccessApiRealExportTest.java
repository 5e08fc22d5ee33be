package dev.trailstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.access.Granted;
import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.LeastPrivilegeReport;
import dev.trailstream.access.Observability;
import dev.trailstream.access.PolicyDocument;
import dev.trailstream.access.PolicyEvaluator;
import dev.trailstream.access.UsedAccess;
import dev.trailstream.iam.AccessReports;
import dev.trailstream.normalize.IamAction;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The API over a review of a real IAM export, {@code ../shared/data/cloudsplaining-authz-details}'s lab account
 * (skipped when absent), each principal having used a few random actions of its grant (seed 20261205): every
 * served policy, alone, grants exactly those, and paging with a small limit lists every principal once. Prints the
 * times taken (measured, never asserted).
 */
class AccessApiRealExportTest {
    private static final Path LAB = Path.of("..", "..", "shared", "data", "cloudsplaining-authz-details",
            "examples", "files", "example.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NEWEST = Instant.parse("2026-12-04T00:00:00Z");

    @Test
    void servesEveryPrincipalOfTheLabExportAPolicyGrantingExactlyWhatItUsed() throws Exception {
        assumeTrue(Files.isRegularFile(LAB), "no " + LAB.toAbsolutePath());
        IamSnapshot snapshot = IamSnapshot.read(LAB);
        PolicyEvaluator evaluator = new PolicyEvaluator();
        Observability observability = Observability.bundled();
        Random random = new Random(20261205);
        Map<String, Set<String>> used = new LinkedHashMap<>();
        Map<String, AccessReports.Entry> entries = new LinkedHashMap<>();
        long built = System.nanoTime();
        for (String arn : snapshot.principalArns()) {
            Granted granted = evaluator.granted(snapshot, arn);
            List<IamAction> actions = granted.actions();
            Set<String> names = new TreeSet<>();
            for (int i = 0; i < Math.min(4, actions.size()); i++) {
                names.add(actions.get(random.nextInt(actions.size())).action());
            }
            used.put(arn, names);
            Instant last = NEWEST.minus(Duration.ofDays(1));
            UsedAccess access = new UsedAccess(arn, names.stream().map(n -> new UsedAccess.UsedAction(n,
                    last.minus(Duration.ofDays(10)), last, 1)).toList(), List.of(), null,
                    last.minus(Duration.ofDays(10)), last, NEWEST.minus(Duration.ofDays(200)), NEWEST);
            entries.put(arn, new AccessReports.Entry(snapshot.accountId(), LeastPrivilegeReport.of(snapshot, granted,
                    access, null, observability), granted, access, 1));
        }
        AccessReports reports = new AccessReports(Instant.now(), NEWEST, Map.of(snapshot.accountId(), snapshot),
                entries);
        built = System.nanoTime() - built;

        try (HttpEndpoints http = HttpEndpoints.start("127.0.0.1", 0)) {
            http.attachAccess(() -> Optional.of(reports));
            long served = 0;
            int withPolicy = 0;
            for (String arn : snapshot.principalArns()) {
                long asked = System.nanoTime();
                var response = AccessApiTest.get(http, "/api/principals/" + AccessApiTest.id(arn) + "/rightsize");
                served += System.nanoTime() - asked;
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode view = JSON.readTree(response.body());
                String policy = JSON.writeValueAsString(view.path("policy"));
                assertThat(PolicyDocument.parse(policy, arn).version()).isEqualTo("2012-10-17");
                assertThat(view.path("collapsed").asBoolean()).as(arn).isFalse();
                Set<String> expected = new TreeSet<>();
                used.get(arn).forEach(a -> expected.add(a.toLowerCase(Locale.ROOT)));
                assertThat(AccessFixture.grantedAlone(policy, snapshot.accountId())).as(arn).isEqualTo(expected);
                withPolicy += expected.isEmpty() ? 0 : 1;
            }
            assertThat(withPolicy).as("principals that used something").isGreaterThan(100);

            long firstList = System.nanoTime();
            JsonNode first = JSON.readTree(AccessApiTest.get(http, "/api/access?limit=7").body());
            firstList = System.nanoTime() - firstList;
            List<String> listed = new ArrayList<>();
            first.path("items").forEach(i -> listed.add(i.path("principal").asText()));
            String cursor = first.path("next_cursor").asText(null);
            long pages = System.nanoTime();
            int pageCount = 1;
            while (cursor != null && pageCount < 100) {
                JsonNode page = JSON.readTree(AccessApiTest.get(http, "/api/access?limit=7&cursor=" + cursor).body());
                page.path("items").forEach(i -> listed.add(i.path("principal").asText()));
                cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
                pageCount++;
            }
            pages = System.nanoTime() - pages;
            assertThat(listed).hasSize(snapshot.principalArns().size());
            assertThat(new HashSet<>(listed)).isEqualTo(new HashSet<>(snapshot.principalArns()));
            assertThat(first.path("totals").path("admin_access").asInt()).isEqualTo(8);

            System.out.printf("access API on the lab export: %d principals, review built in %d ms; %d rightsize "
                            + "views served in %d ms (%.1f ms each); first /api/access page %d ms, %d more pages in "
                            + "%d ms%n", listed.size(), built / 1_000_000, listed.size(), served / 1_000_000,
                    served / 1e6 / listed.size(), firstList / 1_000_000, pageCount - 1, pages / 1_000_000);
        }
    }
}
