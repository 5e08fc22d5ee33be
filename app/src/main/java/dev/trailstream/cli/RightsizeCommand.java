package dev.trailstream.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trailstream.export.LeastPrivilegeLine;
import dev.trailstream.iam.AccessReports;
import dev.trailstream.http.BearerToken;
import dev.trailstream.runtime.UsageException;
import dev.trailstream.topology.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code trailstream rightsize --principal ID}: one principal's rightsized policy, its diff against the grant, or the
 * whole rightsize view, from the HTTP API of a running instance ({@code /api/principals/{id}/rightsize}, GET only)
 * or, with {@code --from DIR}, from a finished {@code run --once --out DIR} ({@code least-privilege.jsonl} and
 * {@code policies/}). Both print the same: the policy as the run writes its files, the diff as text, the view as one
 * line of JSON.
 *
 * <p>Exit codes: 2 for what the flags got wrong (including a {@code --from} folder that cannot be read), 1 when no
 * instance answers or the principal has no report, each on one line saying what to do next.
 */
@Command(name = "rightsize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a user's or role's rightsized policy: only the actions it used, with",
                "the original resources and conditions. Asks a running `trailstream run",
                "--iam ...` over HTTP, or reads the outputs of `run --once --out DIR`."})
public final class RightsizeCommand implements Callable<Integer> {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    private static final List<String> FORMATS = List.of("policy", "diff", "json");
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Longer than any IAM ARN: anything longer is a mistake, said before a request is made. */
    private static final int MAX_ID_CHARS = 2048;

    @Spec
    CommandSpec spec;

    @Option(names = "--principal", paramLabel = "ID", required = true,
            description = "The IAM user or role ARN, an assumed-role session ARN, or ACCOUNT:role/NAME "
                    + "(ACCOUNT:user/NAME).")
    String principal;

    @Option(names = "--url", paramLabel = "URL",
            description = "The running instance's HTTP address, http://HOST[:PORT] (default: " + DEFAULT_URL
                    + ").")
    String url;

    @Option(names = "--from", paramLabel = "DIR",
            description = "Read the --out folder of a finished run --once --iam, not a server.")
    Path from;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The token the instance requires (its --http-token-file); or set "
                    + BearerToken.ENV + ".")
    Path tokenFile;

    @Option(names = "--format", paramLabel = "policy|diff|json", defaultValue = "policy",
            description = "policy: the policy document (default), ready for `aws iam put-role-policy`; "
                    + "diff: what it keeps and removes per service; json: both, with size and notes.")
    String format;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!FORMATS.contains(format)) {
            throw new UsageException("--format " + format + ": allowed are policy, diff, json");
        }
        if (principal.isBlank() || principal.length() > MAX_ID_CHARS) {
            throw new UsageException("--principal: expected an IAM user or role ARN, an assumed-role session ARN or "
                    + "ACCOUNT:role/NAME");
        }
        if (from != null && url != null) {
            throw new UsageException("--from and --url together: read a finished run's folder, or ask a running one");
        }
        if (from != null) {
            return fromFolder();
        }
        URI base = baseUri(url == null ? DEFAULT_URL : url);
        return fromServer(base, BearerToken.resolve(tokenFile, System.getenv(), "--token-file").orElse(null));
    }

    /** {@code --url}: http, a host, an optional port, nothing else (the API's paths are this command's to add). */
    static URI baseUri(String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw badUrl(raw);
        }
        String path = uri.getRawPath();
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                || (path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw badUrl(raw);
        }
        return URI.create("http://" + uri.getRawAuthority());
    }

    private static UsageException badUrl(String raw) {
        return new UsageException("--url " + raw + ": expected http://HOST[:PORT], where `trailstream run` serves "
                + "HTTP (--http-bind, --http-port)");
    }

    private int fromServer(URI base, BearerToken token) throws IOException, InterruptedException {
        // URLEncoder writes a space as '+', which the API reads as a plus sign (IAM names may hold one).
        String id = URLEncoder.encode(principal, StandardCharsets.UTF_8).replace("+", "%20");
        URI uri = base.resolve("/api/principals/" + id + "/rightsize?format=" + format);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
            if (token != null) {
                request.header("Authorization", token.header());
            }
            response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return fail("no TrailStream instance answering at " + base + ": start one with `trailstream run "
                    + "--source ... --iam FILE`, pass --url where it serves HTTP, or --from DIR for the --out "
                    + "folder of a finished run --once");
        } catch (HttpTimeoutException e) {
            return fail(base + " did not answer within 60 s: retry, or pass --from DIR");
        } catch (IOException e) {
            return fail("cannot reach " + base + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + "): pass --url where `trailstream run` serves HTTP, or --from DIR");
        }
        String body = response.body();
        if (response.statusCode() != 200) {
            String error = error(body).orElse("answered HTTP " + response.statusCode() + " to " + uri.getRawPath()
                    + ": is this a TrailStream instance? pass --url where `trailstream run` serves HTTP");
            if (response.statusCode() == 400) {
                throw new UsageException("--principal " + principal + ": " + error);
            }
            if (response.statusCode() == 401) {
                throw new UsageException(base + " requires a token: give --token-file FILE (the instance's "
                        + "--http-token-file) or set " + BearerToken.ENV);
            }
            return fail(error + (response.statusCode() == 503 ? " (" + base + ")" : ""));
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "policy" -> {
                Optional<JsonNode> policy = tree(body);
                if (policy.isEmpty()) {
                    return fail(base + " answered something other than a policy document: pass --url where "
                            + "`trailstream run` serves HTTP");
                }
                out.println(PRETTY.writeValueAsString(policy.get()));
            }
            case "diff" -> out.print(body);
            default -> out.println(body);
        }
        out.flush();
        return 0;
    }

    /** The {@code error} of a one-line JSON error body, if it is one. */
    private static Optional<String> error(String body) {
        return tree(body).filter(node -> node.path("error").isTextual()).map(node -> node.path("error").asText());
    }

    private static Optional<JsonNode> tree(String body) {
        try {
            return Optional.of(Json.treeReader().readTree(body));
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    private int fromFolder() throws IOException {
        Path report = from.resolve("least-privilege.jsonl");
        if (!Files.isDirectory(from)) {
            throw new UsageException("--from " + from + ": no such folder");
        }
        if (!Files.isReadable(report)) {
            throw new UsageException("--from " + from + ": no least-privilege.jsonl: not the --out folder of a "
                    + "`run --once --iam ...`, or it cannot be read");
        }
        JsonNode line = null;
        int principals = 0;
        try (BufferedReader reader = Files.newBufferedReader(report, StandardCharsets.UTF_8)) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                if (text.isBlank()) {
                    continue;
                }
                principals++;
                JsonNode node = readTree(text, report.toString());
                if (line == null && AccessReports.names(principal, node.path("principal").asText())) {
                    line = node;
                }
            }
        }
        if (line == null) {
            return fail("principal " + principal + " is not among the " + principals + " users and roles of "
                    + report + ": pass its IAM ARN, a session ARN or ACCOUNT:role/NAME of an account the run's "
                    + "snapshots cover");
        }
        String file = line.path("rightsized_policy").path("file").asText("");
        Path policyFile = from.resolve(file).normalize();
        if (file.isEmpty() || !policyFile.startsWith(from.normalize()) || !file.endsWith(".json")) {
            throw new UsageException("--from " + from + ": the report line of " + principal + " names no policy file "
                    + "inside the folder");
        }
        Path diffFile = policyFile.resolveSibling(policyFile.getFileName().toString()
                .replaceFirst("\\.json$", ".diff.txt"));
        String policy = read(policyFile);
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "policy" -> out.println(PRETTY.writeValueAsString(readTree(policy, policyFile.toString())));
            case "diff" -> out.print(read(diffFile));
            default -> out.println(Json.line(LeastPrivilegeLine.rightsize(line, readTree(policy,
                    policyFile.toString()), read(diffFile))));
        }
        out.flush();
        return 0;
    }

    private String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--from " + from + ": cannot read " + file + " (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private static JsonNode readTree(String json, String source) {
        try {
            return Json.treeReader().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UsageException(source + ": not the JSON TrailStream writes (" + e.getOriginalMessage() + ")");
        }
    }

    /** Exit code 1 with one line, no stack trace: the run or the principal is missing, not a flag. */
    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("trailstream: " + message);
        err.flush();
        return 1;
    }
}
