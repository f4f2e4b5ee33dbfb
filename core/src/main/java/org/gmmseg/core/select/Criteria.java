package org.gmmseg.core.select;

import org.gmmseg.core.ChunkRows;
import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.ChunkedSamples;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.LocalChunks;
import org.gmmseg.core.Samples;

/**
 * The classification entropy of a fitted mixture and the ICL built on it (docs/em-derivation.md,
 * eqs. 22 and 23). BIC and AIC (eq. 21) are {@link GaussianMixture#bic} and {@link GaussianMixture#aic}.
 */
public final class Criteria {
    private Criteria() {
    }

    /**
     * The weighted entropy of the responsibilities (eq. 22),
     * EN = sum_n w_n E_n with E_n = -sum_k gamma_nk ln gamma_nk and 0 ln 0 = 0.
     *
     * <p>One streaming pass in the fixed chunks of {@link ChunkedExecutor}, one partial sum per
     * chunk merged in chunk order: no N x K matrix, and the same value for any thread count.
     * Every term is computed as gamma (-ln gamma) with 0 &lt;= gamma &lt;= 1 and -ln gamma &gt;= 0, so
     * the result is never negative, even by rounding.
     *
     * @param threads worker threads (at least 1)
     * @return EN &gt;= 0; 0 for K = 1
     */
    public static double entropy(GaussianMixture model, Samples samples, int threads) {
        try (ChunkedExecutor executor = new ChunkedExecutor(samples.size(), threads)) {
            return entropy(model, LocalChunks.of(samples, executor));
        }
    }

    /**
     * EN (eq. 22) of a model on samples held in their chunks, e.g. by other machines: the chunks'
     * partial sums merged in chunk order, the same value as {@link #entropy(GaussianMixture, Samples, int)}
     * on the same samples.
     */
    public static double entropy(GaussianMixture model, ChunkedSamples<?> samples) {
        if (samples.dimension() != model.dimension()) {
            throw new GmmException("samples have " + samples.dimension() + " features but the model has D="
                    + model.dimension());
        }
        double total = 0;
        for (double partial : samples.map(new ChunkEntropy(model))) {
            total += partial;
        }
        return total;
    }

    /** sum_n w_n E_n over a chunk, in row order. */
    private record ChunkEntropy(GaussianMixture model) implements ChunkedSamples.Task<ChunkRows, Double> {
        private static final long serialVersionUID = 1L;

        @Override
        public Double run(ChunkRows chunk) {
            Samples samples = chunk.samples();
            int k = model.components();
            int d = model.dimension();
            double[] x = samples.values();
            double[] a = new double[k];
            double[] scratch = new double[d];
            double sum = 0;
            for (int n = chunk.from(); n < chunk.to(); n++) {
                double w = samples.weight(n);
                if (w == 0) {
                    continue;
                }
                model.weightedLogProbabilities(x, n * d, a, scratch);
                sum += w * sampleEntropy(a, k);
            }
            return sum;
        }
    }

    /**
     * E_n = -sum_k gamma_k ln gamma_k from a_k = ln pi_k + ln N(x | mu_k, Sigma_k): with
     * m = max_k a_k and S = sum_k exp(a_k - m) in [1, K], gamma_k = exp(a_k - m) / S and
     * ln gamma_k = (a_k - m) - ln S. Components with gamma_k = 0 add nothing.
     */
    private static double sampleEntropy(double[] a, int k) {
        double max = a[0];
        for (int c = 1; c < k; c++) {
            max = Math.max(max, a[c]);
        }
        double s = 0;
        for (int c = 0; c < k; c++) {
            s += Math.exp(a[c] - max);
        }
        double logS = Math.log(s);
        double e = 0;
        for (int c = 0; c < k; c++) {
            double g = Math.exp(a[c] - max) / s;
            if (g > 0) {
                e -= g * ((a[c] - max) - logS);
            }
        }
        return e;
    }

    /**
     * The integrated completed likelihood in its entropy form (eq. 23), ICL = BIC + 2 EN, on the
     * sign convention of {@link GaussianMixture#bic}: lower is better, and ICL &gt;= BIC.
     *
     * @param bic the BIC of the model on the samples (eq. 21)
     * @param entropy EN of the model on the same samples ({@link #entropy})
     */
    public static double icl(double bic, double entropy) {
        return bic + 2 * entropy;
    }

    /** ICL = BIC + 2 EN (eq. 23) of a model on samples; see {@link #entropy}. */
    public static double icl(GaussianMixture model, Samples samples, int threads) {
        return icl(model.bic(samples), entropy(model, samples, threads));
    }
}
