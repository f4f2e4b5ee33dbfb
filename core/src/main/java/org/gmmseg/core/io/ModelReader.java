package org.gmmseg.core.io;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.DegenerateComponentException;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.RegularizationScale;
import org.gmmseg.core.io.ModelFile.Document;

/**
 * Parses and validates one model file. Every failure is a {@link ModelFormatException} with a
 * one-line message "source: problem"; array positions in messages are zero-based, as in Python.
 * One instance per document; not thread-safe.
 */
final class ModelReader {
    private static final int MAX_QUOTED = 40;

    private final String source;

    ModelReader(String source) {
        this.source = source;
    }

    Document read(byte[] json) {
        JsonNode root = parse(json);
        checkFormat(root);
        CovarianceType type = covarianceType(root);
        JsonNode weightsNode = require(root, "weights");
        if (weightsNode.isArray() && weightsNode.size() > ModelFile.MAX_COMPONENTS) {
            throw error("'weights' has " + weightsNode.size() + " components; a model has at most "
                    + ModelFile.MAX_COMPONENTS + " (the largest label of a 16-bit label image)");
        }
        double[] weights = vector(weightsNode, "weights");
        int k = weights.length;
        if (k == 0) {
            throw error("'weights' is empty (a model needs at least one component)");
        }
        double[][] means = means(require(root, "means"), k);
        int d = means[0].length;
        double[] covariances = covariances(require(root, "covariances"), type, k, d);
        GaussianMixture model = model(type, k, d, weights, flatten(means, d), covariances);
        return new Document(model, fit(root.get("fit"), model.dimension()), extensions(root));
    }

    // ---------------------------------------------------------------- JSON syntax

    private JsonNode parse(byte[] json) {
        try (JsonParser parser = ModelFile.JSON.createParser(json)) {
            JsonNode root = JsonTrees.read(parser);
            if (root == null) {
                throw error("empty file (no JSON content)");
            }
            if (parser.nextToken() != null) {
                throw error("not valid JSON (unexpected content after the top-level value" + at(parser.currentLocation())
                        + ")");
            }
            if (!root.isObject()) {
                throw error("expected a JSON object at the top level, found " + describe(root));
            }
            return root;
        } catch (JsonEOFException e) {
            throw error("not valid JSON (unexpected end of input" + at(e.getLocation()) + "; truncated?)");
        } catch (JsonProcessingException e) {
            throw error("not valid JSON (" + firstLine(e.getOriginalMessage()) + at(e.getLocation()) + ")");
        } catch (IOException e) {
            throw error("cannot be read (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "syntax error";
        }
        String line = message.lines().findFirst().orElse("").strip();
        int marker = line.indexOf(" (start marker at");
        if (marker > 0) {
            line = line.substring(0, marker);
        }
        return Character.toLowerCase(line.charAt(0)) + line.substring(1);
    }

    // ---------------------------------------------------------------- header keys

    private void checkFormat(JsonNode root) {
        JsonNode format = root.get("format");
        if (format == null) {
            throw error("missing key 'format' (not a gmmseg model file?)");
        }
        if (!format.isTextual() || !format.asText().equals(ModelFile.FORMAT)) {
            throw error("'format' is " + describe(format) + ", expected '" + ModelFile.FORMAT + "'");
        }
        JsonNode version = require(root, "formatVersion");
        if (!version.isIntegralNumber()) {
            throw error("'formatVersion' is " + describe(version) + ", expected an integer");
        }
        if (!version.canConvertToInt() || version.intValue() != ModelFile.FORMAT_VERSION) {
            throw error("unsupported formatVersion " + version.asText() + " (this gmmseg reads "
                    + ModelFile.FORMAT_VERSION + ")");
        }
    }

    private CovarianceType covarianceType(JsonNode root) {
        JsonNode node = require(root, "covarianceType");
        if (node.isTextual()) {
            try {
                return CovarianceType.parse(node.asText());
            } catch (IllegalArgumentException e) {
                // fall through to the message below
            }
        }
        throw error("'covarianceType' is " + describe(node) + ", expected one of 'full', 'tied', 'diag', 'spherical'");
    }

    // ---------------------------------------------------------------- parameters

    private double[][] means(JsonNode node, int k) {
        double[][] means = matrix(node, "means");
        if (means.length != k) {
            throw error("'means' has " + count(means.length, "row") + " but 'weights' has " + count(k, "component"));
        }
        if (means[0].length == 0) {
            throw error("'means' has empty rows (a model needs at least one feature)");
        }
        return means;
    }

    /** The covariances in the flat layout of {@link CovarianceType#flatLength}, shape-checked. */
    private double[] covariances(JsonNode node, CovarianceType type, int k, int d) {
        return switch (type) {
            case FULL -> fullCovariances(node, k, d);
            case TIED -> flatten(sized(matrix(node, "covariances"), "'covariances'", d, d, type), d);
            case DIAG -> flatten(sized(matrix(node, "covariances"), "'covariances'", k, d, type), d);
            case SPHERICAL -> sphericalCovariances(node, k);
        };
    }

    private double[] fullCovariances(JsonNode node, int k, int d) {
        requireArray(node, "covariances");
        if (node.size() != k) {
            throw error("'covariances' has " + count(node.size(), "matrix") + " but 'weights' has "
                    + count(k, "component") + " (full covariances are " + shapeName(CovarianceType.FULL) + ")");
        }
        double[] flat = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            String path = "covariances[" + c + "]";
            double[][] matrix = sized(matrix(node.get(c), path), path, d, d, CovarianceType.FULL);
            for (int r = 0; r < d; r++) {
                System.arraycopy(matrix[r], 0, flat, (c * d + r) * d, d);
            }
        }
        return flat;
    }

    private double[] sphericalCovariances(JsonNode node, int k) {
        double[] variances = vector(node, "covariances");
        if (variances.length != k) {
            throw error("'covariances' has " + count(variances.length, "value") + " but 'weights' has "
                    + count(k, "component") + " (spherical covariances are one variance per component)");
        }
        return variances;
    }

    /** Checks a matrix is rows x cols; {@code label} is how the message names it. */
    private double[][] sized(double[][] matrix, String label, int rows, int cols, CovarianceType type) {
        int actualCols = matrix.length == 0 ? 0 : matrix[0].length;
        if (matrix.length != rows || actualCols != cols) {
            throw error(label + " is " + matrix.length + " x " + actualCols + ", expected " + rows + " x " + cols
                    + " (" + type + " covariances are " + shapeName(type) + ")");
        }
        return matrix;
    }

    /** Shape of {@code covariances} for a covariance type, as in docs/model-format.md. */
    private static String shapeName(CovarianceType type) {
        return switch (type) {
            case FULL -> "K x D x D";
            case TIED -> "D x D";
            case DIAG -> "K x D";
            case SPHERICAL -> "K";
        };
    }

    /** Builds the model; its own validation (weights, positive definiteness) is reported with the source. */
    private GaussianMixture model(CovarianceType type, int k, int d, double[] weights, double[] means,
            double[] covariances) {
        try {
            return GaussianMixture.ofFlat(type, k, d, weights, means, covariances);
        } catch (DegenerateComponentException e) {
            throw new ModelFormatException(source + ": " + notPositive(type, e.component()), e);
        } catch (GmmException e) {
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static String notPositive(CovarianceType type, int component) {
        return switch (type) {
            case FULL -> "covariances[" + component + "] is not positive definite";
            case TIED -> "'covariances' (tied, shared by all components) is not positive definite";
            case DIAG -> "covariances[" + component + "] has a variance that is not positive";
            case SPHERICAL -> "covariances[" + component + "] is not positive (it is a variance)";
        };
    }

    // ---------------------------------------------------------------- fit and extensions

    private FitSummary fit(JsonNode fit, int d) {
        if (fit == null) {
            return null;
        }
        if (!fit.isObject()) {
            throw error("'fit' is " + describe(fit) + ", expected an object");
        }
        FitSummary summary = new FitSummary(fitDouble(fit, "logLikelihood"), fitDouble(fit, "lowerBound"),
                fitInt(fit, "iterations"), fitBoolean(fit, "converged"), fitDouble(fit, "nSamples"), fitDouble(fit, "bic"),
                fitDouble(fit, "aic"), fitLong(fit, "seed"));
        JsonNode scale = fit.get("regCovarScale");
        if (fit.get("regCovar") == null && scale == null) {
            return summary; // written before the regularisation was recorded
        }
        double regCovar = fitDouble(fit, "regCovar");
        if (!(regCovar >= 0) || Double.isInfinite(regCovar)) {
            throw error("'fit.regCovar' is " + regCovar + ", expected a finite number >= 0");
        }
        return new FitSummary(summary.logLikelihood(), summary.lowerBound(), summary.iterations(), summary.converged(),
                summary.nSamples(), summary.bic(), summary.aic(), summary.seed(), regCovar,
                regScale(requireFit(fit, "regCovarScale"), d));
    }

    /** 'absolute' or D positive per-feature scales. */
    private RegularizationScale regScale(JsonNode node, int d) {
        if (node.isTextual() && node.asText().equals(ModelFile.ABSOLUTE_SCALE)) {
            return RegularizationScale.ABSOLUTE;
        }
        String expected = "expected '" + ModelFile.ABSOLUTE_SCALE + "' or " + d + " positive numbers (one per feature)";
        if (!node.isArray() || node.size() != d) {
            throw error("'fit.regCovarScale' is " + describe(node) + ", " + expected);
        }
        double[] scales = new double[d];
        for (int j = 0; j < d; j++) {
            JsonNode v = node.get(j);
            if (!v.isNumber() || !(v.doubleValue() > 0) || Double.isInfinite(v.doubleValue())) {
                throw error("'fit.regCovarScale[" + j + "]' is " + describe(v) + ", " + expected);
            }
            scales[j] = v.doubleValue();
        }
        return RegularizationScale.ofVariances(scales);
    }

    /** A number of the fit block; NaN and infinities are allowed there (e.g. a diverged fit). */
    private double fitDouble(JsonNode fit, String key) {
        JsonNode node = requireFit(fit, key);
        if (!node.isNumber()) {
            throw error("'fit." + key + "' is " + describe(node) + ", expected a number");
        }
        return node.doubleValue();
    }

    private int fitInt(JsonNode fit, String key) {
        JsonNode node = requireFit(fit, key);
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw error("'fit." + key + "' is " + describe(node) + ", expected an integer");
        }
        return node.intValue();
    }

    private long fitLong(JsonNode fit, String key) {
        JsonNode node = requireFit(fit, key);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw error("'fit." + key + "' is " + describe(node) + ", expected a 64-bit integer");
        }
        return node.longValue();
    }

    private boolean fitBoolean(JsonNode fit, String key) {
        JsonNode node = requireFit(fit, key);
        if (!node.isBoolean()) {
            throw error("'fit." + key + "' is " + describe(node) + ", expected true or false");
        }
        return node.booleanValue();
    }

    private JsonNode requireFit(JsonNode fit, String key) {
        JsonNode node = fit.get(key);
        if (node == null) {
            throw error("missing key 'fit." + key + "'");
        }
        return node;
    }

    /** Every top-level key that is not part of the format, in document order. */
    private static Map<String, JsonNode> extensions(JsonNode root) {
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!ModelFile.KEYS.contains(field.getKey())) {
                extensions.put(field.getKey(), field.getValue());
            }
        }
        return extensions;
    }

    // ---------------------------------------------------------------- arrays and numbers

    private JsonNode require(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null) {
            throw error("missing key '" + key + "'");
        }
        return node;
    }

    private void requireArray(JsonNode node, String path) {
        if (!node.isArray()) {
            throw error(label(path) + " is " + describe(node) + ", expected an array");
        }
    }

    /** A rectangular array of arrays of finite numbers. */
    private double[][] matrix(JsonNode node, String path) {
        requireArray(node, path);
        double[][] rows = new double[node.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = vector(node.get(i), path + "[" + i + "]");
            if (rows[i].length != rows[0].length) {
                throw error(path + "[" + i + "] has " + count(rows[i].length, "value") + " but " + path
                        + "[0] has " + rows[0].length + " (ragged array)");
            }
        }
        return rows;
    }

    /** An array of finite numbers. */
    private double[] vector(JsonNode node, String path) {
        requireArray(node, path);
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(node.get(i), path + "[" + i + "]");
        }
        return values;
    }

    private double number(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw error(path + " is " + describe(node) + ", expected a number");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw error(path + " is " + describe(node) + ", expected a finite number");
        }
        return value;
    }

    private static double[] flatten(double[][] rows, int d) {
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }

    /** "1 value", "2 values", "1 matrix", "3 matrices". */
    private static String count(int n, String noun) {
        if (n == 1) {
            return "1 " + noun;
        }
        return n + " " + (noun.endsWith("x") ? noun.substring(0, noun.length() - 1) + "ces" : noun + "s");
    }

    /** A top-level key in quotes ('means'); an indexed path as it is (means[1][0]). */
    private static String label(String path) {
        return path.indexOf('[') < 0 ? "'" + path + "'" : path;
    }

    /** A JSON value for a message: numbers and short strings as they are, containers by kind. */
    private static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            String text = node.asText();
            return "'" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text)
                    .replaceAll("\\R", " ") + "'";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.asText();
    }

    private ModelFormatException error(String problem) {
        return new ModelFormatException(source + ": " + problem);
    }
}
