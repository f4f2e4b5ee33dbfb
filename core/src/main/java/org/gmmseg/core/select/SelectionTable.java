package org.gmmseg.core.select;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gmmseg.core.CovarianceType;

/**
 * The table of a model selection as plain values: what a model file's {@code selection} block
 * holds, what {@code gmmseg info} prints and what the criterion plot draws. Built from a
 * {@link SelectionResult} or read back from JSON.
 *
 * @param criterion the criterion the choice was made by
 * @param rows one per grid cell, in grid order
 * @param chosen index into rows of the chosen candidate
 * @param notes one-line notes of the search (skipped K, retries, grid edges)
 */
public record SelectionTable(Criterion criterion, List<Row> rows, int chosen, List<String> notes) {

    /**
     * One candidate.
     *
     * @param status "ok", "failed" or "skipped"
     */
    public record Row(int components, CovarianceType covarianceType, String status, double logLikelihood,
            double bic, double aic, double icl, int iterations, boolean converged, double regCovar, int retries,
            String note) {

        /** The value of a criterion; NaN unless the candidate was fitted. */
        public double value(Criterion c) {
            return switch (c) {
                case BIC -> bic;
                case ICL -> icl;
                case AIC -> aic;
            };
        }

        public boolean ok() {
            return "ok".equals(status);
        }
    }

    public SelectionTable {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
        if (chosen < 0 || chosen >= rows.size()) {
            throw new IllegalArgumentException("chosen candidate " + chosen + " is not among " + rows.size());
        }
    }

    public Row chosenRow() {
        return rows.get(chosen);
    }

    public static SelectionTable of(SelectionResult result) {
        List<Row> rows = new ArrayList<>();
        for (Candidate c : result.candidates()) {
            rows.add(new Row(c.components(), c.covarianceType(), c.status().name().toLowerCase(java.util.Locale.ROOT),
                    c.logLikelihood(), c.bic(), c.aic(), c.icl(), c.ok() ? c.fitResult().iterations() : 0,
                    c.ok() && c.fitResult().converged(), c.regCovar(), c.retries(), c.note()));
        }
        return new SelectionTable(result.criterion(), rows, result.candidates().indexOf(result.chosen()),
                result.notes());
    }

    /** The {@code selection} block; numbers of candidates that were not fitted are null. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("criterion", criterion.id());
        n.put("chosen", chosen);
        ArrayNode cands = n.putArray("candidates");
        for (Row r : rows) {
            ObjectNode c = cands.addObject();
            c.put("components", r.components());
            c.put("covarianceType", r.covarianceType().id());
            c.put("status", r.status());
            putNumber(c, "logLikelihood", r.logLikelihood());
            putNumber(c, "bic", r.bic());
            putNumber(c, "aic", r.aic());
            putNumber(c, "icl", r.icl());
            c.put("iterations", r.iterations());
            c.put("converged", r.converged());
            c.put("regCovar", r.regCovar());
            c.put("retries", r.retries());
            c.put("note", r.note());
        }
        ArrayNode ns = n.putArray("notes");
        notes.forEach(ns::add);
        return n;
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    /**
     * Reads a {@code selection} block.
     *
     * @throws IllegalArgumentException naming the key that is missing or malformed
     */
    public static SelectionTable fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("'selection' must be an object");
        }
        Criterion criterion = Criterion.parse(text(n, "criterion"));
        JsonNode cands = n.get("candidates");
        if (cands == null || !cands.isArray() || cands.isEmpty()) {
            throw new IllegalArgumentException("'selection.candidates' must be a non-empty array");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode c : cands) {
            rows.add(new Row(integer(c, "components"), CovarianceType.parse(text(c, "covarianceType")), text(c, "status"),
                    number(c, "logLikelihood"), number(c, "bic"), number(c, "aic"), number(c, "icl"),
                    c.path("iterations").asInt(0), c.path("converged").asBoolean(false), number(c, "regCovar"),
                    c.path("retries").asInt(0), c.path("note").asText("")));
        }
        List<String> notes = new ArrayList<>();
        n.path("notes").forEach(x -> notes.add(x.asText()));
        return new SelectionTable(criterion, rows, integer(n, "chosen"), notes);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'selection' needs a text '" + key + "'");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("'selection' needs an integer '" + key + "'");
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
