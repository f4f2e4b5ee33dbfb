package org.gmmseg.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.RegularizationScale;
import org.gmmseg.core.io.ModelFile.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- round trip

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void roundTripIsBitExact(CovarianceType type) throws IOException {
        SplittableRandom rng = new SplittableRandom(42 + type.ordinal());
        Document original = new Document(randomModel(type, 4, 3, rng), randomFit(rng), randomExtensions(rng));
        Path file = dir.resolve("model.json");

        ModelFile.write(file, original);
        Document fromFile = ModelFile.read(file);
        Document fromText = ModelFile.fromJson(ModelFile.toJson(original), "inline");

        for (Document copy : List.of(fromFile, fromText)) {
            assertEquals(original, copy);
            assertBitsEqual(original.model().weights(), copy.model().weights());
            assertBitsEqual(original.model().meansFlat(), copy.model().meansFlat());
            assertBitsEqual(original.model().covariancesFlat(), copy.model().covariancesFlat());
            assertEquals(List.copyOf(original.extensions().keySet()), List.copyOf(copy.extensions().keySet()));
        }
        assertEquals(ModelFile.toJson(original), Files.readString(file));
        assertEquals(ModelFile.toJson(original), ModelFile.toJson(fromFile), "rewriting changes nothing");
    }

    @Test
    void extremeDoublesSurvive() {
        double[] means = {Double.MIN_VALUE, -Double.MAX_VALUE, 0.1, -0.0, 1e-300, Math.nextUp(1.0)};
        GaussianMixture model = GaussianMixture.ofFlat(CovarianceType.SPHERICAL, 3, 2,
                new double[] {0.1, 0.2, 0.7}, means, new double[] {Double.MIN_NORMAL, 1e300, Math.PI});
        Document copy = ModelFile.fromJson(ModelFile.toJson(new Document(model, null)), "inline");
        assertBitsEqual(means, copy.model().meansFlat());
        assertBitsEqual(model.covariancesFlat(), copy.model().covariancesFlat());
    }

    @Test
    void writesShortestRepresentation() {
        // Double.toString on JDK 17 gives 2.82879384806159008E17 and 9.999999999999999E22 here
        GaussianMixture model = GaussianMixture.ofFlat(CovarianceType.SPHERICAL, 1, 2, new double[] {1},
                new double[] {2.82879384806159E17, 1e23}, new double[] {0.1});
        String json = ModelFile.toJson(new Document(model, null));
        assertTrue(json.contains("[2.82879384806159E17, 1.0E23]"), json);
    }

    @Test
    void writesKeysInOrderWithSklearnShapes() throws IOException {
        SplittableRandom rng = new SplittableRandom(7);
        Document doc = new Document(randomModel(CovarianceType.FULL, 2, 3, rng), randomFit(rng),
                randomExtensions(rng));
        JsonNode root = JSON.readTree(ModelFile.toJson(doc));

        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("format", "formatVersion", "covarianceType", "weights", "means", "covariances", "fit",
                "features", "labels"), keys);
        assertEquals("gmmseg-model", root.get("format").asText());
        assertEquals(1, root.get("formatVersion").intValue());
        assertEquals("full", root.get("covarianceType").asText());
        assertShape(root.get("covariances"), 2, 3, 3);
        assertShape(root.get("means"), 2, 3);
        List<String> fitKeys = new ArrayList<>();
        root.get("fit").fieldNames().forEachRemaining(fitKeys::add);
        assertEquals(List.of("logLikelihood", "lowerBound", "iterations", "converged", "nSamples", "bic", "aic",
                "seed"), fitKeys);
        JsonNode n = root.get("fit").get("nSamples");
        if (n.asDouble() == Math.rint(n.asDouble())) {
            assertTrue(n.isIntegralNumber(), "a whole sample count is written without a fraction: " + n);
        }
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void covariancesHaveSklearnShape(CovarianceType type) throws IOException {
        GaussianMixture model = randomModel(type, 4, 3, new SplittableRandom(3));
        JsonNode covariances = JSON.readTree(ModelFile.toJson(new Document(model, null))).get("covariances");
        assertShape(covariances, type.shape(4, 3));
    }

    @Test
    void printsOneMatrixRowPerLine() {
        GaussianMixture model = GaussianMixture.diag(new double[] {0.25, 0.75},
                new double[][] {{1, 2}, {3, 4.5}}, new double[][] {{1, 1}, {2, 0.5}});
        String json = ModelFile.toJson(new Document(model, null));
        assertTrue(json.contains("\"weights\": [0.25, 0.75],\n"), json);
        assertTrue(json.contains("\"means\": [\n    [1.0, 2.0],\n    [3.0, 4.5]\n  ],\n"), json);
        assertFalse(json.contains("precisions"), json);
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void fitBlockKeepsNonFiniteValues() {
        FitSummary fit = new FitSummary(Double.NEGATIVE_INFINITY, Double.NaN, 0, false, 10, Double.POSITIVE_INFINITY,
                1.5, -3);
        GaussianMixture model = randomModel(CovarianceType.DIAG, 1, 2, new SplittableRandom(1));
        String json = ModelFile.toJson(new Document(model, fit));
        assertTrue(json.contains("\"lowerBound\": NaN"), json);
        assertEquals(fit, ModelFile.fromJson(json, "inline").fit());
    }

    @Test
    void documentWithoutFitHasNoFitBlock() {
        GaussianMixture model = randomModel(CovarianceType.TIED, 2, 2, new SplittableRandom(5));
        String json = ModelFile.toJson(new Document(model, null, null));
        assertFalse(json.contains("\"fit\""));
        Document copy = ModelFile.fromJson(json, "inline");
        assertNull(copy.fit());
        assertTrue(copy.extensions().isEmpty());
    }

    @Test
    void unknownTopLevelKeysAreKeptAsExtensions() {
        String json = VALID.replace("\"covarianceType\"", "\"notes\": {\"by\": \"hand\", \"x\": [1, 2.5]},\n"
                + "  \"covarianceType\"").replace("\n}", ",\n  \"labels\": [\"bg\", \"cell\"]\n}");
        Document doc = ModelFile.fromJson(json, "inline");
        assertEquals(List.of("notes", "labels"), List.copyOf(doc.extensions().keySet()));
        assertEquals(2.5, doc.extensions().get("notes").get("x").get(1).doubleValue());
        String rewritten = ModelFile.toJson(doc);
        assertTrue(rewritten.indexOf("\"notes\"") > rewritten.indexOf("\"covariances\""), rewritten);
    }

    @Test
    void extensionMayNotUseFormatKey() {
        GaussianMixture model = randomModel(CovarianceType.DIAG, 1, 1, new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Document(model, null, Map.of("means", JSON.createObjectNode())));
        assertTrue(e.getMessage().contains("'means'"), e.getMessage());
    }

    // ---------------------------------------------------------------- atomic write

    @Test
    void writeCreatesFoldersReplacesAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("a/b/model.json");
        SplittableRandom rng = new SplittableRandom(11);
        Document first = new Document(randomModel(CovarianceType.FULL, 2, 2, rng), null);
        Document second = new Document(randomModel(CovarianceType.SPHERICAL, 3, 2, rng), randomFit(rng));

        ModelFile.write(file, first);
        ModelFile.write(file, second);

        assertEquals(second, ModelFile.read(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    // ---------------------------------------------------------------- malformed files

    /** A valid full model (K=2, D=2) that the malformed cases below edit. */
    private static final String VALID = """
            {
              "format": "gmmseg-model",
              "formatVersion": 1,
              "covarianceType": "full",
              "weights": [0.5, 0.5],
              "means": [[0.0, 1.0], [2.0, 3.0]],
              "covariances": [[[1.0, 0.5], [0.5, 2.0]], [[1.0, 0.0], [0.0, 1.0]]],
              "fit": {"logLikelihood": -1.5, "lowerBound": -1.5, "iterations": 12, "converged": true,
                      "nSamples": 100.0, "bic": 320.0, "aic": 310.0, "seed": 42}
            }""";

    @Test
    void validTemplateReads() {
        Document doc = ModelFile.fromJson(VALID, "inline");
        assertEquals(CovarianceType.FULL, doc.model().covarianceType());
        assertEquals(new FitSummary(-1.5, -1.5, 12, true, 100, 320, 310, 42), doc.fit());
        assertFalse(doc.fit().regularizationRecorded(), "files written before regCovar was recorded still read");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regularizations")
    void regularizationRoundTrips(String name, RegularizationScale scale, String written) {
        FitSummary fit = new FitSummary(-1.5, -1.5, 12, true, 100, 320, 310, 42, 1e-6, scale);
        GaussianMixture model = randomModel(CovarianceType.DIAG, 1, 2, new SplittableRandom(1));
        String json = ModelFile.toJson(new Document(model, fit));
        assertTrue(json.contains(written), json);
        assertEquals(fit, ModelFile.fromJson(json, "inline").fit());
    }

    static Stream<Arguments> regularizations() {
        return Stream.of(Arguments.of("absolute", RegularizationScale.ABSOLUTE, "\"regCovarScale\": \"absolute\""),
                Arguments.of("relative", RegularizationScale.ofVariances(new double[] {2.5e-5, 0.25}),
                        "\"regCovarScale\": ["));
    }

    static Stream<Arguments> malformedModels() {
        return Stream.of(
                bad("truncated", VALID.substring(0, VALID.indexOf("\"means\"") + 12),
                        "not valid JSON (unexpected end of input at line 6, column"),
                bad("truncated hint", VALID.substring(0, 40), "; truncated?)"),
                bad("syntax", VALID.replace("\"weights\":", "weights:"), "not valid JSON (unexpected character"),
                bad("trailing", VALID + " {}", "unexpected content after the top-level value"),
                bad("duplicate key", VALID.replace("\"formatVersion\": 1,", "\"formatVersion\": 1, \"formatVersion\": 1,"),
                        "duplicate field 'formatVersion'"),
                bad("top-level array", "[1, 2]", "expected a JSON object at the top level, found an array"),
                bad("empty", "", "empty file"),
                bad("blank", "  \n ", "empty file"),
                bad("not a model", "{\"a\": 1}", "missing key 'format' (not a gmmseg model file?)"),
                bad("format", VALID.replace("\"gmmseg-model\"", "\"foo\""), "'format' is 'foo', expected 'gmmseg-model'"),
                bad("version", VALID.replace("\"formatVersion\": 1", "\"formatVersion\": 2"),
                        "unsupported formatVersion 2 (this gmmseg reads 1)"),
                bad("version text", VALID.replace("\"formatVersion\": 1", "\"formatVersion\": \"1\""),
                        "'formatVersion' is '1', expected an integer"),
                bad("missing version", VALID.replace("\"formatVersion\": 1,", ""), "missing key 'formatVersion'"),
                bad("covariance type", VALID.replace("\"full\"", "\"wide\""),
                        "'covarianceType' is 'wide', expected one of 'full', 'tied', 'diag', 'spherical'"),
                bad("missing means", VALID.replace("\"means\": [[0.0, 1.0], [2.0, 3.0]],", ""), "missing key 'means'"),
                bad("means rows", VALID.replace("[0.5, 0.5]", "[0.5, 0.25, 0.25]"),
                        "'means' has 2 rows but 'weights' has 3 components"),
                bad("ragged", VALID.replace("[2.0, 3.0]]", "[2.0]]"), "means[1] has 1 value but means[0] has 2 (ragged array)"),
                bad("string value", VALID.replace("[0.0, 1.0]", "[0.0, \"abc\"]"), "means[0][1] is 'abc', expected a number"),
                bad("NaN", VALID.replace("[2.0, 3.0]", "[NaN, 3.0]"), "means[1][0] is NaN, expected a finite number"),
                bad("infinity", VALID.replace("[[1.0, 0.0]", "[[Infinity, 0.0]"),
                        "covariances[1][0][0] is Infinity, expected a finite number"),
                bad("null", VALID.replace("[0.5, 0.5]", "[0.5, null]"), "weights[1] is null, expected a number"),
                bad("means not array", VALID.replace("[[0.0, 1.0], [2.0, 3.0]]", "3"), "'means' is 3, expected an array"),
                bad("empty weights", VALID.replace("[0.5, 0.5]", "[]"), "'weights' is empty"),
                // refused before the parameters are read and the model is built (a K=100000 model took 19 s)
                bad("too many components", VALID.replace("[0.5, 0.5]", "[" + "0,".repeat(65535) + "1]"),
                        "'weights' has 65536 components; a model has at most 65535"),
                bad("weights sum", VALID.replace("[0.5, 0.5]", "[0.5, 0.3]"), "weights sum to 0.8, must sum to 1"),
                bad("negative weight", VALID.replace("[0.5, 0.5]", "[-0.5, 1.5]"), "weights[0] is -0.5"),
                bad("full count", VALID.replace(", [[1.0, 0.0], [0.0, 1.0]]]", "]"),
                        "'covariances' has 1 matrix but 'weights' has 2 components"),
                bad("full matrix shape", VALID.replace("[[1.0, 0.0], [0.0, 1.0]]]", "[[1.0, 0.0]]]"),
                        "covariances[1] is 1 x 2, expected 2 x 2 (full covariances are K x D x D)"),
                bad("not positive definite", VALID.replace("[[1.0, 0.0], [0.0, 1.0]]", "[[1.0, 2.0], [2.0, 1.0]]"),
                        "covariances[1] is not positive definite"),
                bad("not symmetric", VALID.replace("[[1.0, 0.5], [0.5, 2.0]]", "[[1.0, 0.5], [0.1, 2.0]]"),
                        "covariances[0] is not a finite symmetric matrix"),
                bad("tied shape", typed("tied", "[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]"),
                        "'covariances' is 2 x 3, expected 2 x 2 (tied covariances are D x D)"),
                bad("tied not positive definite", typed("tied", "[[1.0, 0.0], [0.0, -1.0]]"),
                        "'covariances' (tied, shared by all components) is not positive definite"),
                bad("diag shape", typed("diag", "[[1.0, 1.0]]"),
                        "'covariances' is 1 x 2, expected 2 x 2 (diag covariances are K x D)"),
                bad("diag variance", typed("diag", "[[1.0, 1.0], [0.0, 1.0]]"),
                        "covariances[1] has a variance that is not positive"),
                bad("spherical length", typed("spherical", "[1.0, 1.0, 1.0]"),
                        "'covariances' has 3 values but 'weights' has 2 components"),
                bad("spherical variance", typed("spherical", "[-1.0, 1.0]"), "covariances[0] is not positive"),
                bad("spherical nested", typed("spherical", "[[1.0], [1.0]]"),
                        "covariances[0] is an array, expected a number"),
                bad("fit null", VALID.replace(VALID.substring(VALID.indexOf("{\"logL"), VALID.lastIndexOf('}')), "null\n"),
                        "'fit' is null, expected an object"),
                bad("fit missing key", VALID.replace("\"bic\": 320.0, ", ""), "missing key 'fit.bic'"),
                bad("fit iterations", VALID.replace("\"iterations\": 12", "\"iterations\": 2.5"),
                        "'fit.iterations' is 2.5, expected an integer"),
                bad("fit converged", VALID.replace("\"converged\": true", "\"converged\": \"yes\""),
                        "'fit.converged' is 'yes', expected true or false"),
                bad("fit number", VALID.replace("\"aic\": 310.0", "\"aic\": null"), "'fit.aic' is null, expected a number"),
                bad("regCovar without scale", VALID.replace("\"seed\": 42", "\"seed\": 42, \"regCovar\": 1e-6"),
                        "missing key 'fit.regCovarScale'"),
                bad("scale without regCovar", VALID.replace("\"seed\": 42", "\"seed\": 42, \"regCovarScale\": \"absolute\""),
                        "missing key 'fit.regCovar'"),
                bad("negative regCovar", VALID.replace("\"seed\": 42",
                        "\"seed\": 42, \"regCovar\": -1, \"regCovarScale\": \"absolute\""),
                        "'fit.regCovar' is -1.0, expected a finite number >= 0"),
                bad("scale per feature", VALID.replace("\"seed\": 42",
                        "\"seed\": 42, \"regCovar\": 1e-6, \"regCovarScale\": [1.0]"),
                        "'fit.regCovarScale' is an array, expected 'absolute' or 2 positive numbers (one per feature)"),
                bad("scale not positive", VALID.replace("\"seed\": 42",
                        "\"seed\": 42, \"regCovar\": 1e-6, \"regCovarScale\": [1.0, 0]"),
                        "'fit.regCovarScale[1]' is 0, expected 'absolute' or 2 positive numbers"),
                bad("scale word", VALID.replace("\"seed\": 42",
                        "\"seed\": 42, \"regCovar\": 1e-6, \"regCovarScale\": \"relative\""),
                        "'fit.regCovarScale' is 'relative', expected 'absolute' or 2 positive numbers"));
    }

    private static Arguments bad(String name, String json, String problem) {
        return Arguments.of(name, json, problem);
    }

    /** The valid template with another covariance type and covariances. */
    private static String typed(String type, String covariances) {
        return VALID.replace("\"full\"", "\"" + type + "\"")
                .replace("[[[1.0, 0.5], [0.5, 2.0]], [[1.0, 0.0], [0.0, 1.0]]]", covariances);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedModels")
    void malformedFileFailsWithOneLineNamingFileAndProblem(String name, String json, String problem)
            throws IOException {
        Path file = dir.resolve("model.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertProblem(e, file.toString(), problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedModels")
    void malformedTextNamesTheSource(String name, String json, String problem) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromJson(json, "pasted"));
        assertProblem(e, "pasted", problem);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("x.json");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void invalidUtf8() throws IOException {
        Path file = dir.resolve("model.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertProblem(e, file.toString(), "not valid JSON (");
    }

    private static void assertProblem(ModelFormatException e, String source, String problem) {
        String message = e.getMessage();
        assertTrue(message.startsWith(source + ": "), message);
        assertTrue(message.contains(problem), () -> "expected '" + problem + "' in: " + message);
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertFalse(message.contains("Source:") || message.contains("Exception"), message);
    }

    // ---------------------------------------------------------------- helpers

    /** A valid model whose means and covariance entries use arbitrary bit patterns. */
    static GaussianMixture randomModel(CovarianceType type, int k, int d, SplittableRandom rng) {
        double[] weights = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            weights[c] = 0.1 + rng.nextDouble();
            sum += weights[c];
        }
        for (int c = 0; c < k; c++) {
            weights[c] /= sum;
        }
        double[] means = new double[k * d];
        for (int i = 0; i < means.length; i++) {
            means[i] = randomFinite(rng);
        }
        return GaussianMixture.ofFlat(type, k, d, weights, means, randomCovariances(type, k, d, rng));
    }

    private static double[] randomCovariances(CovarianceType type, int k, int d, SplittableRandom rng) {
        double[] flat = new double[type.flatLength(k, d)];
        if (type == CovarianceType.DIAG || type == CovarianceType.SPHERICAL) {
            for (int i = 0; i < flat.length; i++) {
                flat[i] = Math.scalb(1 + rng.nextDouble(), rng.nextInt(-30, 30));
            }
            return flat;
        }
        int blocks = type == CovarianceType.FULL ? k : 1;
        for (int b = 0; b < blocks; b++) {
            randomSpd(d, rng, flat, b * d * d);
        }
        return flat;
    }

    /** A symmetric, diagonally dominant (so positive definite) matrix with arbitrary mantissas. */
    private static void randomSpd(int d, SplittableRandom rng, double[] out, int offset) {
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < r; c++) {
                double v = rng.nextDouble(-1, 1) / d;
                out[offset + r * d + c] = v;
                out[offset + c * d + r] = v;
            }
            out[offset + r * d + r] = 1 + rng.nextDouble();
        }
    }

    /** Any finite double: random bits, so every exponent and mantissa occurs. */
    private static double randomFinite(SplittableRandom rng) {
        double v;
        do {
            v = Double.longBitsToDouble(rng.nextLong());
        } while (!Double.isFinite(v));
        return v;
    }

    private static FitSummary randomFit(SplittableRandom rng) {
        return new FitSummary(randomFinite(rng), randomFinite(rng), rng.nextInt(1000), rng.nextBoolean(),
                rng.nextDouble() * 1e6, randomFinite(rng), randomFinite(rng), rng.nextLong());
    }

    private static Map<String, JsonNode> randomExtensions(SplittableRandom rng) {
        ObjectNode features = JSON.createObjectNode();
        features.put("pipeline", "rgb+gauss");
        ArrayNode scale = features.putArray("scale");
        for (int i = 0; i < 5; i++) {
            scale.add(randomFinite(rng));
        }
        features.putObject("nested").put("sigma", 1.5).putNull("none");
        ArrayNode labels = JSON.createArrayNode();
        labels.addObject().put("name", "background").put("value", 0);
        labels.addObject().put("name", "nucleus").put("value", 1);
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        extensions.put("features", features);
        extensions.put("labels", labels);
        return extensions;
    }

    private static void assertBitsEqual(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "value " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    private static void assertShape(JsonNode node, int... shape) {
        assertTrue(node.isArray(), node::toString);
        assertEquals(shape[0], node.size(), node::toString);
        for (JsonNode element : node) {
            if (shape.length == 1) {
                assertTrue(element.isNumber(), element::toString);
            } else {
                int[] rest = new int[shape.length - 1];
                System.arraycopy(shape, 1, rest, 0, rest.length);
                assertShape(element, rest);
            }
        }
    }

    @Test
    void assertShapeCanFail() {
        JsonNode twoByTwo = JSON.createArrayNode().add(JSON.createArrayNode().add(1).add(2))
                .add(JSON.createArrayNode().add(3).add(4));
        assertThrows(AssertionError.class, () -> assertShape(twoByTwo, 2, 3));
        assertArrayEquals(new int[] {2, 3, 3}, CovarianceType.FULL.shape(2, 3));
    }
}
