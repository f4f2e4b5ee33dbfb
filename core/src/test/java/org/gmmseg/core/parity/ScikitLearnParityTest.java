package org.gmmseg.core.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EmFitter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Warm-started fits against scikit-learn 1.2.1 GaussianMixture from the same initial model
 * (fixtures made once by bench/make_parity_fixtures.py; Python is not needed to run this).
 */
class ScikitLearnParityTest {
    /** The project's parity target: 1e-6 relative. */
    static final double RELATIVE = 1e-6;

    @ParameterizedTest
    @ValueSource(strings = {"full", "tied", "diag", "spherical", "full_d2_k4"})
    void warmStartedFitMatchesScikitLearn(String name) throws IOException {
        JsonNode f = fixture(name);
        CovarianceType type = CovarianceType.parse(f.get("covarianceType").asText());
        Samples x = Samples.of(matrix(f.get("data")));
        GaussianMixture init = model(type, f.get("init"));
        FitOptions options = FitOptions.warmStart(init).withMaxIter(f.get("maxIter").asInt())
                .withTol(f.get("tol").asDouble()).withRegCovar(f.get("regCovar").asDouble());
        FitResult r = EmFitter.fit(x, options);
        JsonNode e = f.get("expected");
        GaussianMixture expected = model(type, e);

        assertEquals(e.get("iterations").asInt(), r.iterations());
        assertRelative(expected.weights(), r.model().weights(), "weights");
        assertRelative(expected.meansFlat(), r.model().meansFlat(), "means");
        assertRelative(expected.covariancesFlat(), r.model().covariancesFlat(), "covariances");
        assertRelative(e.get("logLikelihood").asDouble(), r.logLikelihood(), "mean log-likelihood (score)");
        assertRelative(e.get("lowerBound").asDouble(), r.lowerBound(), "lower bound");
        assertRelative(e.get("bic").asDouble(), r.bic(), "bic");
        assertRelative(e.get("aic").asDouble(), r.aic(), "aic");
        assertRelative(e.get("bic").asDouble(), r.model().bic(x), "bic()");
        assertArrayEquals(ints(e.get("labels")), r.model().predict(x), "labels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "tied", "diag", "spherical", "full_d2_k4"})
    void densitiesAndResponsibilitiesOfTheInitialModelMatch(String name) throws IOException {
        JsonNode f = fixture(name);
        CovarianceType type = CovarianceType.parse(f.get("covarianceType").asText());
        Samples x = Samples.of(matrix(f.get("data")));
        GaussianMixture init = model(type, f.get("init"));
        double[] expected = vector(f.get("initScoreSamples"));
        assertRelative(expected, init.scoreSamples(x), "score_samples");
        double[][] resp = matrix(f.get("initResponsibilities"));
        double[][] ours = init.predictProba(x);
        for (int n = 0; n < resp.length; n++) {
            for (int k = 0; k < resp[n].length; k++) {
                assertEquals(resp[n][k], ours[n][k], 1e-9, "predict_proba row " + n);
            }
        }
    }

    /** A fixture that starts where it ends tests no M-step: some mean must move by 0.1 or more. */
    @ParameterizedTest
    @ValueSource(strings = {"full", "tied", "diag", "spherical", "full_d2_k4"})
    void fixtureStartsFarFromItsEnd(String name) throws IOException {
        JsonNode f = fixture(name);
        double[][] start = matrix(f.get("init").get("means"));
        double[][] end = matrix(f.get("expected").get("means"));
        double moved = 0;
        for (int k = 0; k < start.length; k++) {
            for (int j = 0; j < start[k].length; j++) {
                moved = Math.max(moved, Math.abs(end[k][j] - start[k][j]));
            }
        }
        assertTrue(moved >= 0.1, name + ": the means move by only " + moved);
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = ScikitLearnParityTest.class.getResourceAsStream("/parity/" + name + ".json")) {
            assertTrue(in != null, "fixture " + name);
            return new ObjectMapper().readTree(in);
        }
    }

    static GaussianMixture model(CovarianceType type, JsonNode m) {
        double[][] means = matrix(m.get("means"));
        int k = means.length;
        int d = means[0].length;
        List<Double> cov = new ArrayList<>();
        flatten(m.get("covariances"), cov);
        double[] meansFlat = new double[k * d];
        for (int c = 0; c < k; c++) {
            System.arraycopy(means[c], 0, meansFlat, c * d, d);
        }
        return GaussianMixture.ofFlat(type, k, d, vector(m.get("weights")), meansFlat,
                cov.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else {
            out.add(node.asDouble());
        }
    }

    static double[] vector(JsonNode node) {
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = node.get(i).asDouble();
        }
        return v;
    }

    static int[] ints(JsonNode node) {
        int[] v = new int[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = node.get(i).asInt();
        }
        return v;
    }

    static double[][] matrix(JsonNode node) {
        double[][] m = new double[node.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(node.get(i));
        }
        return m;
    }

    /** Elementwise |a - e| <= 1e-6 |e|, with the floor 1e-6 max|e| for entries near zero (off-diagonals). */
    static void assertRelative(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            double tol = RELATIVE * Math.max(Math.abs(expected[i]), 1e-3 * scale);
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, RELATIVE * Math.abs(expected), what);
    }
}
