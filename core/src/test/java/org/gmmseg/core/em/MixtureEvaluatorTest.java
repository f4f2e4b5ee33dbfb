package org.gmmseg.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The batch evaluator against the model's own per-sample methods. */
class MixtureEvaluatorTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> shapes() {
        return EStepKernelTest.shapes();
    }

    @ParameterizedTest(name = "{0} K={1} D={2}")
    @MethodSource("shapes")
    void agreesWithTheModel(CovarianceType type, int k, int d) {
        GaussianMixture g = EStepKernelTest.randomMixture(type, k, d, 17L * k + d);
        int n = 1237; // not a multiple of the lanes
        Samples s = g.sample(n, 5).samples();
        // rows start at an offset, to check the offsets are honoured
        int skip = 3;
        double[] x = new double[(n + skip) * d];
        System.arraycopy(s.values(), 0, x, skip * d, n * d);
        MixtureEvaluator evaluator = new MixtureEvaluator(g);

        int[] labels = new int[n + 2];
        evaluator.predict(x, skip * d, n, labels, 2);
        double[] proba = new double[n * k];
        evaluator.predictProba(x, skip * d, n, proba, 0);
        double[] score = new double[n];
        evaluator.scoreSamples(x, skip * d, n, score, 0);

        int[] expectedLabels = g.predict(s);
        double[][] expectedProba = g.predictProba(s);
        double[] expectedScore = g.scoreSamples(s);
        double[] lp = new double[k];
        double[] scratch = new double[d];
        for (int i = 0; i < n; i++) {
            assertEquals(expectedScore[i], score[i], 1e-12 * Math.max(1, Math.abs(expectedScore[i])), "ln p, sample " + i);
            double sum = 0;
            for (int c = 0; c < k; c++) {
                assertEquals(expectedProba[i][c], proba[i * k + c], 1e-12, "gamma, sample " + i + ", component " + c);
                sum += proba[i * k + c];
            }
            assertEquals(1, sum, 1e-12);
            if (labels[i + 2] != expectedLabels[i]) {
                // only a near tie may go either way
                g.weightedLogProbabilities(s.values(), i * d, lp, scratch);
                double margin = Math.abs(lp[labels[i + 2]] - lp[expectedLabels[i]]);
                assertTrue(margin < 1e-9, "sample " + i + ": label " + labels[i + 2] + " vs " + expectedLabels[i]);
            }
        }
        assertEquals(0, labels[0]);
        assertEquals(0, labels[1]);
    }
}
