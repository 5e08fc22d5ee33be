package dev.trailstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailstream.cli.CloudTrailFolder;
import dev.trailstream.cli.FindingsTopicHistory;
import dev.trailstream.cli.RunOnceTest;
import dev.trailstream.runtime.EmbeddedBroker;
import dev.trailstream.runtime.Ports;
import dev.trailstream.simulate.IamFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two {@code trailstream run} processes of one application share the partitions of a broker the test owns; only the
 * first runs the connector. Whichever instance is asked, every principal's answer is the same and right: a profile
 * hosted by the other instance is forwarded there, and a list is gathered from both. Both are given the same IAM
 * exports: one instance (the smaller address) runs the access review from the profiles' changelog, the other says so
 * once and forwards {@code /api/access} to it, and each access finding is created once.
 */
class TwoInstancesQueryIT {
    private static final Path JAR = Path.of(System.getProperty("trailstream.jar", "target/trailstream.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY = Duration.ofSeconds(240);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    record Instance(String base, Process process, Path stderr) {
    }

    @Test
    void bothInstancesAnswerEveryPrincipalAlikeForwardingWhatTheOtherHosts() throws Exception {
        Path logs = RunOnceTest.simulate(tmp.resolve("sim"), 21);
        IamFiles iam = IamFiles.in(tmp.resolve("sim"));
        List<String> review = List.of("--iam", iam.exportsFlag(), "--access-review-minutes", "1");
        Set<String> principals = CloudTrailFolder.of(logs).principals();
        RawEvents raw = RawEvents.of(logs);
        long uniqueEvents = principals.stream().mapToLong(raw::events).sum();

        List<Instance> instances = new ArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), Ports.free(), Ports.free())) {
            instances.add(start("a", broker, with(review, "--source", logs.toString())));
            instances.add(start("b", broker, with(review, "--no-connect")));
            for (Instance instance : instances) {
                await(instance, "/health", body -> body.contains("\"UP\""));
                // Processed: the gathered list holds every principal and every event.
                await(instance, "/api/principals?limit=500", body -> {
                    JsonNode list = readTree(body);
                    long events = 0;
                    for (JsonNode item : list.path("items")) {
                        events += item.path("events").asLong();
                    }
                    return list.path("total").asLong() == principals.size() && events == uniqueEvents;
                });
            }

            Map<String, Integer> forwarded = new TreeMap<>();
            for (String id : principals) {
                String path = "/api/principals/" + RawEvents.pathSegment(id);
                List<JsonNode> answers = new ArrayList<>();
                for (Instance instance : instances) {
                    HttpResponse<String> response = get(instance.base() + path);
                    assertThat(response.statusCode()).as(instance.base() + path + ": " + response.body())
                            .isEqualTo(200);
                    String answeredBy = response.headers().firstValue(ProfileApi.ANSWERED_BY).orElseThrow();
                    if (!instance.base().endsWith("//" + answeredBy)) {
                        forwarded.merge(instance.base(), 1, Integer::sum);
                    }
                    JsonNode profile = JSON.readTree(response.body());
                    assertThat(profile.path("principalId").asText()).isEqualTo(id);
                    assertThat(profile.path("events").asLong()).as(id).isEqualTo(raw.events(id));
                    answers.add(profile);
                    answers.add(json(instance.base() + path + "/activity?window=day"));
                }
                assertThat(answers.get(2)).as(id).isEqualTo(answers.get(0));
                assertThat(answers.get(3)).as(id).isEqualTo(answers.get(1));
            }
            assertThat(forwarded).as("requests answered by the other instance").containsOnlyKeys(
                    instances.stream().map(Instance::base).toArray(String[]::new));

            for (Instance instance : instances) {
                JsonNode all = json(instance.base() + "/api/principals?limit=500");
                assertThat(all.path("total").asLong()).isEqualTo(principals.size());
                List<String> listed = new ArrayList<>();
                all.path("items").forEach(item -> {
                    listed.add(item.path("principalId").asText());
                    assertThat(item.path("events").asLong()).isEqualTo(raw.events(item.path("principalId").asText()));
                });
                assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(principals);

                // Pages of 5 by last event, merged from both instances' parts, visit everyone once.
                List<String> paged = new ArrayList<>();
                String cursor = null;
                do {
                    JsonNode page = json(instance.base() + "/api/principals?sort=last_seen&limit=5"
                            + (cursor == null ? "" : "&cursor=" + cursor));
                    assertThat(page.path("total").asLong()).isEqualTo(principals.size());
                    page.path("items").forEach(item -> paged.add(item.path("principalId").asText()));
                    cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
                } while (cursor != null);
                assertThat(paged).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(principals);
                assertThat(new HashSet<>(paged)).hasSize(principals.size());
            }

            assertOneInstanceReviewsAndBothAnswerAlike(instances, broker);
        } finally {
            for (Instance instance : instances) {
                stop(instance);
            }
        }
    }

    /**
     * The review of the instance with the smaller address, served by both; the other says once that it stands by;
     * every access finding (class 2008) on the findings topic is created once.
     */
    private void assertOneInstanceReviewsAndBothAnswerAlike(List<Instance> instances, EmbeddedBroker broker)
            throws Exception {
        String reviewer = instances.stream().map(i -> i.base().substring("http://".length()))
                .min(Comparator.comparingInt((String a) -> Integer.parseInt(a.substring(a.indexOf(':') + 1))))
                .orElseThrow();
        for (Instance instance : instances) {
            await(instance, "/api/access?limit=1", body -> readTree(body).path("totals").path("principals").asLong() > 0);
        }
        // A review may land between two requests: compare answers of one review.
        JsonNode[] answers = new JsonNode[instances.size()];
        for (int attempt = 0; attempt < 3; attempt++) {
            for (int i = 0; i < answers.length; i++) {
                HttpResponse<String> response = get(instances.get(i).base() + "/api/access?limit=1000");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.headers().firstValue(ProfileApi.ANSWERED_BY)).as(instances.get(i).base())
                        .contains(reviewer);
                answers[i] = JSON.readTree(response.body());
            }
            if (answers[0].path("reviewed_at").equals(answers[1].path("reviewed_at"))) {
                break;
            }
        }
        assertThat(answers[1].path("reviewed_at")).isEqualTo(answers[0].path("reviewed_at"));
        assertThat(answers[1].path("accounts")).isEqualTo(answers[0].path("accounts"));
        assertThat(answers[1].path("totals")).isEqualTo(answers[0].path("totals"));
        assertThat(answers[0].path("accounts").size()).isPositive();
        assertThat(answers[0].path("items").size()).isPositive();

        for (Instance instance : instances) {
            String log = Files.readString(instance.stderr());
            int standsBy = log.split(java.util.regex.Pattern.quote(reviewer + " runs the access review"), -1).length
                    - 1;
            // Said once, at the first tick that finds the group settled (15 s, then every minute: maybe not yet).
            assertThat(standsBy).as(instance.base() + " says at most once that the other reviews")
                    .isLessThanOrEqualTo(instance.base().endsWith("//" + reviewer) ? 0 : 1);
        }

        Map<String, Integer> creates = new TreeMap<>();
        FindingsTopicHistory.read(broker.bootstrapServers()).byUid().forEach((uid, history) -> {
            if (history.get(0).path("class_uid").asInt() != 2008) {
                return;
            }
            creates.put(uid, (int) history.stream().filter(f -> f.path("activity_id").asInt() == 1).count());
            assertThat(new HashSet<>(history)).as(uid + ": no record repeated").hasSize(history.size());
        });
        assertThat(creates).as("access findings on trailstream.findings").isNotEmpty()
                .allSatisfy((uid, n) -> assertThat(n).as("creates of " + uid).isEqualTo(1));
    }

    private static List<String> with(List<String> common, String... extra) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(extra));
        return all;
    }

    private Instance start(String name, EmbeddedBroker broker, List<String> extra) throws IOException {
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx640m", "-jar", JAR.toString(), "run",
                "--bootstrap-servers", broker.bootstrapServers(), "--application-id", "two-instances",
                "--state-dir", tmp.resolve("state-" + name).toString(), "--http-port", String.valueOf(port),
                "--partitions", "4"));
        command.addAll(extra);
        Path stderr = tmp.resolve(name + "-stderr.txt");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(tmp.resolve(name + "-stdout.txt").toFile()).start();
        return new Instance("http://127.0.0.1:" + port, process, stderr);
    }

    private static void stop(Instance instance) throws InterruptedException {
        instance.process().destroy();
        if (!instance.process().waitFor(60, TimeUnit.SECONDS)) {
            instance.process().destroyForcibly();
        }
    }

    private void await(Instance instance, String path, Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            if (!instance.process().isAlive()) {
                fail(instance.base() + " exited with " + instance.process().exitValue() + ": "
                        + Files.readString(instance.stderr()));
            }
            try {
                HttpResponse<String> response = get(instance.base() + path);
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && ready.test(response.body())) {
                    return;
                }
            } catch (IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(500);
        }
        fail("waited " + READY + " for " + instance.base() + path + "; last answer: "
                + last.substring(0, Math.min(400, last.length())) + "; stderr: " + Files.readString(instance.stderr()));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
