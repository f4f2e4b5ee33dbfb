package org.gmmseg.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;

/** HMRF-EM on synthetic planes and volumes with known regions under heavy noise. */
class HmrfFitterTest {

    /** Known regions and their noisy two-feature pixels. */
    record Phantom(PixelGrid grid, int[] truth, double[] values, int d) {
        PixelFeatures features() {
            return PixelFeatures.of(values, d, null);
        }

        GaussianMixture plainFit(int k, CovarianceType type) {
            return EmFitter.fit(Samples.wrap(values, d, null), FitOptions.of(k).withCovarianceType(type).withSeed(3))
                    .model();
        }
    }

    /** Region of a pixel: three discs and a band on a background, in 2-D or 3-D (balls, a slab). */
    static int region(double x, double y, double z) {
        if (sq(x - 0.3) + sq(y - 0.3) + sq(z - 0.5) < 0.04) {
            return 1;
        }
        if (sq(x - 0.7) + sq(y - 0.65) + sq(z - 0.5) < 0.05) {
            return 2;
        }
        if (y > 0.85) {
            return 3;
        }
        return 0;
    }

    private static double sq(double v) {
        return v * v;
    }

    /** Regions with means 0, 1, 2, 3 in feature 0 and 0, 1, 0, 1 in feature 1, noise sigma. */
    static Phantom phantom(PixelGrid grid, double sigma, long seed) {
        int n = grid.pixels();
        int[] truth = new int[n];
        double[] values = new double[n * 2];
        SplittableRandom rng = new SplittableRandom(seed);
        int nz = grid.axes() > 2 ? grid.size(2) : 1;
        for (int i = 0; i < n; i++) {
            int x = i % grid.size(0);
            int y = (i / grid.size(0)) % grid.size(1);
            int z = i / (grid.size(0) * grid.size(1));
            int r = region((x + 0.5) / grid.size(0), (y + 0.5) / grid.size(1), nz == 1 ? 0.5 : (z + 0.5) / nz);
            truth[i] = r;
            values[2 * i] = r + sigma * gaussian(rng);
            values[2 * i + 1] = (r % 2) + sigma * gaussian(rng);
        }
        return new Phantom(grid, truth, values, 2);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    static int[] labels(HmrfResult r, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.label(i);
        }
        return out;
    }

    /** Adjusted Rand index (Hubert and Arabie 1985), as scikit-learn's adjusted_rand_score. */
    static double ari(int[] a, int[] b) {
        Map<Long, long[]> pairs = new HashMap<>();
        Map<Integer, long[]> rows = new HashMap<>();
        Map<Integer, long[]> cols = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            pairs.computeIfAbsent(((long) a[i] << 32) ^ (b[i] & 0xffffffffL), x -> new long[1])[0]++;
            rows.computeIfAbsent(a[i], x -> new long[1])[0]++;
            cols.computeIfAbsent(b[i], x -> new long[1])[0]++;
        }
        double index = pairs.values().stream().mapToDouble(c -> c[0] * (c[0] - 1) / 2.0).sum();
        double ra = rows.values().stream().mapToDouble(c -> c[0] * (c[0] - 1) / 2.0).sum();
        double cb = cols.values().stream().mapToDouble(c -> c[0] * (c[0] - 1) / 2.0).sum();
        double expected = ra * cb / (a.length * (a.length - 1) / 2.0);
        return (index - expected) / ((ra + cb) / 2 - expected);
    }

    private static final HmrfOptions ONE_THREAD = HmrfOptions.of(1.5);

    @Test
    void recoversRegionsOfAPlaneWherePlainGmmDoesNot() {
        Phantom p = phantom(PixelGrid.of(96, 80), 1.0, 1);
        GaussianMixture plain = p.plainFit(4, CovarianceType.FULL);
        int n = p.grid().pixels();
        HmrfResult zero = HmrfFitter.fit(plain, p.grid(), p.features(), HmrfOptions.of(0));
        HmrfResult mrf = HmrfFitter.fit(plain, p.grid(), p.features(), ONE_THREAD);
        double plainAri = ari(p.truth(), labels(zero, n));
        double mrfAri = ari(p.truth(), labels(mrf, n));
        assertTrue(plainAri < 0.5, "plain GMM ARI " + plainAri);
        assertTrue(mrfAri > 0.9, "HMRF ARI " + mrfAri);
        assertEquals(0, zero.sweeps());
        assertTrue(mrf.sweeps() > 1);
        assertEquals(1.5, mrf.beta());
        // the weights stay the prior's external field; means and covariances move
        assertArrayEquals(plain.weights(), mrf.model().weights());
        assertFalse(plain.equals(mrf.model()));
        double[] objective = mrf.objective();
        for (int t = 1; t < objective.length; t++) {
            assertTrue(objective[t] > objective[t - 1] - 1e-9, "objective fell at sweep " + t);
        }
    }

    @Test
    void recoversRegionsOfAVolumeWithTheSixNeighbourhood() {
        Phantom p = phantom(PixelGrid.of(36, 32, 24), 1.0, 2);
        GaussianMixture plain = p.plainFit(4, CovarianceType.DIAG);
        int n = p.grid().pixels();
        double plainAri = ari(p.truth(), labels(HmrfFitter.fit(plain, p.grid(), p.features(), HmrfOptions.of(0)), n));
        double mrfAri = ari(p.truth(), labels(HmrfFitter.fit(plain, p.grid(), p.features(), HmrfOptions.of(1)), n));
        assertTrue(plainAri < 0.5, "plain GMM ARI " + plainAri);
        assertTrue(mrfAri > 0.9, "HMRF ARI " + mrfAri);
    }

    @Test
    void sameBitsOnOneAndFourThreads() {
        Phantom p = phantom(PixelGrid.of(36, 32, 24), 1.0, 3);
        GaussianMixture plain = p.plainFit(4, CovarianceType.FULL);
        HmrfResult one = HmrfFitter.fit(plain, p.grid(), p.features(), HmrfOptions.auto().withMaxSweeps(6));
        HmrfResult four = HmrfFitter.fit(plain, p.grid(), p.features(), HmrfOptions.auto().withMaxSweeps(6)
                .withThreads(4));
        assertEquals(one.model(), four.model());
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(one.responsibilities(c), four.responsibilities(c));
        }
        assertArrayEquals(labels(one, p.grid().pixels()), labels(four, p.grid().pixels()));
        assertArrayEquals(one.objective(), four.objective());
        assertEquals(one.beta(), four.beta());
    }

    @Test
    void betaZeroGivesThePlainResponsibilities() {
        Phantom p = phantom(PixelGrid.of(40, 30), 0.8, 4);
        GaussianMixture plain = p.plainFit(3, CovarianceType.FULL);
        int n = p.grid().pixels();
        HmrfResult zero = HmrfFitter.fit(plain, p.grid(), p.features(), HmrfOptions.of(0));
        double[] expected = new double[n * 3];
        double[] held = p.values().clone();
        for (int i = 0; i < held.length; i++) {
            held[i] = (float) held[i]; // the features are held as floats
        }
        new MixtureEvaluator(plain).predictProba(held, 0, n, expected, 0);
        for (int i = 0; i < expected.length; i++) {
            assertEquals((float) expected[i], zero.responsibilities(i % 3)[i / 3], "responsibility " + i);
        }
        assertEquals(plain, zero.model());
    }

    @Test
    void autoBetaIsSensibleAndRecoversTheRegions() {
        Phantom p = phantom(PixelGrid.of(96, 80), 0.8, 5);
        GaussianMixture plain = p.plainFit(4, CovarianceType.FULL);
        HmrfResult auto = HmrfFitter.fit(plain, p.grid(), p.features(), HmrfOptions.auto());
        assertTrue(auto.autoBeta());
        assertTrue(auto.beta() > 0.5 && auto.beta() < HmrfOptions.MAX_AUTO_BETA, "beta " + auto.beta());
        assertTrue(ari(p.truth(), labels(auto, p.grid().pixels())) > 0.9);
    }

    @Test
    void aGivenModelIsKept() {
        Phantom p = phantom(PixelGrid.of(40, 30), 0.8, 6);
        GaussianMixture plain = p.plainFit(4, CovarianceType.TIED);
        HmrfResult fixed = HmrfFitter.fit(plain, p.grid(), p.features(), HmrfOptions.of(1).withUpdateModel(false));
        assertEquals(plain, fixed.model());
        assertTrue(fixed.sweeps() >= 1);
    }

    @Test
    void excludedPixelsHaveNoLabelAndAreNobodysNeighbour() {
        Phantom p = phantom(PixelGrid.of(40, 30), 0.8, 7);
        int n = p.grid().pixels();
        boolean[] valid = new boolean[n];
        double[] values = p.values().clone();
        for (int i = 0; i < n; i++) {
            valid[i] = i % 7 != 3;
            if (!valid[i]) {
                values[2 * i] = Double.NaN; // never read
            }
        }
        GaussianMixture plain = p.plainFit(4, CovarianceType.FULL);
        HmrfResult r = HmrfFitter.fit(plain, p.grid(), PixelFeatures.of(values, 2, valid), HmrfOptions.of(1));
        for (int i = 0; i < n; i++) {
            assertEquals(!valid[i], r.label(i) < 0, "pixel " + i);
        }
        assertTrue(Double.isFinite(r.objective()[0]));
    }

    @Test
    void pseudoLikelihoodBetaIsZeroForNoiseAndClampedForCleanRegions() {
        PixelGrid grid = PixelGrid.of(64, 64);
        int n = grid.pixels();
        short[] noise = new short[n];
        short[] halves = new short[n];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            noise[i] = (short) rng.nextInt(2);
            halves[i] = (short) (i % 64 < 32 ? 0 : 1);
        }
        double[] pi = {0.5, 0.5};
        PottsBeta.Estimate random = PottsBeta.estimate(noise, 2, grid, pi, 1);
        assertTrue(random.beta() < 0.05, "beta " + random.beta());
        PottsBeta.Estimate clean = PottsBeta.estimate(halves, 2, grid, pi, 2);
        assertTrue(clean.clamped());
        assertEquals(HmrfOptions.MAX_AUTO_BETA, clean.beta());
    }

    @Test
    void pseudoLikelihoodCountsTheSameInAnArrayAndInAMap() {
        Phantom p = phantom(PixelGrid.of(24, 20, 6).withSpacing(1, 1, 2), 0.6, 8);
        GaussianMixture plain = p.plainFit(3, CovarianceType.DIAG);
        HmrfResult r = HmrfFitter.fit(plain, p.grid(), p.features(), HmrfOptions.of(1).withMaxSweeps(2));
        short[] labels = new short[p.grid().pixels()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (short) r.label(i);
        }
        try (org.gmmseg.core.ChunkedExecutor ex = new org.gmmseg.core.ChunkedExecutor(labels.length, 2)) {
            PottsBeta.Estimate array = PottsBeta.estimate(labels, 3, p.grid(), plain.weights(), ex, 21);
            PottsBeta.Estimate map = PottsBeta.estimate(labels, 3, p.grid(), plain.weights(), ex, 0);
            assertEquals(array, map);
            assertTrue(array.beta() > 0);
        }
    }

    @Test
    void framesOfASeriesAreNotNeighbours() {
        Phantom a = phantom(PixelGrid.of(40, 30), 0.8, 9);
        int n = a.grid().pixels();
        double[] both = new double[4 * n];
        System.arraycopy(a.values(), 0, both, 0, 2 * n);
        System.arraycopy(a.values(), 0, both, 2 * n, 2 * n);
        GaussianMixture plain = a.plainFit(4, CovarianceType.FULL);
        // two equal frames, the model fixed: frame 0 sweeps as alone (linked, frame 1 would add to its field)
        HmrfOptions six = HmrfOptions.of(1).withUpdateModel(false).withMaxSweeps(6).withTol(0, 0);
        HmrfResult alone = HmrfFitter.fit(plain, a.grid(), a.features(), six);
        HmrfResult series = HmrfFitter.fit(plain, a.grid().withFrames(2), PixelFeatures.of(both, 2, null), six);
        assertEquals(alone.sweeps(), series.sweeps());
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(alone.responsibilities(c), java.util.Arrays.copyOf(series.responsibilities(c), n));
        }
    }

    @Test
    void spacingWeighsTheAxes() {
        PixelGrid g = PixelGrid.of(4, 5, 6).withSpacing(0.5, 0.5, 2.0);
        assertEquals(1, g.weight(0));
        assertEquals(0.25, g.weight(2));
        assertEquals(20, g.stride(2));
        assertEquals(120, g.pixels());
        assertThrows(GmmException.class, () -> PixelGrid.of(4, 5).withSpacing(1, 0));
        assertThrows(GmmException.class, () -> HmrfOptions.of(-1));
        assertThrows(GmmException.class, () -> HmrfOptions.of(HmrfOptions.MAX_BETA + 1));
    }
}
