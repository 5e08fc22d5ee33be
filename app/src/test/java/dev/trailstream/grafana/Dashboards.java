package dev.trailstream.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The dashboards under {@code grafana/dashboards/}, read as Grafana stores them, and what the tests check in them:
 * every panel (those inside rows too) and every PromQL expression a panel or a template variable runs.
 */
final class Dashboards {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The project's {@code grafana/} folder; tests run in the module folder, one level below the project. */
    static final Path GRAFANA = Path.of("..", "grafana");

    private Dashboards() {
    }

    /** A dashboard file and its JSON. */
    record Dashboard(Path file, JsonNode json) {
        String uid() {
            return json.path("uid").asText();
        }

        String title() {
            return json.path("title").asText();
        }
    }

    /** A panel that shows data (not a row), with the dashboard it is on. */
    record Panel(Dashboard dashboard, JsonNode json) {
        String title() {
            return json.path("title").asText();
        }

        /** "dashboard / panel", for failure messages. */
        String where() {
            return dashboard.title() + " / " + title();
        }
    }

    /**
     * A PromQL expression as the dashboard holds it (Grafana variables not yet substituted), where it is, and the
     * legend format that names its series.
     */
    record Query(String where, String expr, String legend) {
        @Override
        public String toString() {
            return where + ": " + expr;
        }
    }

    /** A {@code label_values(metric, label)} template variable. */
    record LabelValues(String where, String variable, String metric, String label) {
    }

    static List<Dashboard> all() {
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            List<Dashboard> dashboards = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                dashboards.add(new Dashboard(f, JSON.readTree(f.toFile())));
            }
            return dashboards;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel that is not a row, the panels of collapsed and open rows included. */
    static List<Panel> panels(List<Dashboard> dashboards) {
        List<Panel> panels = new ArrayList<>();
        for (Dashboard d : dashboards) {
            collect(d, d.json().path("panels"), panels);
        }
        return panels;
    }

    private static void collect(Dashboard d, JsonNode list, List<Panel> into) {
        for (JsonNode p : list) {
            if (p.path("type").asText().equals("row")) {
                // A collapsed row keeps its panels inside it; an open one has them beside it at the top level.
                collect(d, p.path("panels"), into);
            } else {
                into.add(new Panel(d, p));
            }
        }
    }

    /** The panels' target expressions, each named by dashboard, panel and refId. */
    static List<Query> panelQueries(List<Dashboard> dashboards) {
        List<Query> queries = new ArrayList<>();
        for (Panel p : panels(dashboards)) {
            for (JsonNode t : p.json().path("targets")) {
                queries.add(new Query(p.where() + " [" + t.path("refId").asText() + "]", t.path("expr").asText(),
                        t.path("legendFormat").asText()));
            }
        }
        return queries;
    }

    /**
     * The template variables of type {@code query}: a {@code label_values(metric, label)} each (the form the
     * dashboards use, checked by the label values API), else a PromQL expression run like a panel's.
     */
    static List<JsonNode> queryVariables(Dashboard d) {
        List<JsonNode> variables = new ArrayList<>();
        for (JsonNode v : d.json().path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                variables.add(v);
            }
        }
        return variables;
    }

    /** The query text of a variable, whether Grafana stored it as a string or as an object. */
    static String variableQuery(JsonNode variable) {
        JsonNode q = variable.path("query");
        return q.isObject() ? q.path("query").asText() : q.asText();
    }
}
