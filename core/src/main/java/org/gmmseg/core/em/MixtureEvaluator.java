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
    /** Samples per call of the kernel: a tile of blocks. */
    private final int step;
    private final double[] block;

    public MixtureEvaluator(GaussianMixture mixture) {
        this.model = new KernelModel(mixture);
        this.k = model.k;
        this.d = model.d;
        this.kernel = EStepKernel.create(k, d, model.triangular);
        this.step = kernel.tile * LANES;
        this.block = new double[step * d];
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
        for (int from = 0; from < count; from += step) {
            int n = load(x, offset, count, from);
            kernel.logProbabilities(block, 0, blocks(n), model);
            for (int s = 0; s < n; s++) {
                int best = 0;
                double bestValue = lp[s];
                for (int c = 1; c < k; c++) {
                    double v = lp[c * EStepKernel.TILE_SAMPLES + s];
                    if (v > bestValue) {
                        bestValue = v;
                        best = c;
                    }
                }
                labels[labelsOffset + from + s] = best;
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
        for (int from = 0; from < count; from += step) {
            int n = load(x, offset, count, from);
            kernel.logProbabilities(block, 0, blocks(n), model);
            kernel.exponentiate(blocks(n));
            for (int s = 0; s < n; s++) {
                double sum = kernel.sumBuf[s];
                int o = outOffset + (from + s) * k;
                for (int c = 0; c < k; c++) {
                    out[o + c] = e[c * EStepKernel.TILE_SAMPLES + s] / sum;
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
        for (int from = 0; from < count; from += step) {
            int n = load(x, offset, count, from);
            kernel.logProbabilities(block, 0, blocks(n), model);
            kernel.exponentiate(blocks(n));
            for (int s = 0; s < n; s++) {
                out[outOffset + from + s] = kernel.maxBuf[s] + EStepKernel.log(kernel.sumBuf[s]);
            }
        }
    }

    private static int blocks(int samples) {
        return (samples + LANES - 1) / LANES;
    }

    /**
     * Packs samples from..from+step into the tile of blocks, the last block padded with copies of
     * the first sample; returns how many are real.
     */
    private int load(double[] x, int offset, int count, int from) {
        int n = Math.min(step, count - from);
        int padded = blocks(n) * LANES;
        for (int s = 0; s < padded; s++) {
            int src = offset + (from + (s < n ? s : 0)) * d;
            int dst = (s / LANES) * d * LANES + s % LANES;
            for (int j = 0; j < d; j++) {
                block[dst + j * LANES] = x[src + j];
            }
        }
        return n;
    }
}
