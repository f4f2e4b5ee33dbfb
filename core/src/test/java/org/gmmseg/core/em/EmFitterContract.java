package org.gmmseg.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Initialization;
import org.gmmseg.core.Mixtures;
import org.gmmseg.core.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Properties every fit must have, run once per covariance type. */
abstract class EmFitterContract {

    abstract CovarianceType type();

    Samples data(int n, long seed) {
        return Mixtures.threeBlobs(type()).sample(n, seed).samples();
    }

    FitOptions options() {
        return FitOptions.of(3).withCovarianceType(type());
    }

    @ParameterizedTest
    @EnumSource(Initialization.class)
    void lowerBoundNeverDecreasesBeyondRounding(Initialization init) {
        FitResult r = EmFitter.fit(data(2000, 1), options().withInitialization(init).withTol(0).withMaxIter(40).withSeed(5));
        double[] trace = r.lowerBoundTrace();
        assertEquals(40, trace.length);
        for (int i = 1; i < trace.length; i++) {
            assertTrue(trace[i] >= trace[i - 1] - 1e-12 * Math.abs(trace[i - 1]),
                    "iteration " + (i + 1) + ": " + trace[i] + " < " + trace[i - 1]);
        }
        assertTrue(r.logLikelihood() >= r.lowerBound() - 1e-12 * Math.abs(r.lowerBound()),
                "the final model is at least as good as the last E-step's");
    }

    @Test
    void recoversWellSeparatedComponents() {
        GaussianMixture truth = Mixtures.threeBlobs(type());
        FitResult r = EmFitter.fit(data(6000, 2), options().withSeed(1).withNInit(2));
        assertTrue(r.converged());
        GaussianMixture g = r.model();
        for (int k = 0; k < 3; k++) {
            double[] mean = truth.mean(k);
            int match = nearestComponent(g, mean);
            assertEquals(truth.weight(k), g.weight(match), 0.03);
            assertArrayEquals(mean, g.mean(match), 0.1);
            double[][] cov = g.covariance(match);
            double[][] expected = truth.covariance(k);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(expected[i], cov[i], 0.15);
            }
        }
    }

    private static int nearestComponent(GaussianMixture g, double[] mean) {
        int best = 0;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int k = 0; k < g.components(); k++) {
            double dist = 0;
            for (int j = 0; j < mean.length; j++) {
                dist += Math.pow(g.mean(k)[j] - mean[j], 2);
            }
            if (dist < bestDist) {
                bestDist = dist;
                best = k;
            }
        }
        return best;
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        // more samples than one chunk holds, so the work is really split
        Samples x = data(30000, 3);
        FitOptions o = options().withInitialization(Initialization.RANDOM).withMaxIter(15).withTol(0).withSeed(9);
        FitResult one = EmFitter.fit(x, o.withThreads(1));
        for (int threads : new int[] {2, 3, 8}) {
            FitResult many = EmFitter.fit(x, o.withThreads(threads));
            assertEquals(one.model(), many.model(), threads + " threads");
            assertArrayEquals(one.lowerBoundTrace(), many.lowerBoundTrace());
            assertEquals(one.logLikelihood(), many.logLikelihood());
        }
        // every start runs in the chunks too: k-means++ seeding and draws, k-means, random starts
        for (Initialization init : Initialization.values()) {
            FitOptions started = options().withInitialization(init).withSeed(4).withMaxIter(3).withTol(0);
            GaussianMixture single = EmFitter.fit(x, started.withThreads(1)).model();
            for (int threads : new int[] {2, 3}) {
                assertEquals(single, EmFitter.fit(x, started.withThreads(threads)).model(), init + ", " + threads
                        + " threads");
            }
        }
    }

    @Test
    void sameSeedSameModelOtherSeedOtherStart() {
        Samples x = data(1500, 4);
        FitOptions o = options().withInitialization(Initialization.RANDOM_FROM_DATA).withMaxIter(3).withTol(0);
        assertEquals(EmFitter.fit(x, o.withSeed(1)).model(), EmFitter.fit(x, o.withSeed(1)).model());
        assertFalse(EmFitter.fit(x, o.withSeed(1)).model().equals(EmFitter.fit(x, o.withSeed(2)).model()));
    }

    @Test
    void multiStartIsNeverWorseThanOneStart() {
        Samples x = data(1500, 5);
        for (long seed = 0; seed < 4; seed++) {
            FitOptions o = options().withInitialization(Initialization.RANDOM).withSeed(seed).withMaxIter(30);
            FitResult single = EmFitter.fit(x, o);
            FitResult multi = EmFitter.fit(x, o.withNInit(4));
            assertTrue(multi.lowerBound() >= single.lowerBound(), "seed " + seed);
            assertEquals(single.lowerBound(), multi.restartLowerBounds()[0], "restart 0 is the single start");
            double best = Arrays.stream(multi.restartLowerBounds()).max().orElseThrow();
            assertEquals(best, multi.restartLowerBounds()[multi.bestRestart()]);
        }
    }

    @Test
    void weightedSamplesFitLikeRepeatedSamples() {
        Samples base = data(400, 6);
        int n = base.size();
        double[] weights = new double[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = 1 + (i % 4);
            total += (int) weights[i];
        }
        double[] repeated = new double[total * 3];
        int row = 0;
        for (int i = 0; i < n; i++) {
            for (int w = 0; w < weights[i]; w++) {
                System.arraycopy(base.values(), i * 3, repeated, 3 * row++, 3);
            }
        }
        GaussianMixture start = Mixtures.threeBlobs(type());
        FitOptions o = FitOptions.warmStart(start).withMaxIter(25).withTol(0);
        FitResult weighted = EmFitter.fit(Samples.wrap(base.values(), 3, weights), o);
        FitResult copies = EmFitter.fit(Samples.wrap(repeated, 3, null), o);
        assertEquals(copies.nSamples(), weighted.nSamples());
        assertClose(copies.model().weights(), weighted.model().weights(), 1e-10);
        assertClose(copies.model().meansFlat(), weighted.model().meansFlat(), 1e-10);
        assertClose(copies.model().covariancesFlat(), weighted.model().covariancesFlat(), 1e-10);
        assertEquals(copies.logLikelihood(), weighted.logLikelihood(), 1e-10 * Math.abs(copies.logLikelihood()));
        assertEquals(copies.bic(), weighted.bic(), 1e-8 * Math.abs(copies.bic()));
    }

    @Test
    void zeroWeightSamplesAreIgnored() {
        Samples base = data(500, 7);
        double[] values = Arrays.copyOf(base.values(), base.values().length + 3);
        values[values.length - 3] = 1e6; // an outlier that would distort the fit if it counted
        double[] weights = new double[base.size() + 1];
        Arrays.fill(weights, 1);
        weights[base.size()] = 0;
        FitOptions o = FitOptions.warmStart(Mixtures.threeBlobs(type())).withMaxIter(10).withTol(0);
        FitResult with = EmFitter.fit(Samples.wrap(values, 3, weights), o);
        FitResult without = EmFitter.fit(base, o);
        assertClose(without.model().meansFlat(), with.model().meansFlat(), 1e-12);
    }

    @Test
    void tolZeroRunsExactlyMaxIterAndIsNotConverged() {
        FitResult r = EmFitter.fit(data(800, 8), options().withTol(0).withMaxIter(7));
        assertEquals(7, r.iterations());
        assertFalse(r.converged());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("did not converge"));
    }

    @Test
    void convergesAndStopsEarlyWithALooseTolerance() {
        FitResult r = EmFitter.fit(data(800, 8), options().withTol(1e-2).withMaxIter(500));
        assertTrue(r.converged());
        assertTrue(r.iterations() < 500);
        double[] t = r.lowerBoundTrace();
        assertTrue(Math.abs(t[t.length - 1] - t[t.length - 2]) < 1e-2);
        assertTrue(r.warnings().isEmpty());
    }

    static void assertClose(double[] expected, double[] actual, double relative) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.max(1, Math.abs(expected[i])), "index " + i);
        }
    }
}
