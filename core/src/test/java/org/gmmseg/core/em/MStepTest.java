package org.gmmseg.core.em;

import static org.gmmseg.core.em.EmFitterContract.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Mixtures;
import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One EM iteration against the textbook updates computed from an explicit N x K responsibility matrix. */
class MStepTest {
    static final double REG = 1e-6;

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void oneIterationEqualsTheTextbookUpdates(CovarianceType type) {
        GaussianMixture start = Mixtures.threeBlobs(type);
        // shifted far from the origin: raw second moments would lose digits here
        Samples x = shifted(Mixtures.threeBlobs(type).sample(700, 11).samples(), 1e4);
        GaussianMixture init = shiftedModel(start, 1e4);
        FitResult r = EmFitter.fit(x, FitOptions.warmStart(init).withMaxIter(1).withTol(0).withRegCovar(REG));
        GaussianMixture expected = textbookStep(init, x, type);
        assertClose(expected.weights(), r.model().weights(), 1e-12);
        assertClose(expected.meansFlat(), r.model().meansFlat(), 1e-12);
        assertClose(expected.covariancesFlat(), r.model().covariancesFlat(), 1e-9);
        assertEquals(init.score(x), r.lowerBound(), 1e-12 * Math.abs(r.lowerBound()));
        assertEquals(r.model().score(x), r.logLikelihood(), 1e-12 * Math.abs(r.logLikelihood()));
    }

    /** eq. 5 responsibilities, then eq. 7 means, eq. 8 covariances (and variants), eq. 11 weights. */
    static GaussianMixture textbookStep(GaussianMixture g, Samples x, CovarianceType type) {
        int n = x.size();
        int k = g.components();
        int d = g.dimension();
        double[][] resp = g.predictProba(x);
        double[] nk = new double[k];
        double[][] mu = new double[k][d];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                nk[c] += resp[i][c];
            }
            nk[c] += 10 * Math.ulp(1.0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    mu[c][j] += resp[i][c] * x.value(i, j) / nk[c];
                }
            }
        }
        double[][][] sigma = new double[k][d][d];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        sigma[c][a][b] += resp[i][c] * (x.value(i, a) - mu[c][a]) * (x.value(i, b) - mu[c][b]) / nk[c];
                    }
                }
            }
        }
        double total = 0;
        for (double v : nk) {
            total += v;
        }
        double[] pi = new double[k];
        for (int c = 0; c < k; c++) {
            pi[c] = nk[c] / total;
        }
        switch (type) {
            case FULL -> {
                for (double[][] s : sigma) {
                    addDiagonal(s, REG);
                }
                return GaussianMixture.full(pi, mu, sigma);
            }
            case TIED -> {
                double[][] tied = new double[d][d];
                for (int c = 0; c < k; c++) {
                    for (int a = 0; a < d; a++) {
                        for (int b = 0; b < d; b++) {
                            tied[a][b] += sigma[c][a][b] * nk[c] / total;
                        }
                    }
                }
                addDiagonal(tied, REG);
                return GaussianMixture.tied(pi, mu, tied);
            }
            case DIAG -> {
                double[][] var = new double[k][d];
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < d; j++) {
                        var[c][j] = sigma[c][j][j] + REG;
                    }
                }
                return GaussianMixture.diag(pi, mu, var);
            }
            default -> {
                double[] var = new double[k];
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < d; j++) {
                        var[c] += (sigma[c][j][j] + REG) / d;
                    }
                }
                return GaussianMixture.spherical(pi, mu, var);
            }
        }
    }

    private static void addDiagonal(double[][] s, double v) {
        for (int j = 0; j < s.length; j++) {
            s[j][j] += v;
        }
    }

    private static Samples shifted(Samples s, double by) {
        double[] v = s.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += by;
        }
        return Samples.wrap(v, s.dimension(), null);
    }

    private static GaussianMixture shiftedModel(GaussianMixture g, double by) {
        double[] m = g.meansFlat();
        for (int i = 0; i < m.length; i++) {
            m[i] += by;
        }
        return GaussianMixture.ofFlat(g.covarianceType(), g.components(), g.dimension(), g.weights(), m,
                g.covariancesFlat());
    }

    @Test
    void mergingChunksIsAssociative() {
        Samples x = Mixtures.threeBlobs().sample(90, 3).samples();
        GaussianMixture g = Mixtures.threeBlobs();
        double[] centers = g.meansFlat();
        SufficientStatistics[] parts = new SufficientStatistics[3];
        double[] resp = new double[3];
        double[] diff = new double[3];
        double[][] r = g.predictProba(x);
        for (int p = 0; p < 3; p++) {
            parts[p] = new SufficientStatistics(3, 3, true);
            for (int i = p * 30; i < p * 30 + 30; i++) {
                System.arraycopy(r[i], 0, resp, 0, 3);
                parts[p].addSample(x.values(), i * 3, resp, centers, diff);
            }
        }
        SufficientStatistics left = new SufficientStatistics(3, 3, true);
        left.merge(parts[0]);
        left.merge(parts[1]);
        left.merge(parts[2]);
        SufficientStatistics right = new SufficientStatistics(3, 3, true);
        SufficientStatistics tail = new SufficientStatistics(3, 3, true);
        tail.merge(parts[1]);
        tail.merge(parts[2]);
        right.merge(parts[0]);
        right.merge(tail);
        assertClose(left.nk, right.nk, 1e-14);
        assertClose(left.s1, right.s1, 1e-14);
        assertClose(left.s2, right.s2, 1e-14);
    }
}
