package dev.leaklab.compare;

import dev.leaklab.input.InputKind;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leaklab.compare.Differences.Row;
import dev.leaklab.compare.Differences.Summary;

/**
 * The report for machines ({@code "kind": "leaklab-compare"}, {@code "schemaVersion": 1}). Numbers are
 * rounded to six significant digits (p-values to four); values that are not finite are written as JMH
 * writes them, {@code "NaN"}, {@code "+INF"}, {@code "-INF"}, so every field stays valid JSON.
 */
final class JsonReport {

    static final String KIND = "leaklab-compare";
    static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    static String json(Differences r, String failOn) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kind", KIND);
        root.put("schemaVersion", SCHEMA_VERSION);
        root.set("base", side(r.base()));
        root.set("new", side(r.next()));
        ObjectNode settings = root.putObject("settings");
        settings.put("alpha", r.alpha());
        settings.put("thresholdPercent", r.thresholdPercent());
        settings.put("failOn", failOn);
        settings.put("center", "median");
        settings.put("interval", "95% confidence interval of the median (order statistics)");
        settings.put("test", "two-sided Mann-Whitney U");
        settings.put("samplesNeededPerSide", r.needPerSide());
        root.set("verdictChanges", changes(r.verdictChanges()));
        root.set("outcomeChanges", changes(r.outcomeChanges()));
        ArrayNode diffs = root.putArray("settingDiffs");
        r.settingDiffs().forEach(d -> diffs.addObject().put("key", d.key()).put("base", d.base()).put("new", d.next()));
        ArrayNode metrics = root.putArray("metrics");
        for (var t : r.tables()) {
            ObjectNode m = metrics.addObject();
            m.put("metric", t.metric());
            m.put("unit", t.unit());
            m.put("better", t.better().name().toLowerCase(Locale.ROOT));
            ArrayNode rows = m.putArray("rows");
            t.rows().forEach(row -> rows.add(row(row)));
            if (t.geomean() == null) {
                m.putNull("geomean");
            } else {
                ObjectNode g = m.putObject("geomean");
                number(g, "base", t.geomean().base());
                number(g, "new", t.geomean().next());
                number(g, "changePercent", t.geomean().changePercent());
                g.put("rows", t.geomean().rows());
                g.put("of", t.geomean().of());
            }
        }
        ArrayNode onlyBase = root.putArray("onlyInBase");
        r.onlyInBase().forEach(o -> onlyBase.addObject().put("row", o.row()).put("id", o.id()).put("metric", o.metric()).put("n", o.n()));
        ArrayNode onlyNew = root.putArray("onlyInNew");
        r.onlyInNext().forEach(o -> onlyNew.addObject().put("row", o.row()).put("id", o.id()).put("metric", o.metric()).put("n", o.n()));
        ArrayNode refused = root.putArray("notCompared");
        r.notCompared().forEach(o -> refused.addObject().put("row", o.row()).put("metric", o.metric()).put("reason", o.reason()));
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        ArrayNode regressions = root.putArray("regressions");
        r.regressions().forEach(regressions::add);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode side(Differences.Side s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("source", s.source());
        o.put("kind", s.kind() == InputKind.JMH ? "jmh" : "leaklab-run");
        o.put("summary", s.summary());
        ArrayNode notes = o.putArray("notes");
        s.notes().forEach(notes::add);
        return o;
    }

    private static ArrayNode changes(List<Differences.Change> changes) {
        ArrayNode a = MAPPER.createArrayNode();
        for (var c : changes) {
            ObjectNode o = a.addObject();
            o.put("row", c.row());
            o.set("base", counts(c.base()));
            o.set("new", counts(c.next()));
            o.put("assessment", c.assessment().name().toLowerCase(Locale.ROOT));
        }
        return a;
    }

    private static ObjectNode counts(Map<String, Integer> counts) {
        ObjectNode o = MAPPER.createObjectNode();
        counts.forEach(o::put);
        return o;
    }

    private static ObjectNode row(Row row) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("row", row.label());
        o.put("id", row.id());
        o.set("base", summary(row.base()));
        o.set("new", summary(row.next()));
        number(o, "changePercent", row.changePercent());
        o.put("pValue", Numbers.round(row.pValue(), 4));
        o.put("significant", row.significant());
        if (row.needPerSide() == null) {
            o.putNull("samplesNeededPerSide");
        } else {
            o.put("samplesNeededPerSide", row.needPerSide());
        }
        o.put("assessment", row.assessment().name().toLowerCase(Locale.ROOT));
        o.put("beyondThreshold", row.beyondThreshold());
        o.put("regression", row.regression());
        return o;
    }

    private static ObjectNode summary(Summary s) {
        ObjectNode o = MAPPER.createObjectNode();
        number(o, "center", s.center());
        if (s.interval() == null) {
            o.putNull("interval");
        } else {
            ObjectNode i = o.putObject("interval");
            number(i, "low", s.interval().low());
            number(i, "high", s.interval().high());
            i.put("method", s.interval().method());
        }
        o.put("n", s.n());
        return o;
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isNaN(v)) {
            o.put(field, "NaN");
        } else if (Double.isInfinite(v)) {
            o.put(field, v > 0 ? "+INF" : "-INF");
        } else {
            o.put(field, Numbers.round(v, 6));
        }
    }
}
