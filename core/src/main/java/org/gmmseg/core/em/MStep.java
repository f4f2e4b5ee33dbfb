package org.gmmseg.core.em;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;

/**
 * The M-step: turns merged {@link SufficientStatistics} into a new mixture (docs/em-derivation.md):
 * <ul>
 * <li>eq. 7: mu_k = (1/N_k) sum_n r_nk x_n = c_k + S1_k / N_k</li>
 * <li>eq. 8: Sigma_k = (1/N_k) sum_n r_nk (x_n - mu_k)(x_n - mu_k)^T + R
 *     = (S2_k - N_k delta_k delta_k^T) / N_k + R with delta_k = S1_k / N_k and R = diag(reg_j)
 *     (reg_j = regCovar for scikit-learn's absolute regularisation; see
 *     {@link org.gmmseg.core.RegularizationScale})
 *     (tied: the scatter summed over k divided by N; diag: its diagonal; spherical: the mean of the diagonal)</li>
 * <li>eq. 11: pi_k = N_k / N, from the Lagrange multiplier for sum_k pi_k = 1</li>
 * </ul>
 * As scikit-learn, N_k is taken as N_k + 10 eps so an empty component keeps finite parameters.
 */
public final class MStep {
    /** scikit-learn adds 10 * machine epsilon to every N_k. */
    static final double NK_EPSILON = 10 * Math.ulp(1.0);

    private MStep() {
    }

    /**
     * The M-step with regCovar added to every diagonal entry (scikit-learn's reg_covar).
     *
     * @param stats merged statistics taken about {@code centers}
     * @param centers the centres c_k the statistics were taken about, K*D
     * @throws org.gmmseg.core.DegenerateComponentException if a covariance is not positive definite
     */
    public static GaussianMixture apply(SufficientStatistics stats, double[] centers, CovarianceType type,
            double regCovar) {
        double[] reg = new double[stats.dimension()];
        java.util.Arrays.fill(reg, regCovar);
        return apply(stats, centers, type, reg);
    }

    /**
     * The M-step with reg[j] added to the diagonal entry of feature j (spherical: the mean of reg
     * to the variance, the mean of the regularised diagonal).
     *
     * @param stats merged statistics taken about {@code centers}
     * @param centers the centres c_k the statistics were taken about, K*D
     * @param reg D non-negative values; not modified
     * @throws org.gmmseg.core.DegenerateComponentException if a covariance is not positive definite
     */
    public static GaussianMixture apply(SufficientStatistics stats, double[] centers, CovarianceType type,
            double[] reg) {
        int k = stats.components();
        int d = stats.dimension();
        double[] nk = new double[k];
        double total = 0;
        for (int c = 0; c < k; c++) {
            nk[c] = stats.nk[c] + NK_EPSILON;
            total += nk[c];
        }
        double[] weights = new double[k];
        double[] means = new double[k * d];
        double[] delta = new double[d];
        double[] cov = new double[type.flatLength(k, d)];
        for (int c = 0; c < k; c++) {
            weights[c] = nk[c] / total;
            int co = c * d;
            for (int j = 0; j < d; j++) {
                delta[j] = stats.s1[co + j] / nk[c];
                means[co + j] = centers[co + j] + delta[j];
            }
            switch (type) {
                case FULL, TIED -> {
                    boolean full = type == CovarianceType.FULL;
                    int mo = c * d * d;
                    int out = full ? mo : 0;
                    double divisor = full ? nk[c] : 1;
                    for (int i = 0; i < d; i++) {
                        for (int j = i; j < d; j++) {
                            double scatter = stats.s2[mo + i * d + j] - delta[i] * stats.s1[co + j]
                                    - stats.s1[co + i] * delta[j] + stats.nk[c] * delta[i] * delta[j];
                            double v = scatter / divisor;
                            cov[out + i * d + j] += v;
                            if (j != i) {
                                cov[out + j * d + i] += v;
                            }
                        }
                    }
                }
                case DIAG, SPHERICAL -> {
                    double mean = 0;
                    for (int j = 0; j < d; j++) {
                        double scatter = stats.s2[co + j] - 2 * delta[j] * stats.s1[co + j]
                                + stats.nk[c] * delta[j] * delta[j];
                        double v = scatter / nk[c] + reg[j];
                        if (type == CovarianceType.DIAG) {
                            cov[co + j] = v;
                        }
                        mean += v;
                    }
                    if (type == CovarianceType.SPHERICAL) {
                        cov[c] = mean / d;
                    }
                }
            }
        }
        if (type == CovarianceType.FULL) {
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    cov[c * d * d + j * d + j] += reg[j];
                }
            }
        } else if (type == CovarianceType.TIED) {
            for (int i = 0; i < d * d; i++) {
                cov[i] /= total;
            }
            for (int j = 0; j < d; j++) {
                cov[j * d + j] += reg[j];
            }
        }
        return GaussianMixture.ofFlat(type, k, d, weights, means, cov);
    }
}
