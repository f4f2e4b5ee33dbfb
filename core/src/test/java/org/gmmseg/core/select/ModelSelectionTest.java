package org.gmmseg.core.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.core.select.Candidate.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSelectionTest {

    /** Three well-separated 2-D components. */
    static GaussianMixture three() {
        return GaussianMixture.full(new double[] {0.3, 0.3, 0.4}, new double[][] {{0, 0}, {9, 0}, {0, 9}},
                new double[][][] {{{1, 0.3}, {0.3, 0.8}}, {{0.7, -0.2}, {-0.2, 1.1}}, {{1.2, 0}, {0, 0.6}}});
    }

    /** Five well-separated 2-D components. */
    static GaussianMixture five() {
        return GaussianMixture.full(new double[] {0.2, 0.15, 0.25, 0.2, 0.2},
                new double[][] {{0, 0}, {10, 0}, {0, 10}, {10, 10}, {5, 20}},
                new double[][][] {{{1, 0.3}, {0.3, 0.8}}, {{0.7, -0.2}, {-0.2, 1.1}}, {{1.2, 0}, {0, 0.6}},
                    {{0.9, 0.4}, {0.4, 0.9}}, {{0.5, 0}, {0, 1.3}}});
    }

    private static Samples draw(int k, int n, long seed) {
        return (k == 3 ? three() : five()).sample(n, seed).samples();
    }

    private static SelectionOptions options(String components, String types) {
        return SelectionOptions.of(SelectionOptions.parseComponents(components))
                .withCovarianceTypes(SelectionOptions.parseCovarianceTypes(types))
                .withFit(FitOptions.of(1).withNInit(2).withSeed(42).withThreads(2));
    }

    @ParameterizedTest
    @CsvSource({"3, bic", "3, icl", "5, bic", "5, icl"})
    void recoversTheNumberOfComponents(int k, String criterion) {
        Samples x = draw(k, 2500, 17);
        SelectionResult r = ModelSelection.select(x, options("1..8", "full").withCriterion(Criterion.parse(criterion)));
        assertEquals(k, r.chosen().components(), () -> table(r));
        assertEquals(8, r.candidates().size());
        assertEquals(Criterion.parse(criterion), r.criterion());
        assertEquals(r.chosen().model(), r.model());
        for (Candidate c : r.candidates()) {
            assertEquals(Status.OK, c.status());
            assertTrue(c.value(r.criterion()) >= r.chosen().value(r.criterion()));
        }
    }

    @Test
    void tableCriteriaAgreeWithTheModelsAndAnIndependentEntropy() {
        // weighted samples, as callers pass de-duplicated data
        Samples drawn = draw(3, 1500, 5);
        double[] w = new double[drawn.size()];
        SplittableRandom rng = new SplittableRandom(3);
        for (int n = 0; n < w.length; n++) {
            w[n] = 1 + rng.nextInt(3);
        }
        Samples x = Samples.wrap(drawn.values(), 2, w);
        SelectionResult r = ModelSelection.select(x, options("1..4", "full,diag,spherical,tied"));
        assertEquals(16, r.candidates().size());
        for (int i = 0; i < 16; i++) {
            Candidate c = r.candidates().get(i);
            assertEquals(i, c.index());
            assertEquals(1 + i / 4, c.components(), "K outer");
            assertEquals(List.of(CovarianceType.FULL, CovarianceType.DIAG, CovarianceType.SPHERICAL,
                    CovarianceType.TIED).get(i % 4), c.covarianceType(), "type inner");
            assertEquals(Status.OK, c.status());
            GaussianMixture m = c.model();
            FitResult f = c.fitResult();
            assertEquals(c.components(), m.components());
            assertEquals(c.covarianceType(), m.covarianceType());
            assertEquals(f.bic(), c.bic());
            assertEquals(f.aic(), c.aic());
            assertEquals(f.logLikelihood(), c.logLikelihood());
            assertEquals(m.bic(x), c.bic(), 1e-12 * Math.abs(c.bic()));
            assertEquals(m.aic(x), c.aic(), 1e-12 * Math.abs(c.aic()));
            double entropy = CriteriaTest.directEntropy(m, x);
            assertEquals(entropy, c.entropy(), 1e-9 * Math.max(1, entropy));
            assertEquals(c.bic() + 2 * entropy, c.icl(), 1e-9 * Math.abs(c.bic()));
            assertTrue(c.icl() >= c.bic(), c.label());
            assertEquals(0, c.retries());
            assertEquals(FitOptions.DEFAULT_REG_COVAR, c.regCovar());
        }
        assertEquals(0.0, r.candidates().get(0).entropy(), "K=1");
    }

    @Test
    void aCandidateIsThePlainFitWhateverTheGrid() {
        Samples x = draw(3, 1200, 9);
        SelectionOptions o = options("1..4", "full,diag");
        SelectionResult wide = ModelSelection.select(x, o);
        SelectionResult narrow = ModelSelection.select(x, o.withComponents(List.of(3)).withCovarianceTypes(
                List.of(CovarianceType.DIAG)));
        Candidate inWide = wide.candidate(3, CovarianceType.DIAG).orElseThrow();
        Candidate alone = narrow.candidate(3, CovarianceType.DIAG).orElseThrow();
        assertEquals(inWide.model(), alone.model());
        assertEquals(inWide.bic(), alone.bic());
        FitResult plain = EmFitter.fit(x, o.fit().withComponents(3).withCovarianceType(CovarianceType.DIAG));
        assertEquals(plain.model(), inWide.model());
        assertTrue(wide.candidate(7, CovarianceType.DIAG).isEmpty());
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Samples x = draw(3, 6000, 21); // more than one chunk
        SelectionOptions o = options("1..4", "full,diag,spherical");
        SelectionResult one = ModelSelection.select(x, o.withFit(o.fit().withThreads(1)));
        for (int threads : new int[] {2, 5}) {
            SelectionResult many = ModelSelection.select(x, o.withFit(o.fit().withThreads(threads)));
            assertEquals(one.chosen().index(), many.chosen().index());
            for (int i = 0; i < one.candidates().size(); i++) {
                Candidate a = one.candidates().get(i);
                Candidate b = many.candidates().get(i);
                assertEquals(a.model(), b.model(), a.label());
                assertEquals(a.logLikelihood(), b.logLikelihood(), a.label());
                assertEquals(a.bic(), b.bic(), a.label());
                assertEquals(a.aic(), b.aic(), a.label());
                assertEquals(a.icl(), b.icl(), a.label());
                assertEquals(a.fitResult().iterations(), b.fitResult().iterations(), a.label());
            }
            assertEquals(one.notes(), many.notes());
        }
    }

    /** Nine distinct rows, weighted. */
    private static Samples nineDistinct() {
        double[] v = new double[18];
        double[] w = new double[9];
        for (int i = 0; i < 9; i++) {
            v[2 * i] = i % 3 * 5 + 0.1 * i;
            v[2 * i + 1] = i / 3 * 5 - 0.05 * i * i;
            w[i] = 10 + i;
        }
        return Samples.wrap(v, 2, w);
    }

    @Test
    void candidatesAboveTheDistinctCountAreSkippedWithANote() {
        List<Candidate> reported = Collections.synchronizedList(new ArrayList<>());
        SelectionResult r = ModelSelection.select(nineDistinct(), options("7..12", "full,spherical"), reported::add);
        assertEquals(12, r.candidates().size());
        assertEquals(12, reported.size(), "the listener hears of every candidate once");
        for (Candidate c : r.candidates()) {
            if (c.components() <= 9) {
                assertEquals(Status.OK, c.status(), c.label());
            } else {
                assertEquals(Status.SKIPPED, c.status(), c.label());
                assertEquals("K=" + c.components() + " skipped: only 9 distinct samples", c.note());
                assertNull(c.model());
                assertNull(c.fitResult());
                assertTrue(Double.isNaN(c.bic()) && Double.isNaN(c.icl()));
            }
        }
        assertTrue(r.notes().contains("K=12 skipped: only 9 distinct samples"), r.notes().toString());
        assertEquals(1, r.notes().stream().filter(n -> n.startsWith("K=10 skipped")).count(), "one note per K");
        assertTrue(r.chosen().components() <= 9);
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("a larger K")), r.notes().toString());

        String m = assertThrows(GmmException.class,
                () -> ModelSelection.select(nineDistinct(), options("12..14", "full"))).getMessage();
        assertTrue(m.contains("no candidate could be fitted") && m.contains("K=12 skipped: only 9 distinct samples"), m);
    }

    /** A constant second feature: with regCovar 0 its variance is 0 and every full or diag fit collapses. */
    private static Samples constantColumn() {
        Samples x = draw(3, 900, 4);
        double[] v = x.values().clone();
        for (int n = 0; n < x.size(); n++) {
            v[2 * n + 1] = 3;
        }
        return Samples.wrap(v, 2, null);
    }

    @Test
    void degenerateFitsAreRetriedWithALargerRegCovar() {
        SelectionOptions o = options("2,3", "full,diag");
        SelectionResult r = ModelSelection.select(constantColumn(), o.withFit(o.fit().withRegCovar(0)));
        for (Candidate c : r.candidates()) {
            assertEquals(Status.OK, c.status(), c.label());
            assertEquals(1, c.retries(), c.label());
            assertEquals(FitOptions.DEFAULT_REG_COVAR, c.regCovar(), c.label());
            assertTrue(c.note().contains("fitted with regCovar=1.00e-06 after 1 degenerate fit"), c.note());
            assertTrue(Double.isFinite(c.bic()));
        }
        // on collinear features a tiny regCovar is lost to rounding: it grows by the factor until it is not
        Samples collinear = collinear();
        SelectionOptions tiny = options("2", "full").withFit(o.fit().withRegCovar(1e-20)).withMaxRegCovarRetries(10);
        Candidate c = ModelSelection.select(collinear, tiny).chosen();
        assertTrue(c.retries() >= 2, c.note());
        assertEquals(1e-20 * Math.pow(10, c.retries()), c.regCovar(), 1e-9 * c.regCovar());
        assertTrue(c.regCovar() < 1e-6, "grew no further than needed: " + c.regCovar());
        // too few retries allowed: the candidate fails, and so does the search, naming the cause
        String m = assertThrows(GmmException.class,
                () -> ModelSelection.select(collinear, tiny.withMaxRegCovarRetries(1))).getMessage();
        assertTrue(m.contains("K=2 full failed with regCovar=1.00e-19 after 1 retry"), m);
    }

    /** The second feature is twice the first: every full covariance is singular. */
    private static Samples collinear() {
        Samples x = draw(3, 900, 4);
        double[] v = x.values().clone();
        for (int n = 0; n < x.size(); n++) {
            v[2 * n + 1] = 2 * v[2 * n];
        }
        return Samples.wrap(v, 2, null);
    }

    @Test
    void candidatesThatStayDegenerateFailWithoutStoppingTheSearch() {
        SelectionOptions o = options("2", "full,spherical").withMaxRegCovarRetries(0);
        SelectionResult r = ModelSelection.select(constantColumn(), o.withFit(o.fit().withRegCovar(0)));
        Candidate full = r.candidate(2, CovarianceType.FULL).orElseThrow();
        assertEquals(Status.FAILED, full.status());
        assertNull(full.model());
        assertEquals(0, full.retries());
        assertTrue(full.note().startsWith("K=2 full failed with regCovar=0.00"), full.note());
        assertTrue(full.note().contains("not positive definite"), full.note());
        assertTrue(r.notes().contains(full.note()));
        // the spherical variance averages over the features, so it is not degenerate
        assertEquals(CovarianceType.SPHERICAL, r.chosen().covarianceType());

        String m = assertThrows(GmmException.class, () -> ModelSelection.select(constantColumn(),
                o.withCovarianceTypes(List.of(CovarianceType.FULL)).withFit(o.fit().withRegCovar(0)))).getMessage();
        assertTrue(m.contains("no candidate could be fitted") && m.contains("K=2 full failed"), m);
    }

    @Test
    void emptyDataIsAnError() {
        Samples none = Samples.wrap(new double[] {1, 2}, 2, new double[] {0});
        assertTrue(assertThrows(GmmException.class, () -> ModelSelection.select(none, options("1", "full")))
                .getMessage().contains("no samples"));
    }

    private static Candidate ok(int index, int k, double bic) {
        GaussianMixture m = GaussianMixture.spherical(new double[] {1}, new double[][] {{0}}, new double[] {1});
        FitResult f = new FitResult(m, true, 1, new double[] {0}, 0, 0, new double[] {0}, 1, List.of());
        return new Candidate(index, k, CovarianceType.FULL, Status.OK, f, 0, bic, bic, bic, 0, 1e-6, 0, "");
    }

    @Test
    void tiesGoToTheSmallerKThenTheEarlierCandidate() {
        List<Candidate> grid = List.of(ok(0, 4, 10), ok(1, 2, 10), ok(2, 2, 10), ok(3, 3, 11));
        assertEquals(1, ModelSelection.choose(grid, Criterion.BIC, 4).chosen().index());
        assertEquals(0, ModelSelection.choose(List.of(ok(0, 4, 9), ok(1, 2, 10)), Criterion.AIC, 4).chosen().index());
    }

    @Test
    void aChoiceAtTheEdgeOfTheGridIsNoted() {
        SelectionResult upper = ModelSelection.choose(List.of(ok(0, 2, 10), ok(1, 3, 9)), Criterion.BIC, 3);
        assertTrue(upper.notes().contains("the chosen K=3 is the largest fitted; a larger K may be better"),
                upper.notes().toString());
        SelectionResult lower = ModelSelection.choose(List.of(ok(0, 2, 8), ok(1, 3, 9)), Criterion.BIC, 3);
        assertTrue(lower.notes().contains("the chosen K=2 is the smallest tried; a smaller K may be better"),
                lower.notes().toString());
        SelectionResult inside = ModelSelection.choose(List.of(ok(0, 1, 10), ok(1, 2, 8), ok(2, 3, 9)), Criterion.BIC, 3);
        assertTrue(inside.notes().isEmpty(), inside.notes().toString());
        assertNotNull(inside.fitResult());
    }

    @Test
    void noLargerKIsSuggestedWhenTheLargerOnesLackDistinctSamples() {
        // K=4 and K=5 skipped: the data have only 3 distinct samples, so nothing above K=3 can be fitted
        SelectionResult full = ModelSelection.choose(List.of(ok(0, 2, 10), ok(1, 3, 9), skipped(2, 4, 3), skipped(3, 5, 3)),
                Criterion.BIC, 3);
        assertEquals(3, full.chosen().components());
        assertEquals(List.of("K=4 skipped: only 3 distinct samples", "K=5 skipped: only 3 distinct samples"),
                full.notes());
        // a gap in the grid (2, 3, 8 with 5 distinct samples): only K=4 and K=5 may still be better
        SelectionResult gap = ModelSelection.choose(List.of(ok(0, 2, 10), ok(1, 3, 9), skipped(2, 8, 5)),
                Criterion.BIC, 5);
        assertTrue(gap.notes().contains(
                "the chosen K=3 is the largest fitted; a larger K up to 5 (the number of distinct samples) may be better"),
                gap.notes().toString());
        // a larger K that failed (not skipped) still leaves room for a larger K
        SelectionResult failed = ModelSelection.choose(List.of(ok(0, 2, 10), ok(1, 3, 9), failed(2, 4)), Criterion.BIC, 4);
        assertTrue(failed.notes().contains("the chosen K=3 is the largest fitted; a larger K may be better"),
                failed.notes().toString());
    }

    private static Candidate skipped(int index, int k, int distinct) {
        return new Candidate(index, k, CovarianceType.FULL, Status.SKIPPED, null, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 1e-6, 0, "K=" + k + " skipped: only " + distinct + " distinct samples");
    }

    private static Candidate failed(int index, int k) {
        return new Candidate(index, k, CovarianceType.FULL, Status.FAILED, null, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 1e-6, 0, "K=" + k + " full failed");
    }

    private static String table(SelectionResult r) {
        StringBuilder s = new StringBuilder();
        for (Candidate c : r.candidates()) {
            s.append(String.format("%s %s bic=%.3f icl=%.3f %s%n", c.label(), c.status(), c.bic(), c.icl(), c.note()));
        }
        return s.toString();
    }
}
