package dev.trailstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.cli.CloudTrailFolder;
import dev.trailstream.cli.RunOnceTest;
import dev.trailstream.ingest.LocalFolderLister;
import dev.trailstream.runtime.Completion;
import dev.trailstream.runtime.Metrics;
import dev.trailstream.runtime.Pipeline;
import dev.trailstream.runtime.RunOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The profiles API of one instance over a simulated organisation, checked against the raw files. */
class ProfileApiEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void answersListsProfilesAndActivityWithTheCountsOfTheRawFiles() throws Exception {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 5);
        Set<String> principals = CloudTrailFolder.of(logs).principals();
        RawEvents raw = RawEvents.of(logs);
        RunOptions options = new RunOptions(Map.of("source", logs.toAbsolutePath().toString()), Optional.empty(),
                tmp.resolve("state"), true, Optional.empty(), true, "trailstream", 2, "127.0.0.1", 0, 0, 0, 0, 10);
        Collection<String> lastKeys = new LocalFolderLister(logs).lastKeyPerPrefix().values();

        try (HttpEndpoints http = HttpEndpoints.start("127.0.0.1", 0);
             Pipeline pipeline = Pipeline.start(options, Optional.of(http.applicationServer()))) {
            http.attach(Metrics.forPipeline(pipeline, options.topPrincipals()), pipeline::streamsRunning,
                    pipeline.streams());
            Completion.await(pipeline, lastKeys, line -> { });
            String base = "http://" + http.applicationServer();

            // The whole list, busiest first, with every principal's events as in the files.
            JsonNode all = json(base + "/api/principals?limit=500");
            assertThat(all.path("total").asLong()).isEqualTo(principals.size());
            assertThat(all.path("nextCursor").isNull()).isTrue();
            List<String> ids = new ArrayList<>();
            List<Long> events = new ArrayList<>();
            all.path("items").forEach(item -> {
                ids.add(item.path("principalId").asText());
                events.add(item.path("events").asLong());
                assertThat(item.path("events").asLong()).as(item.toString())
                        .isEqualTo(raw.events(item.path("principalId").asText()));
                assertThat(item.path("lastSeen").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            });
            assertThat(ids).containsExactlyInAnyOrderElementsOf(principals);
            assertThat(events).isSortedAccordingTo(Comparator.reverseOrder());

            // Small pages following the cursor visit everyone once, in the same order.
            List<String> paged = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = json(base + "/api/principals?limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
                page.path("items").forEach(item -> paged.add(item.path("principalId").asText()));
                cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            } while (cursor != null);
            assertThat(paged).isEqualTo(ids);

            JsonNode roots = json(base + "/api/principals?kind=root");
            Set<String> rootIds = new HashSet<>();
            roots.path("items").forEach(item -> {
                assertThat(item.path("kind").asText()).isEqualTo("ROOT");
                rootIds.add(item.path("principalId").asText());
            });
            assertThat(rootIds).isNotEmpty().allMatch(id -> id.endsWith(":root"));
            assertThat(roots.path("total").asLong()).isEqualTo(rootIds.size())
                    .isEqualTo(principals.stream().filter(id -> id.endsWith(":root")).count());

            // Every profile, by its URL-encoded id.
            for (String id : principals) {
                HttpResponse<String> response = get(base + "/api/principals/" + RawEvents.pathSegment(id));
                assertThat(response.statusCode()).as(id + ": " + response.body()).isEqualTo(200);
                assertThat(response.headers().firstValue(ProfileApi.ANSWERED_BY)).contains(http.applicationServer());
                JsonNode profile = JSON.readTree(response.body());
                assertThat(profile.path("principalId").asText()).isEqualTo(id);
                assertThat(profile.path("events").asLong()).as(id).isEqualTo(raw.events(id));
                assertThat(profile.path("actions").path("names").size()).isPositive();
            }
            HttpResponse<String> unknown = get(base + "/api/principals/" + RawEvents.pathSegment(
                    "arn:aws:iam::000000000000:user/nobody"));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).path("error").asText())
                    .isEqualTo("no principal 'arn:aws:iam::000000000000:user/nobody'");

            // Activity of the busiest principal: the default day range covers the two simulated days, the default
            // hour range the 24 hours up to its last event, and explicit ranges count what the files hold in them.
            String busiest = ids.get(0);
            String activity = base + "/api/principals/" + RawEvents.pathSegment(busiest) + "/activity";
            JsonNode days = json(activity + "?window=day");
            assertThat(days.path("window").asText()).isEqualTo("day");
            assertThat(sum(days)).isEqualTo(raw.events(busiest));
            JsonNode hours = json(activity);
            Instant from = Instant.parse(hours.path("from").asText());
            Instant to = Instant.parse(hours.path("to").asText());
            assertThat(java.time.Duration.between(from, to)).hasHours(24);
            assertThat(sum(hours)).isPositive().isEqualTo(raw.events(busiest, from, to));
            hours.path("windows").forEach(w -> {
                Instant start = Instant.parse(w.path("start").asText());
                assertThat(Instant.parse(w.path("end").asText())).isEqualTo(start.plusSeconds(3600));
                assertThat(start).isBetween(from, to.minusSeconds(3600));
            });
            Instant sixFrom = from.plusSeconds(3 * 3600);
            Instant sixTo = sixFrom.plusSeconds(6 * 3600);
            JsonNode six = json(activity + "?from=" + sixFrom + "&to=" + sixTo);
            assertThat(six.path("windows").size()).isLessThanOrEqualTo(6);
            assertThat(sum(six)).isEqualTo(raw.events(busiest, sixFrom, sixTo));
        }
    }

    private static long sum(JsonNode history) {
        long n = 0;
        for (JsonNode w : history.path("windows")) {
            n += w.path("events").asLong();
        }
        return n;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
