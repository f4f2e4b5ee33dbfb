package org.gmmseg.core.select;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.io.ModelFile;
import org.gmmseg.core.io.ModelFormatException;

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
public record SelectionTable(Criterion criterion, List<Row> rows, int chosen, List<String> notes) implements Serializable {
    /** The key of the block in a model file. */
    public static final String KEY = "selection";
    private static final List<String> STATUSES = List.of("ok", "failed", "skipped");

    /**
     * One candidate.
     *
     * @param status "ok", "failed" or "skipped"
     */
    public record Row(int components, CovarianceType covarianceType, String status, double logLikelihood,
            double bic, double aic, double icl, int iterations, boolean converged, double regCovar, int retries,
            String note) implements Serializable {

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
     * Reads a {@code selection} block. Numbers may be null (a candidate that was not fitted) but
     * not text; the chosen candidate must have been fitted.
     *
     * @throws IllegalArgumentException naming the key that is missing or malformed, e.g.
     *     {@code 'selection.candidates[2].bic' is 'abc', expected a number or null}
     */
    public static SelectionTable fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("'" + KEY + "' must be an object");
        }
        Criterion criterion;
        String criterionName = text(n, KEY, "criterion");
        try {
            criterion = Criterion.parse(criterionName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + KEY + ".criterion': " + e.getMessage(), e);
        }
        JsonNode cands = n.get("candidates");
        if (cands == null || !cands.isArray() || cands.isEmpty()) {
            throw new IllegalArgumentException("'" + KEY + ".candidates' must be a non-empty array");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cands.size(); i++) {
            JsonNode c = cands.get(i);
            String path = KEY + ".candidates[" + i + "]";
            if (!c.isObject()) {
                throw new IllegalArgumentException("'" + path + "' must be an object");
            }
            int k = integer(c, path, "components");
            if (k < 1) {
                throw new IllegalArgumentException("'" + path + ".components' must be at least 1, got " + k);
            }
            CovarianceType type;
            String typeName = text(c, path, "covarianceType");
            try {
                type = CovarianceType.parse(typeName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + path + ".covarianceType': " + e.getMessage(), e);
            }
            String status = text(c, path, "status");
            if (!STATUSES.contains(status)) {
                throw new IllegalArgumentException("'" + path + ".status' is '" + status + "', expected one of "
                        + String.join(", ", STATUSES));
            }
            rows.add(new Row(k, type, status, number(c, path, "logLikelihood"), number(c, path, "bic"),
                    number(c, path, "aic"), number(c, path, "icl"), c.path("iterations").asInt(0),
                    c.path("converged").asBoolean(false), number(c, path, "regCovar"), c.path("retries").asInt(0),
                    c.path("note").asText("")));
        }
        List<String> notes = new ArrayList<>();
        n.path("notes").forEach(x -> notes.add(x.asText()));
        int chosen = integer(n, KEY, "chosen");
        if (chosen < 0 || chosen >= rows.size()) {
            throw new IllegalArgumentException("'" + KEY + ".chosen' is " + chosen + " but there are " + rows.size()
                    + " candidates (counting from 0)");
        }
        if (!rows.get(chosen).ok()) {
            throw new IllegalArgumentException("'" + KEY + ".chosen' is candidate " + chosen + ", whose status is '"
                    + rows.get(chosen).status() + "', not 'ok'");
        }
        return new SelectionTable(criterion, rows, chosen, notes);
    }

    /**
     * The {@code selection} block of a model file, checked against the model: the chosen candidate
     * must have the model's K and covariance type.
     *
     * @param source the file name, for messages
     * @return the table, or null when the document has no {@code selection} block
     * @throws ModelFormatException starting with {@code source} and naming the key, when the block
     *     is malformed or does not match the model
     */
    public static SelectionTable fromDocument(ModelFile.Document document, String source) {
        JsonNode block = document.extensions().get(KEY);
        if (block == null) {
            return null;
        }
        SelectionTable table;
        try {
            table = fromJson(block);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        }
        Row chosen = table.chosenRow();
        GaussianMixture model = document.model();
        if (chosen.components() != model.components() || chosen.covarianceType() != model.covarianceType()) {
            throw new ModelFormatException(source + ": '" + KEY + ".chosen' is K=" + chosen.components() + " "
                    + chosen.covarianceType() + " but the model has K=" + model.components() + " "
                    + model.covarianceType());
        }
        return table;
    }

    private static String text(JsonNode n, String path, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + path + "." + key + "' " + found(v) + ", expected text");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String path, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("'" + path + "." + key + "' " + found(v) + ", expected an integer");
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String path, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + path + "." + key + "' " + found(v) + ", expected a number or null");
        }
        return v.asDouble();
    }

    private static String found(JsonNode v) {
        if (v == null) {
            return "is missing";
        }
        return "is " + (v.isTextual() ? "'" + v.asText() + "'" : v.toString());
    }
}
