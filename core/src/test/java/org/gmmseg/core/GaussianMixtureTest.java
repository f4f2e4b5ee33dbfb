package org.gmmseg.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

    /** ln N(x | mu, Sigma) from the textbook formula with an explicit inverse and determinant. */
    static double directLogDensity(double[] x, double[] mu, double[][] sigma) {
        int d = x.length;
        DMatrixRMaj s = new DMatrixRMaj(sigma);
        DMatrixRMaj inv = new DMatrixRMaj(d, d);
        CommonOps_DDRM.invert(s, inv);
        double q = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q += (x[i] - mu[i]) * inv.get(i, j) * (x[j] - mu[j]);
            }
        }
        return -0.5 * (d * Math.log(2 * Math.PI) + Math.log(CommonOps_DDRM.det(s)) + q);
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void logDensityMatchesTheDirectFormula(CovarianceType type) {
        GaussianMixture g = Mixtures.threeBlobs(type);
        double[][] points = {{0, 0, 0}, {1, -2, 0.5}, {5, 5, 1}, {-10, 20, 3}};
        double[] out = new double[3];
        double[] scratch = new double[3];
        for (double[] x : points) {
            g.weightedLogProbabilities(x, 0, out, scratch);
            for (int k = 0; k < 3; k++) {
                double expected = Math.log(g.weight(k)) + directLogDensity(x, g.mean(k), g.covariance(k));
                assertEquals(expected, out[k], 1e-10 * Math.max(1, Math.abs(expected)), type + " component " + k);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void responsibilitiesSumToOneAndPredictIsTheirArgmax(CovarianceType type) {
        GaussianMixture g = Mixtures.threeBlobs(type);
        Samples x = g.sample(500, 1).samples();
        double[][] r = g.predictProba(x);
        int[] labels = g.predict(x);
        double[] ll = g.scoreSamples(x);
        double[] lp = new double[3];
        double[] scratch = new double[3];
        for (int n = 0; n < r.length; n++) {
            double sum = 0;
            for (double v : r[n]) {
                assertTrue(v >= 0 && v <= 1);
                sum += v;
            }
            assertEquals(1, sum, 1e-12);
            assertEquals(GaussianMixture.argmax(r[n], 3), labels[n]);
            g.weightedLogProbabilities(x.values(), n * 3, lp, scratch);
            // eq. 5: r_nk = exp(ln pi_k N_k - ln p(x_n))
            for (int k = 0; k < 3; k++) {
                assertEquals(Math.exp(lp[k] - ll[n]), r[n][k], 1e-12);
            }
        }
    }

    @Test
    void logSumExpIsStableForLargeMagnitudes() {
        assertEquals(1000 + Math.log(2), GaussianMixture.logSumExp(new double[] {1000, 1000}, 2), 1e-12);
        assertEquals(-1000 + Math.log(2), GaussianMixture.logSumExp(new double[] {-1000, -1000}, 2), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, GaussianMixture.logSumExp(
                new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 2));
    }

    @Test
    void farAwaySamplesKeepFiniteLogLikelihoodAndResponsibilities() {
        GaussianMixture g = Mixtures.threeBlobs();
        Samples far = Samples.of(new double[][] {{1e4, -1e4, 1e4}});
        double ll = g.scoreSamples(far)[0];
        assertTrue(Double.isFinite(ll) && ll < -1e6);
        double sum = 0;
        for (double v : g.predictProba(far)[0]) {
            sum += v;
        }
        assertEquals(1, sum, 1e-12);
    }

    @Test
    void parameterCountsAreScikitLearns() {
        // sklearn _n_parameters for K=3, D=3: full 18+9+2, tied 6+9+2, diag 9+9+2, spherical 3+9+2
        assertEquals(29, Mixtures.threeBlobs(CovarianceType.FULL).parameterCount());
        assertEquals(17, Mixtures.threeBlobs(CovarianceType.TIED).parameterCount());
        assertEquals(20, Mixtures.threeBlobs(CovarianceType.DIAG).parameterCount());
        assertEquals(14, Mixtures.threeBlobs(CovarianceType.SPHERICAL).parameterCount());
    }

    @Test
    void bicAndAicFollowTheirDefinitions() {
        GaussianMixture g = Mixtures.threeBlobs();
        Samples x = g.sample(300, 2).samples();
        double logL = 0;
        for (double v : g.scoreSamples(x)) {
            logL += v;
        }
        assertEquals(-2 * logL + 29 * Math.log(300), g.bic(x), 1e-9);
        assertEquals(-2 * logL + 2 * 29, g.aic(x), 1e-9);
    }

    @Test
    void samplingReproducesWeightsAndMeans() {
        GaussianMixture g = Mixtures.threeBlobs();
        GaussianMixture.Draw draw = g.sample(60000, 42);
        assertEquals(draw.samples().size(), 60000);
        double[] counts = new double[3];
        double[][] sums = new double[3][3];
        for (int n = 0; n < 60000; n++) {
            int c = draw.components()[n];
            counts[c]++;
            for (int j = 0; j < 3; j++) {
                sums[c][j] += draw.samples().value(n, j);
            }
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(g.weight(c), counts[c] / 60000, 0.01);
            for (int j = 0; j < 3; j++) {
                assertEquals(g.mean(c)[j], sums[c][j] / counts[c], 0.03);
            }
        }
        assertArrayEquals(draw.samples().values(), g.sample(60000, 42).samples().values(), "same seed, same draw");
    }

    @Test
    void precisionsCholeskyIsUpperTriangularWithUUtEqualToTheInverse() {
        GaussianMixture g = Mixtures.threeBlobs();
        double[] u = g.precisionsCholeskyFlat();
        for (int k = 0; k < 3; k++) {
            DMatrixRMaj uk = new DMatrixRMaj(3, 3);
            System.arraycopy(u, k * 9, uk.data, 0, 9);
            assertEquals(0, uk.get(1, 0));
            DMatrixRMaj prec = new DMatrixRMaj(3, 3);
            CommonOps_DDRM.multTransB(uk, uk, prec);
            DMatrixRMaj inv = new DMatrixRMaj(3, 3);
            CommonOps_DDRM.invert(new DMatrixRMaj(g.covariance(k)), inv);
            for (int i = 0; i < 9; i++) {
                assertEquals(inv.data[i], prec.data[i], 1e-10);
            }
        }
    }

    @Test
    void equalityIsByContent() {
        assertEquals(Mixtures.threeBlobs(), Mixtures.threeBlobs());
        assertEquals(Mixtures.threeBlobs().hashCode(), Mixtures.threeBlobs().hashCode());
        assertNotEquals(Mixtures.threeBlobs(), Mixtures.threeBlobs(CovarianceType.TIED));
    }

    @Test
    void arraysAreCopiedInAndOut() {
        double[] w = {0.5, 0.5};
        double[][] m = {{0}, {1}};
        GaussianMixture g = GaussianMixture.spherical(w, m, new double[] {1, 1});
        w[0] = 0.9;
        m[0][0] = 7;
        g.weights()[1] = 0;
        assertEquals(0.5, g.weight(0));
        assertEquals(0.5, g.weight(1));
        assertEquals(0, g.mean(0)[0]);
    }

    @Test
    void invalidParametersAreRejectedWithAClearMessage() {
        double[][] m = {{0, 0}, {1, 1}};
        GmmException e = assertThrows(GmmException.class,
                () -> GaussianMixture.diag(new double[] {0.5, 0.4}, m, new double[][] {{1, 1}, {1, 1}}));
        assertTrue(e.getMessage().contains("sum to"), e.getMessage());
        DegenerateComponentException singular = assertThrows(DegenerateComponentException.class,
                () -> GaussianMixture.full(new double[] {0.5, 0.5}, m,
                        new double[][][] {{{1, 0}, {0, 1}}, {{1, 1}, {1, 1}}}));
        assertEquals(1, singular.component());
        // components are named by their zero-based position, as in the model file and its errors
        assertTrue(singular.getMessage().startsWith("covariances[1] (of K=2) is not positive definite"),
                singular.getMessage());
        GmmException weight = assertThrows(GmmException.class,
                () -> GaussianMixture.diag(new double[] {1.5, -0.5}, m, new double[][] {{1, 1}, {1, 1}}));
        assertEquals("weights[0] is 1.5, must be in [0, 1]", weight.getMessage());
        assertTrue(singular.getMessage().contains("fewer components"), singular.getMessage());
        assertThrows(DegenerateComponentException.class,
                () -> GaussianMixture.spherical(new double[] {0.5, 0.5}, m, new double[] {1, 0}));
        assertThrows(GmmException.class,
                () -> GaussianMixture.diag(new double[] {0.5, 0.5}, m, new double[][] {{1, Double.NaN}, {1, 1}}));
    }
}
