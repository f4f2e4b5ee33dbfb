package org.gmmseg.core.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.Mixtures;
import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;

class CriteriaTest {

    /** EN of eq. 22 straight from the N x K responsibilities, as an independent reference. */
    static double directEntropy(GaussianMixture model, Samples x) {
        double[][] r = model.predictProba(x);
        double e = 0;
        for (int n = 0; n < r.length; n++) {
            for (double g : r[n]) {
                if (g > 0) {
                    e -= x.weight(n) * g * Math.log(g);
                }
            }
        }
        return e;
    }

    @Test
    void entropyMatchesTheResponsibilities() {
        // overlapping components, so the entropy is far from zero
        GaussianMixture g = GaussianMixture.full(new double[] {0.4, 0.6}, new double[][] {{0, 0}, {1.5, 0.5}},
                new double[][][] {{{1, 0.2}, {0.2, 1}}, {{0.8, 0}, {0, 1.2}}});
        Samples x = g.sample(3000, 7).samples();
        double direct = directEntropy(g, x);
        assertTrue(direct > 100, "entropy " + direct);
        assertEquals(direct, Criteria.entropy(g, x, 1), 1e-9 * direct);
        assertEquals(g.bic(x) + 2 * direct, Criteria.icl(g, x, 2), 1e-9 * Math.abs(g.bic(x)));
    }

    @Test
    void oneComponentHasNoEntropy() {
        GaussianMixture one = GaussianMixture.spherical(new double[] {1}, new double[][] {{0, 0}}, new double[] {1});
        Samples x = one.sample(100, 1).samples();
        assertEquals(0.0, Criteria.entropy(one, x, 1));
        assertEquals(one.bic(x), Criteria.icl(one, x, 1));
    }

    @Test
    void weightedEqualsRepeatedAndZeroWeightsCountNothing() {
        GaussianMixture g = Mixtures.threeBlobs();
        double[] v = g.sample(200, 3).samples().values();
        SplittableRandom rng = new SplittableRandom(5);
        double[] w = new double[200];
        int total = 0;
        for (int n = 0; n < w.length; n++) {
            w[n] = rng.nextInt(4); // 0..3 copies
            total += (int) w[n];
        }
        double[] repeated = new double[total * 3];
        int at = 0;
        for (int n = 0; n < w.length; n++) {
            for (int c = 0; c < w[n]; c++) {
                System.arraycopy(v, n * 3, repeated, at, 3);
                at += 3;
            }
        }
        double weighted = Criteria.entropy(g, Samples.wrap(v, 3, w), 1);
        double copies = Criteria.entropy(g, Samples.wrap(repeated, 3, null), 1);
        assertEquals(copies, weighted, 1e-9 * copies);
    }

    @Test
    void entropyDoesNotDependOnTheThreadCount() {
        GaussianMixture g = Mixtures.threeBlobs();
        Samples x = g.sample(20_000, 11).samples(); // several chunks
        double one = Criteria.entropy(g, x, 1);
        assertEquals(one, Criteria.entropy(g, x, 2));
        assertEquals(one, Criteria.entropy(g, x, 7));
    }

    @Test
    void entropyIsNeverNegativeForWellSeparatedComponents() {
        GaussianMixture g = GaussianMixture.spherical(new double[] {0.5, 0.5}, new double[][] {{0}, {12}},
                new double[] {1, 1});
        Samples x = g.sample(500, 2).samples();
        double e = Criteria.entropy(g, x, 1);
        assertTrue(e >= 0, "entropy " + e);
        assertTrue(Criteria.icl(g, x, 1) >= g.bic(x));
    }

    @Test
    void dimensionMismatchIsAnError() {
        Samples twoD = Samples.of(new double[][] {{1, 2}});
        assertThrows(GmmException.class, () -> Criteria.entropy(Mixtures.threeBlobs(), twoD, 1));
    }
}
