package org.gmmseg.core.em;

import static org.gmmseg.core.em.EStepKernelTest.triangular;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every path of the kernels over the shapes users meet: each covariance type, D = 1..16 (the SIMD
 * kernel's D = 3 code and its loops for any other D, whose triangular product pads odd D and whose
 * second moments run past the last column), K up to 32, and sample counts whose last block is
 * padded and whose last tile ends in a group of one to three blocks.
 */
class KernelShapesTest {

    /** Each covariance type, D = 1..16, K = 1, 2, 5, 8, 32. */
    static Stream<Arguments> typesAndSizes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (CovarianceType type : CovarianceType.values()) {
            for (int d = 1; d <= 16; d++) {
                for (int k : new int[] {1, 2, 5, 8, 32}) {
                    b.add(Arguments.of(type, k, d));
                }
            }
        }
        return b.build();
    }

    /** {@link #typesAndSizes} with an odd N whose N / 8 blocks leave one to three in the last group of four. */
    static Stream<Arguments> shapes() {
        int[] i = {0};
        return typesAndSizes().map(a -> {
            int d = (int) a.get()[2];
            return Arguments.of(a.get()[0], a.get()[1], d, 8 * (37 + i[0]++ % 4) + 1 + 2 * (d % 3));
        });
    }

    /** The SIMD kernel gives the scalar kernel's bits, with and without moments, in one-block and full tiles. */
    @ParameterizedTest(name = "{0} K={1} D={2} N={3}")
    @MethodSource("shapes")
    void simdKernelGivesTheScalarKernelsBits(CovarianceType type, int k, int d, int n) {
        assumeTrue(VectorSupport.available(), "the jdk.incubator.vector module is not loaded");
        GaussianMixture g = EStepKernelTest.randomMixture(type, k, d, 31L * k + d);
        Samples data = EStepKernelTest.weightedSample(g, n, 7L * d + k);
        // with moments from three one-block tiles on, so that one-block and full tiles meet; without, full tiles only
        for (boolean moments : new boolean[] {true, false}) {
            SufficientStatistics scalar = EStepKernelTest.run(new ScalarEStepKernel(k, d, triangular(type)), g, data, moments);
            EStepKernel simd = VectorSupport.kernel(k, d, triangular(type));
            simd.warmUpTiles = moments ? 3 : 0;
            SufficientStatistics s = EStepKernelTest.run(simd, g, data, moments);
            EStepKernelTest.assertSameBits(scalar, s, moments ? "moments: " : "likelihood only: ");
        }
    }

    /** The scalar kernel (and so the SIMD one) against the model's own densities and the JDK's exp. */
    @ParameterizedTest(name = "{0} K={1} D={2}")
    @MethodSource("typesAndSizes")
    void scalarKernelMatchesTheDirectFormulas(CovarianceType type, int k, int d) {
        new EStepKernelTest().scalarKernelMatchesTheDirectFormulas(type, k, d);
    }

    /**
     * Samples hundreds of standard deviations from every component (whose terms mostly fall below
     * exp's cutoff) give the direct formulas' values, finite, and the same bits in both kernels.
     */
    @ParameterizedTest(name = "{0} K={1} D={2}")
    @MethodSource("outlierShapes")
    void outliersGiveFiniteSumsInBothKernels(CovarianceType type, int k, int d) {
        GaussianMixture g = EStepKernelTest.randomMixture(type, k, d, 43L * k + d);
        Samples clean = EStepKernelTest.weightedSample(g, 1001, 3);
        double[] x = clean.values().clone();
        for (int n = 0; n < clean.size(); n += 7) {
            for (int j = 0; j < d; j++) {
                x[n * d + j] += n % 2 == 0 ? 40 : -60; // hundreds of standard deviations away
            }
        }
        double[] w = new double[clean.size()];
        for (int n = 0; n < w.length; n++) {
            w[n] = clean.weight(n);
        }
        Samples data = Samples.wrap(x, d, w);
        SufficientStatistics scalar = EStepKernelTest.run(new ScalarEStepKernel(k, d, triangular(type)), g, data, true);
        SufficientStatistics direct = EStepKernelTest.direct(g, data);
        EStepKernelTest.assertRelative(direct.logLikelihood, scalar.logLikelihood, 1e-12, "log-likelihood");
        for (int c = 0; c < k; c++) {
            EStepKernelTest.assertRelative(direct.nk[c], scalar.nk[c], 1e-11, "N_" + c);
        }
        if (VectorSupport.available()) {
            EStepKernel simd = VectorSupport.kernel(k, d, triangular(type));
            simd.warmUpTiles = 0;
            EStepKernelTest.assertSameBits(scalar, EStepKernelTest.run(simd, g, data, true), "");
        }
    }

    static Stream<Arguments> outlierShapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (CovarianceType type : CovarianceType.values()) {
            for (int d : new int[] {1, 3, 6}) {
                b.add(Arguments.of(type, 3, d));
            }
        }
        return b.build();
    }

    static Stream<Arguments> largerShapes() {
        // the smaller ones are MixtureEvaluatorTest's
        return shapes().filter(a -> (int) a.get()[2] >= 5 && (int) a.get()[1] >= 5);
    }

    /** Labels and ln p(x) of the evaluator (the SIMD kernel where available) against the model's, for D beyond the colours. */
    @ParameterizedTest(name = "{0} K={1} D={2} N={3}")
    @MethodSource("largerShapes")
    void evaluatorAgreesWithTheModel(CovarianceType type, int k, int d, int n) {
        GaussianMixture g = EStepKernelTest.randomMixture(type, k, d, 41L * k + d);
        Samples s = g.sample(n, 3).samples();
        MixtureEvaluator evaluator = new MixtureEvaluator(g);
        double[] score = new double[n];
        evaluator.scoreSamples(s.values(), 0, n, score, 0);
        int[] labels = new int[n];
        evaluator.predict(s.values(), 0, n, labels, 0);
        double[] expectedScore = g.scoreSamples(s);
        double[] lp = new double[k];
        double[] scratch = new double[d];
        for (int i = 0; i < n; i++) {
            assertEquals(expectedScore[i], score[i], 1e-12 * Math.max(1, Math.abs(expectedScore[i])), "ln p, sample " + i);
            g.weightedLogProbabilities(s.values(), i * d, lp, scratch);
            int best = 0;
            for (int c = 1; c < k; c++) {
                best = lp[c] > lp[best] ? c : best;
            }
            // only a near tie may go either way
            assertEquals(lp[best], lp[labels[i]], 1e-9, "sample " + i + ": label " + labels[i] + " vs " + best);
        }
    }
}
