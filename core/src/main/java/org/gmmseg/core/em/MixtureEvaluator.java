package org.gmmseg.core.em;

import org.gmmseg.core.GaussianMixture;

/**
 * Evaluates one mixture on many samples with the E-step kernel (SIMD where available): labels
 * (the argmax of eq. 5), responsibilities (eq. 5) and ln p(x) (the terms of eq. 6), for rows of
 * row-major feature vectors. This is what labels images: it agrees with the fit's own E-step bit
 * for bit, and with {@link GaussianMixture#predict} except where two components are within
 * rounding of each other.
 *
 * <p>Holds the buffers of one worker; not thread-safe, so use one instance per thread. Allocates
 * nothing per call.
 */
public final class MixtureEvaluator {
    private static final int LANES = EStepKernel.LANES;

    private final KernelModel model;
    private final EStepKernel kernel;
    private final int k;
    private final int d;
    private final double[] block;

    public MixtureEvaluator(GaussianMixture mixture) {
        this.model = new KernelModel(mixture);
        this.k = model.k;
        this.d = model.d;
        this.kernel = EStepKernel.create(k, d, model.triangular);
        this.block = new double[LANES * d];
    }

    public int components() {
        return k;
    }

    public int dimension() {
        return d;
    }

    /**
     * Zero-based most responsible component of each of {@code count} samples
     * {@code x[offset + i * D ...]}; ties go to the lower index.
     *
     * @param labels receives {@code count} labels from {@code labelsOffset} (modified)
     */
    public void predict(double[] x, int offset, int count, int[] labels, int labelsOffset) {
        double[] lp = kernel.logProb;
        for (int from = 0; from < count; from += LANES) {
            int n = load(x, offset, count, from);
            kernel.logProbabilities(block, 0, model);
            for (int l = 0; l < n; l++) {
                int best = 0;
                double bestValue = lp[l];
                for (int c = 1; c < k; c++) {
                    double v = lp[c * LANES + l];
                    if (v > bestValue) {
                        bestValue = v;
                        best = c;
                    }
                }
                labels[labelsOffset + from + l] = best;
            }
        }
    }

    /**
     * Responsibilities gamma(z_nk) (eq. 5) of {@code count} samples.
     *
     * @param out receives {@code count * K} values from {@code outOffset}, sample by sample (modified)
     */
    public void predictProba(double[] x, int offset, int count, double[] out, int outOffset) {
        double[] e = kernel.logProb;
        for (int from = 0; from < count; from += LANES) {
            int n = load(x, offset, count, from);
            kernel.logProbabilities(block, 0, model);
            kernel.exponentiate();
            for (int l = 0; l < n; l++) {
                double sum = kernel.sumBuf[l];
                int o = outOffset + (from + l) * k;
                for (int c = 0; c < k; c++) {
                    out[o + c] = e[c * LANES + l] / sum;
                }
            }
        }
    }

    /**
     * ln p(x_n) (the terms of eq. 6) of {@code count} samples.
     *
     * @param out receives {@code count} values from {@code outOffset} (modified)
     */
    public void scoreSamples(double[] x, int offset, int count, double[] out, int outOffset) {
        for (int from = 0; from < count; from += LANES) {
            int n = load(x, offset, count, from);
            kernel.logProbabilities(block, 0, model);
            kernel.exponentiate();
            for (int l = 0; l < n; l++) {
                out[outOffset + from + l] = kernel.maxBuf[l] + EStepKernel.log(kernel.sumBuf[l]);
            }
        }
    }

    /** Packs samples from..from+8 into the block, repeating the first where fewer remain; returns how many are real. */
    private int load(double[] x, int offset, int count, int from) {
        int n = Math.min(LANES, count - from);
        for (int l = 0; l < LANES; l++) {
            int src = offset + (from + (l < n ? l : 0)) * d;
            for (int j = 0; j < d; j++) {
                block[j * LANES + l] = x[src + j];
            }
        }
        return n;
    }
}
