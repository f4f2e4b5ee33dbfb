package org.gmmseg.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.DegenerateComponentException;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.Initialization;
import org.gmmseg.core.Mixtures;
import org.gmmseg.core.NonFiniteLikelihoodException;
import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Degenerate input gets a clear error, never a NaN model. */
class DegenerateInputTest {

    private static String message(Runnable r) {
        return assertThrows(GmmException.class, r::run).getMessage();
    }

    @Test
    void fewerThanOneComponent() {
        assertTrue(message(() -> FitOptions.of(0)).contains("at least 1"));
    }

    @Test
    void emptyData() {
        assertTrue(message(() -> Samples.of(new double[0][])).contains("no samples"));
        String m = message(() -> EmFitter.fit(Samples.wrap(new double[0], 2, null), FitOptions.of(1)));
        assertTrue(m.contains("no samples"), m);
        m = message(() -> EmFitter.fit(Samples.wrap(new double[] {1, 2}, 1, new double[] {0, 0}), FitOptions.of(1)));
        assertTrue(m.contains("weights zero"), m);
    }

    @Test
    void featuresWhoseSquaredDistancesOverflowAreRefusedNotCrashed() {
        // finite values (as --xy-weight 1e300 gave) whose squared distances are infinite
        double[] x = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 4) * 1e160;
        }
        String m = message(() -> EmFitter.fit(Samples.wrap(x, 1, null), FitOptions.of(3)));
        assertTrue(m.contains("too large") && m.contains("rescale"), m);
    }

    @Test
    void nonFiniteValuesNameTheRow() {
        String m = message(() -> Samples.of(new double[][] {{1, 2}, {3, Double.NaN}, {5, 6}}));
        assertTrue(m.contains("row 2, column 2 is NaN"), m);
        m = message(() -> Samples.wrap(new double[] {1, 2, Double.POSITIVE_INFINITY, 4}, 2, null));
        assertTrue(m.contains("row 2, column 1 is Infinity"), m);
        m = message(() -> Samples.wrap(new double[] {1, 2}, 1, new double[] {1, Double.NaN}));
        assertTrue(m.contains("weight of row 2"), m);
    }

    @ParameterizedTest
    @EnumSource(Initialization.class)
    void fewerDistinctSamplesThanComponents(Initialization init) {
        double[][] rows = new double[100][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i % 2, 7};
        }
        String m = message(() -> EmFitter.fit(Samples.of(rows), FitOptions.of(3).withInitialization(init)));
        assertTrue(m.contains("only 2 distinct samples for K=3"), m);
        assertTrue(m.contains("use at most 2 components"), m);
    }

    @Test
    void identicalSamplesAreLegitimateWhenThereAreEnoughDistinctOnes() {
        double[][] rows = new double[300][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i % 3 == 0 ? 0 : 10 + i % 2, i % 3 == 0 ? 0 : 5};
        }
        FitResult r = EmFitter.fit(Samples.of(rows), FitOptions.of(3));
        for (double v : r.model().covariancesFlat()) {
            assertTrue(Double.isFinite(v));
        }
        assertTrue(Double.isFinite(r.logLikelihood()));
    }

    @Test
    void zeroVarianceWithoutRegularisationNamesTheComponentAndTheFixes() {
        // the second feature is constant: its variance is zero in every component
        double[][] rows = new double[200][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i < 100 ? i * 0.01 : 50 + i * 0.01, 3};
        }
        DegenerateComponentException e = assertThrows(DegenerateComponentException.class,
                () -> EmFitter.fit(Samples.of(rows), FitOptions.of(2).withRegCovar(0)));
        assertTrue(e.getMessage().matches("covariances\\[[01]\\] \\(of K=2\\) is not positive definite.*"), e.getMessage());
        assertTrue(e.getMessage().contains("larger regCovar"), e.getMessage());
        assertTrue(e.getMessage().contains("rescale"), e.getMessage());
        // the default regularisation makes the same data fit
        FitResult r = EmFitter.fit(Samples.of(rows), FitOptions.of(2));
        assertEquals(2, r.model().components());
    }

    @Test
    void infiniteLogLikelihoodHasItsOwnType() {
        // |x - mu|^2 / sigma^2 overflows for every component: ln p(x) is not finite
        GaussianMixture tiny = GaussianMixture.spherical(new double[] {1}, new double[][] {{0}}, new double[] {1e-300});
        Samples far = Samples.of(new double[][] {{1e10}, {2e10}});
        NonFiniteLikelihoodException e = assertThrows(NonFiniteLikelihoodException.class,
                () -> EmFitter.fit(far, FitOptions.warmStart(tiny)));
        assertTrue(e.getMessage().contains("log-likelihood became"), e.getMessage());
        assertTrue(e.getMessage().contains("larger regCovar"), e.getMessage());
    }

    @Test
    void warmStartModelOfAnotherDimension() {
        GaussianMixture threeD = Mixtures.threeBlobs();
        Samples twoD = Samples.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        String m = message(() -> EmFitter.fit(twoD, FitOptions.warmStart(threeD)));
        assertTrue(m.contains("D=3") && m.contains("have 2"), m);
    }

    @Test
    void warmStartModelWithOtherKOrTypeIsRejected() {
        GaussianMixture g = Mixtures.threeBlobs();
        assertTrue(message(() -> FitOptions.of(2).withInitialModel(g)).contains("3 components"));
        assertTrue(message(() -> FitOptions.of(3).withCovarianceType(CovarianceType.DIAG).withInitialModel(g))
                .contains("covariance type full"));
    }

    @Test
    void badOptionsAreRejected() {
        assertTrue(message(() -> FitOptions.of(2).withTol(-1)).contains("tol"));
        assertTrue(message(() -> FitOptions.of(2).withRegCovar(Double.NaN)).contains("regCovar"));
        assertTrue(message(() -> FitOptions.of(2).withMaxIter(0)).contains("maxIter"));
        assertTrue(message(() -> FitOptions.of(2).withNInit(0)).contains("nInit"));
        assertTrue(message(() -> FitOptions.of(2).withThreads(0)).contains("threads"));
    }

    @Test
    void oneComponentOnOneDistinctSampleFitsWithRegularisation() {
        Samples x = Samples.of(new double[][] {{2, 2}, {2, 2}, {2, 2}});
        FitResult r = EmFitter.fit(x, FitOptions.of(1));
        assertEquals(2, r.model().mean(0)[0], 1e-12);
        assertEquals(1e-6, r.model().covariance(0)[0][0], 1e-12);
    }
}
