package org.gmmseg.core.em;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The sums an EM iteration needs from the data, for one chunk of samples or for all of them:
 * N_k = sum_n w_n r_nk, S1_k = sum_n w_n r_nk (x_n - c_k), S2_k = sum_n w_n r_nk (x_n - c_k)(x_n - c_k)^T,
 * the weighted log-likelihood sum_n w_n ln p(x_n), and the total weight sum_n w_n.
 *
 * <p>The sums are taken about fixed centres c_k (the means of the model that made the
 * responsibilities), which gives the same M-step as raw moments but without their cancellation
 * when the data sit far from the origin; see docs/em-derivation.md. Merging is associative, so
 * chunks can be summed on any worker or machine; merge them in a fixed order for bit-identical
 * results. A small plain value: arrays of K, K*D and K*D*D (full, tied) or K*D (diag, spherical).
 *
 * <p>Not thread-safe: one instance per chunk.
 */
public final class SufficientStatistics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int k;
    private final int d;
    private final boolean fullMoments;
    final double[] nk;
    final double[] s1;
    /** Full moments: upper triangle of each D x D block (lower filled by the M-step); else diagonals. */
    final double[] s2;
    double logLikelihood;
    double weight;

    /**
     * @param fullMoments true to keep D x D second moments (full, tied); false for their diagonal (diag, spherical)
     */
    public SufficientStatistics(int k, int d, boolean fullMoments) {
        this.k = k;
        this.d = d;
        this.fullMoments = fullMoments;
        this.nk = new double[k];
        this.s1 = new double[k * d];
        this.s2 = new double[fullMoments ? k * d * d : k * d];
    }

    public void reset() {
        Arrays.fill(nk, 0);
        Arrays.fill(s1, 0);
        Arrays.fill(s2, 0);
        logLikelihood = 0;
        weight = 0;
    }

    /** Adds another chunk's sums to these (both must be about the same centres). */
    public void merge(SufficientStatistics other) {
        if (other.k != k || other.d != d || other.fullMoments != fullMoments) {
            throw new IllegalArgumentException("statistics of different shapes");
        }
        add(nk, other.nk);
        add(s1, other.s1);
        add(s2, other.s2);
        logLikelihood += other.logLikelihood;
        weight += other.weight;
    }

    private static void add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    /**
     * Adds one sample x[offset..offset+D) with weighted responsibilities {@code resp[k]} (already
     * multiplied by the sample weight). Components whose responsibility is exactly zero are skipped.
     *
     * @param centers the centres c_k, K*D
     * @param diff scratch of at least D values, overwritten
     */
    void addSample(double[] x, int offset, double[] resp, double[] centers, double[] diff) {
        for (int c = 0; c < k; c++) {
            double r = resp[c];
            if (r == 0) {
                continue;
            }
            nk[c] += r;
            int co = c * d;
            for (int j = 0; j < d; j++) {
                double v = x[offset + j] - centers[co + j];
                diff[j] = v;
                s1[co + j] += r * v;
            }
            if (fullMoments) {
                int mo = c * d * d;
                for (int i = 0; i < d; i++) {
                    double ri = r * diff[i];
                    int row = mo + i * d;
                    for (int j = i; j < d; j++) {
                        s2[row + j] += ri * diff[j];
                    }
                }
            } else {
                for (int j = 0; j < d; j++) {
                    s2[co + j] += r * diff[j] * diff[j];
                }
            }
        }
    }

    public int components() {
        return k;
    }

    public int dimension() {
        return d;
    }

    /** N_k, the summed responsibilities (copy). */
    public double[] responsibilitySums() {
        return nk.clone();
    }

    /** sum_n w_n ln p(x_n) over the samples seen. */
    public double logLikelihoodSum() {
        return logLikelihood;
    }

    /** sum_n w_n over the samples seen. */
    public double totalWeight() {
        return weight;
    }

    /** Mean log-likelihood per unit of sample weight. */
    public double meanLogLikelihood() {
        return logLikelihood / weight;
    }
}
