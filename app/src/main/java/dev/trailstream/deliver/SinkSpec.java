package dev.trailstream.deliver;

import dev.trailstream.runtime.UsageException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --sink} value: where findings go and how. Forms: {@code file:DIR}, {@code splunk:https://HOST:8088},
 * {@code elastic:https://HOST:9200/INDEX}, {@code syslog:tcp://HOST:514}; optionally {@code NAME=} before (the name
 * defaults to the kind, and names the consumer group, the spool folder and the metrics' {@code sink} tag) and
 * {@code ?option=value&...} after (see {@link SinkSettings}).
 *
 * @param name     unique among the sinks of one process
 * @param kind     what the endpoint speaks
 * @param endpoint the file sink's folder, or the URI requests go to (Splunk: the collector's event endpoint;
 *                 Elasticsearch: {@code .../_bulk}; syslog: {@code tcp://host:port})
 * @param index    Elasticsearch only: the index the findings go to
 */
public record SinkSpec(String name, Kind kind, String endpoint, String index, SinkSettings settings) {
    public static final String FORMS = "file:DIR, splunk:https://HOST:8088, elastic:https://HOST:9200/INDEX, "
            + "syslog:tcp://HOST:514 (optionally NAME= before and ?option=value after)";
    private static final Pattern NAMED = Pattern.compile("([a-z0-9][a-z0-9_-]{0,39})=(.*)", Pattern.DOTALL);
    private static final Pattern INDEX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,254}");

    /** The kinds of endpoint, by the word a spec starts with. */
    public enum Kind {
        FILE, SPLUNK, ELASTIC, SYSLOG;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Parses one {@code --sink} value; anything wrong is one line saying what and listing the forms. */
    public static SinkSpec parse(String spec) {
        String rest = spec.strip();
        String name = null;
        Matcher named = NAMED.matcher(rest);
        if (named.matches() && rest.indexOf('=') < Math.max(rest.indexOf(':'), 0)) {
            name = named.group(1);
            rest = named.group(2);
        }
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw bad(spec, "no kind");
        }
        String word = rest.substring(0, colon);
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.word().equals(word)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw bad(spec, "unknown kind '" + word + "'");
        }
        String target = rest.substring(colon + 1);
        Map<String, String> options = new LinkedHashMap<>();
        int q = target.indexOf('?');
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw bad(spec, "option '" + pair + "' is not name=value");
                }
                options.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            target = target.substring(0, q);
        }
        SinkSettings settings = SinkSettings.of(options, spec);
        String sinkName = name != null ? name : kind.word();
        return switch (kind) {
            case FILE -> {
                if (target.isBlank()) {
                    throw bad(spec, "no folder after file:");
                }
                yield new SinkSpec(sinkName, kind, Path.of(target).toString(), null, settings);
            }
            case SPLUNK -> {
                URI uri = httpUri(spec, target);
                String path = uri.getPath() == null ? "" : uri.getPath();
                if (!path.isEmpty() && !path.equals("/") && !path.equals("/services/collector/event")) {
                    throw bad(spec, "a Splunk URL has no path (the sink posts to /services/collector/event)");
                }
                yield new SinkSpec(sinkName, kind, origin(uri) + "/services/collector/event", null, settings);
            }
            case ELASTIC -> {
                URI uri = httpUri(spec, target);
                String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
                int slash = path.lastIndexOf('/');
                String index = slash < 0 ? "" : path.substring(slash + 1);
                if (!INDEX.matcher(index).matches()) {
                    throw bad(spec, "an Elasticsearch URL ends with the index (lower case, e.g. /trailstream-findings)");
                }
                // A proxy may serve the cluster under a path: _bulk sits beside the index.
                yield new SinkSpec(sinkName, kind, origin(uri) + path.substring(0, slash) + "/_bulk", index, settings);
            }
            case SYSLOG -> {
                URI uri = uri(spec, target);
                if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
                    throw bad(spec, "syslog goes over TCP: syslog:tcp://HOST:PORT");
                }
                yield new SinkSpec(sinkName, kind, "tcp://" + uri.getHost() + ":" + uri.getPort(), null, settings);
            }
        };
    }

    private static URI httpUri(String spec, String target) {
        URI uri = uri(spec, target);
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw bad(spec, "expected an http:// or https:// URL with a host");
        }
        if (uri.getUserInfo() != null) {
            // A credential in a flag ends up in shell history and process lists.
            throw bad(spec, "no credentials in the URL: use --sink-token-file or TRAILSTREAM_SINK_TOKEN");
        }
        return uri;
    }

    private static URI uri(String spec, String target) {
        try {
            return new URI(target);
        } catch (URISyntaxException e) {
            throw bad(spec, "not a URL (" + e.getReason() + ")");
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    private static UsageException bad(String spec, String problem) {
        return new UsageException("--sink " + spec + ": " + problem + "; the forms are " + FORMS);
    }
}
