package org.gmmseg.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused E-step kernels: the scalar kernel against a direct computation from
 * {@link GaussianMixture#weightedLogProbabilities} and {@link Math#exp}, the SIMD kernel against
 * the scalar one bit for bit, and the kernels' exp and log against the JDK's.
 */
class EStepKernelTest {

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (CovarianceType type : CovarianceType.values()) {
            for (int d : new int[] {1, 2, 3, 4, 7}) {
                for (int k : new int[] {1, 3, 8}) {
                    b.add(Arguments.of(type, k, d));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} K={1} D={2}")
    @MethodSource("shapes")
    void scalarKernelMatchesTheDirectFormulas(CovarianceType type, int k, int d) {
        GaussianMixture g = randomMixture(type, k, d, 11L * k + d);
        Samples data = weightedSample(g, 1003, 7);
        SufficientStatistics kernel = run(new ScalarEStepKernel(k, d, triangular(type)), g, data, true);
        SufficientStatistics direct = direct(g, data);
        assertRelative(direct.weight, kernel.weight, 1e-13, "weight");
        assertRelative(direct.logLikelihood, kernel.logLikelihood, 1e-12, "log-likelihood");
        for (int c = 0; c < k; c++) {
            assertRelative(direct.nk[c], kernel.nk[c], 1e-11, "N_" + c);
        }
        double scale = scaleOf(direct.s1);
        for (int i = 0; i < direct.s1.length; i++) {
            assertEquals(direct.s1[i], kernel.s1[i], 1e-11 * scale, "S1[" + i + "]");
        }
        double scale2 = scaleOf(direct.s2);
        for (int i = 0; i < direct.s2.length; i++) {
            assertEquals(direct.s2[i], kernel.s2[i], 1e-11 * scale2, "S2[" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0} K={1} D={2}")
    @MethodSource("shapes")
    void simdKernelGivesTheScalarKernelsBits(CovarianceType type, int k, int d) {
        assumeTrue(VectorSupport.available(), "the jdk.incubator.vector module is not loaded");
        GaussianMixture g = randomMixture(type, k, d, 13L * k + d);
        Samples data = weightedSample(g, 2001, 3);
        for (boolean moments : new boolean[] {true, false}) {
            SufficientStatistics scalar = run(new ScalarEStepKernel(k, d, triangular(type)), g, data, moments);
            EStepKernel fullTiles = VectorSupport.kernel(k, d, triangular(type));
            fullTiles.warmUpTiles = 0; // the scalar kernel starts with one-block tiles, so both tilings meet here
            assertSameBits(scalar, run(fullTiles, g, data, moments), "");
        }
    }

    /** One-block warm-up tiles, full tiles and a mix of both give the same bits, in both kernels. */
    @ParameterizedTest(name = "{0} K={1} D={2}")
    @MethodSource("shapes")
    void tilingChangesNoBit(CovarianceType type, int k, int d) {
        GaussianMixture g = randomMixture(type, k, d, 17L * k + d);
        Samples data = weightedSample(g, 3001, 5);
        for (boolean simd : new boolean[] {false, true}) {
            if (simd && !VectorSupport.available()) {
                continue;
            }
            SufficientStatistics reference = null;
            for (int warmUpTiles : new int[] {0, EStepKernel.WARM_UP_TILES, 5}) {
                EStepKernel kernel = simd ? VectorSupport.kernel(k, d, triangular(type))
                        : new ScalarEStepKernel(k, d, triangular(type));
                kernel.warmUpTiles = warmUpTiles;
                SufficientStatistics s = run(kernel, g, data, true);
                if (reference == null) {
                    reference = s;
                } else {
                    assertSameBits(reference, s, (simd ? "SIMD" : "scalar") + ", " + warmUpTiles + " one-block tiles: ");
                }
            }
        }
    }

    static void assertSameBits(SufficientStatistics expected, SufficientStatistics actual, String what) {
        assertEquals(bits(expected.logLikelihood), bits(actual.logLikelihood), what + "log-likelihood");
        assertEquals(bits(expected.weight), bits(actual.weight), what + "weight");
        assertArrayEquals(expected.nk, actual.nk, 0, what + "N_k");
        assertArrayEquals(expected.s1, actual.s1, 0, what + "S1");
        assertArrayEquals(expected.s2, actual.s2, 0, what + "S2");
    }

    /** Equal distances go to the lower index in both kernels: duplicated centres, samples on a centre. */
    @ParameterizedTest(name = "D={0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3, 5})
    void nearestCentreTiesGoToTheLowerIndex(int d) {
        int k = 4;
        double[] centers = new double[k * d];
        for (int j = 0; j < d; j++) {
            centers[j] = 1;         // centre 0
            centers[d + j] = 2;     // centre 1
            centers[2 * d + j] = 1; // centre 2 repeats centre 0
            centers[3 * d + j] = 2; // centre 3 repeats centre 1
        }
        double[] values = new double[EStepKernel.LANES * d];
        for (int n = 0; n < EStepKernel.LANES; n++) {
            for (int j = 0; j < d; j++) {
                values[n * d + j] = n % 3 == 0 ? 1 : n % 3 == 1 ? 2 : 1.5; // 1.5: as near to 0 as to 1
            }
        }
        PackedSamples packed = new PackedSamples(Samples.wrap(values, d, null));
        int[] expected = {0, 1, 0, 0, 1, 0, 0, 1};
        int[] scalar = new int[EStepKernel.LANES];
        new ScalarEStepKernel(k, d, true).nearest(packed.values, 0, centers, scalar);
        assertArrayEquals(expected, scalar);
        if (VectorSupport.available()) {
            int[] simd = new int[EStepKernel.LANES];
            VectorSupport.kernel(k, d, true).nearest(packed.values, 0, centers, simd);
            assertArrayEquals(expected, simd);
        }
    }

    @ParameterizedTest(name = "{0} K={1} D={2}")
    @MethodSource("shapes")
    void nearestCentreAgreesWithKMeansAndAcrossKernels(CovarianceType type, int k, int d) {
        GaussianMixture g = randomMixture(type, k, d, 19L * k + d);
        Samples data = g.sample(803, 9).samples();
        PackedSamples packed = new PackedSamples(data);
        double[] centers = g.meansFlat();
        int[] scalar = new int[EStepKernel.LANES];
        int[] simd = new int[EStepKernel.LANES];
        EStepKernel reference = new ScalarEStepKernel(k, d, triangular(type));
        EStepKernel vector = VectorSupport.available() ? VectorSupport.kernel(k, d, triangular(type)) : reference;
        for (int b = 0; b < packed.blocks; b++) {
            reference.nearest(packed.values, b * d * EStepKernel.LANES, centers, scalar);
            vector.nearest(packed.values, b * d * EStepKernel.LANES, centers, simd);
            assertArrayEquals(scalar, simd, "block " + b);
            for (int l = 0; l < EStepKernel.LANES && b * EStepKernel.LANES + l < data.size(); l++) {
                int n = b * EStepKernel.LANES + l;
                assertEquals(org.gmmseg.core.init.KMeans.nearest(data.values(), n * d, centers, k, d), scalar[l],
                        "sample " + n);
            }
        }
    }

    @Test
    void farSamplesGetZeroResponsibilityNotNaN() {
        GaussianMixture g = GaussianMixture.spherical(new double[] {0.5, 0.5}, new double[][] {{0}, {100}},
                new double[] {1e-2, 1e-2});
        Samples data = Samples.of(new double[][] {{0}, {100}, {50}, {-3}});
        SufficientStatistics s = run(new ScalarEStepKernel(2, 1, false), g, data, true);
        SufficientStatistics direct = direct(g, data);
        assertRelative(direct.logLikelihood, s.logLikelihood, 1e-12, "log-likelihood");
        assertArrayEquals(direct.nk, s.nk, 1e-12);
    }

    @Test
    void expIsWithinTwoUlpOfTheJdksAndZeroBelowTheCutoff() {
        SplittableRandom rng = new SplittableRandom(1);
        assertEquals(1.0, EStepKernel.exp(0.0), 0);
        for (int i = 0; i < 200_000; i++) {
            double t = -rng.nextDouble() * 708;
            if (i % 4 == 0) {
                t = -rng.nextDouble() * 40; // where responsibilities are not negligible
            }
            double expected = Math.exp(t);
            assertEquals(expected, EStepKernel.exp(t), 2 * Math.ulp(expected), "exp(" + t + ")");
        }
        assertEquals(0, EStepKernel.exp(-708.5), 0);
        assertEquals(0, EStepKernel.exp(-1e6), 0);
        assertEquals(0, EStepKernel.exp(Double.NEGATIVE_INFINITY), 0);
    }

    @Test
    void logIsWithinTwoUlpOfTheJdksOnSumsOfExponentials() {
        SplittableRandom rng = new SplittableRandom(2);
        assertEquals(0.0, EStepKernel.log(1.0), 0);
        assertEquals(Math.log(2), EStepKernel.log(2.0), Math.ulp(Math.log(2)));
        for (int i = 0; i < 200_000; i++) {
            double s = 1 + (i % 2 == 0 ? rng.nextDouble() * 3 : rng.nextDouble() * 65535);
            double expected = Math.log(s);
            assertEquals(expected, EStepKernel.log(s), 2 * Math.ulp(expected), "log(" + s + ")");
        }
    }

    @Test
    void simdExpAndLogGiveTheScalarBits() {
        assumeTrue(VectorSupport.available(), "the jdk.incubator.vector module is not loaded");
        SplittableRandom rng = new SplittableRandom(3);
        int n = 4096;
        double[] t = new double[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i < 8 ? new double[] {0, -708, -708.5, -1e300, -1e-300, -0.5, -745, -700}[i] : -rng.nextDouble() * 720;
            s[i] = 1 + rng.nextDouble() * (i % 3 == 0 ? 1 : 1000);
        }
        double[] exp = VectorKernelProbe.exp(t);
        double[] log = VectorKernelProbe.log(s);
        for (int i = 0; i < n; i++) {
            assertEquals(bits(EStepKernel.exp(t[i])), bits(exp[i]), "exp(" + t[i] + ")");
            assertEquals(bits(EStepKernel.log(s[i])), bits(log[i]), "log(" + s[i] + ")");
        }
    }

    @ParameterizedTest(name = "K={0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 5})
    void simdHmrfStepsGiveTheScalarBits(int k) {
        assumeTrue(VectorSupport.available(), "the jdk.incubator.vector module is not loaded");
        EStepKernel scalar = new ScalarEStepKernel(k, 3, true);
        EStepKernel simd = VectorSupport.kernel(k, 3, true);
        SplittableRandom rng = new SplittableRandom(k);
        int count = EStepKernel.TILE_SAMPLES - 5; // a partial last vector too
        int from = 40;
        float[] field = new float[k * EStepKernel.TILE_SAMPLES];
        float[][] old = new float[k][from + count];
        for (int i = 0; i < field.length; i++) {
            field[i] = (i % EStepKernel.TILE_SAMPLES) % 3 == 0 ? 0 : (float) (rng.nextDouble() * 4);
        }
        for (EStepKernel kernel : new EStepKernel[] {scalar, simd}) {
            SplittableRandom values = new SplittableRandom(7);
            for (int i = 0; i < kernel.logProb.length; i++) {
                // ties between components in every third sample (whose field is 0)
                kernel.logProb[i] = (i % EStepKernel.TILE_SAMPLES) % 3 == 0 ? 1 : values.nextDouble();
            }
            for (int s = 0; s < count; s++) {
                kernel.scaleBuf[s] = s % 11 == 4 ? 0 : 0.5 + s; // excluded pixels weigh 0
            }
        }
        for (int c = 0; c < k; c++) {
            for (int s = 0; s < old[c].length; s++) {
                old[c][s] = (float) rng.nextDouble();
            }
        }
        double[][] lanes = new double[2][EStepKernel.LANES];
        float[][][] out = new float[2][k][from + count];
        double[][] labels = new double[2][];
        EStepKernel[] kernels = {scalar, simd};
        for (int i = 0; i < 2; i++) {
            kernels[i].addField(0, count, 1.3, field, old, from, lanes[i]);
            kernels[i].storeResponsibilities(0, count, out[i], from, field, lanes[i]);
            kernels[i].labels(0, count);
            labels[i] = java.util.Arrays.copyOf(kernels[i].labelBuf, count);
        }
        assertArrayEquals(scalar.logProb, simd.logProb);
        assertArrayEquals(lanes[0], lanes[1]);
        for (int c = 0; c < k; c++) {
            assertArrayEquals(out[0][c], out[1][c]);
        }
        assertArrayEquals(labels[0], labels[1]);
        assertEquals(-1, labels[0][4]);
        assertEquals(0, labels[0][3]); // a tie goes to the lowest component
    }

    @Test
    void sampleChunksAreWholeKernelBlocks() {
        for (int n : new int[] {1, 7, 4095, 4097, 1_000_003, 3_000_017}) {
            try (ChunkedExecutor ex = new ChunkedExecutor(n, 1)) {
                int[] seen = {0};
                ex.forEachChunk((chunk, from, to, worker) -> {
                    assertEquals(0, from % EStepKernel.LANES, "chunk " + chunk + " starts at " + from);
                    seen[0] += to - from;
                });
                assertEquals(n, seen[0]);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static boolean triangular(CovarianceType type) {
        return type == CovarianceType.FULL || type == CovarianceType.TIED;
    }

    static SufficientStatistics run(EStepKernel kernel, GaussianMixture g, Samples data, boolean moments) {
        PackedSamples packed = new PackedSamples(data);
        SufficientStatistics out = new SufficientStatistics(g.components(), g.dimension(),
                triangular(g.covarianceType()));
        out.reset();
        kernel.accumulate(packed, 0, packed.blocks, new KernelModel(g), moments, out);
        return out;
    }

    /** The same sums, sample by sample, from the model's own densities and the JDK's exp. */
    static SufficientStatistics direct(GaussianMixture g, Samples data) {
        int k = g.components();
        int d = g.dimension();
        boolean full = triangular(g.covarianceType());
        SufficientStatistics out = new SufficientStatistics(k, d, full);
        double[] lp = new double[k];
        double[] scratch = new double[d];
        double[] diff = new double[d];
        double[] means = g.meansFlat();
        for (int n = 0; n < data.size(); n++) {
            double w = data.weight(n);
            g.weightedLogProbabilities(data.values(), n * d, lp, scratch);
            double lse = GaussianMixture.logSumExp(lp, k);
            out.logLikelihood += w * lse;
            out.weight += w;
            for (int c = 0; c < k; c++) {
                lp[c] = w * Math.exp(lp[c] - lse);
            }
            out.addSample(data.values(), n * d, lp, means, diff);
        }
        return out;
    }

    /** A mixture with random means, covariances and weights. */
    static GaussianMixture randomMixture(CovarianceType type, int k, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] weights = new double[k];
        double total = 0;
        for (int c = 0; c < k; c++) {
            weights[c] = 0.2 + rng.nextDouble();
            total += weights[c];
        }
        for (int c = 0; c < k; c++) {
            weights[c] /= total;
        }
        double[] means = new double[k * d];
        for (int i = 0; i < means.length; i++) {
            means[i] = 5 + rng.nextDouble(); // away from the origin, as colours are
        }
        double[] cov = new double[type.flatLength(k, d)];
        switch (type) {
            case FULL, TIED -> {
                int blocks = type == CovarianceType.FULL ? k : 1;
                for (int b = 0; b < blocks; b++) {
                    double[] a = new double[d * d];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = rng.nextDouble() * 0.3 - 0.15;
                    }
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            double v = i == j ? 0.01 : 0;
                            for (int m = 0; m < d; m++) {
                                v += a[i * d + m] * a[j * d + m];
                            }
                            cov[b * d * d + i * d + j] = v;
                        }
                    }
                }
            }
            case DIAG, SPHERICAL -> {
                for (int i = 0; i < cov.length; i++) {
                    cov[i] = 0.01 + rng.nextDouble() * 0.05;
                }
            }
        }
        return GaussianMixture.ofFlat(type, k, d, weights, means, cov);
    }

    /** Samples of the mixture with weights in [0, 3), some exactly 0, and N not a multiple of the lanes. */
    static Samples weightedSample(GaussianMixture g, int n, long seed) {
        Samples s = g.sample(n, seed).samples();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = i % 17 == 0 ? 0 : rng.nextDouble() * 3;
        }
        return Samples.wrap(s.values().clone(), g.dimension(), w);
    }

    static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    static void assertRelative(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(expected - actual) <= tol * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + " but was " + actual);
    }

    static double scaleOf(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return Math.max(m, 1e-300);
    }
}
