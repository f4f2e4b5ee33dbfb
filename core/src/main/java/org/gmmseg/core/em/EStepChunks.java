package org.gmmseg.core.em;

import java.io.Serializable;

import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;

/**
 * EM's E-step over samples held elsewhere (on other machines), in exactly {@link EmFitter}'s
 * chunks, so that a fit whose passes run there gives the bits of a fit on one machine
 * ({@link EmFitter#fit(Samples, Pass, org.gmmseg.core.FitOptions)}).
 *
 * <p>N samples are cut into {@link #chunks(int)} chunks of {@link #chunkSize(int)} samples (the
 * last one shorter), fixed by N alone. Whoever holds chunk c packs it once ({@link Chunk#of}) and,
 * for each pass, computes its {@link SufficientStatistics} with gmmseg's E-step kernel under the
 * model the driver prepared ({@link Model#of}): the sums of eqs. 5-6 about the model's means, or
 * only the log-likelihood for the final pass. The driver puts each chunk's statistics in its slot
 * and merges them in chunk order, as {@link EmFitter} merges its threads' chunks; sums added in any
 * other order (a reduction tree) differ in the last bits.
 */
public final class EStepChunks {
    private EStepChunks() {
    }

    /** Samples per chunk for N samples: a multiple of the kernel's block, at least 4096, at most 256 chunks. */
    public static int chunkSize(int n) {
        try (ChunkedExecutor layout = new ChunkedExecutor(n, 1)) {
            return layout.chunkSize();
        }
    }

    /** Number of chunks of N samples. */
    public static int chunks(int n) {
        try (ChunkedExecutor layout = new ChunkedExecutor(n, 1)) {
            return layout.chunks();
        }
    }

    /**
     * Where a fit's passes over its samples run. Called by the fitting thread only, one pass at a
     * time.
     */
    public interface Pass {
        /** N, the number of samples. */
        int size();

        /** The sum of the sample weights, as {@link Samples#totalWeight()} gives it for all N. */
        double totalWeight();

        /**
         * The statistics of every chunk under the model: element c is chunk c's, taken about the
         * model's means ({@code moments}) or holding only the log-likelihood and the weight.
         *
         * @return {@link #chunks(int) chunks(size())} statistics, in chunk order
         */
        SufficientStatistics[] statistics(Model model, boolean moments);
    }

    /**
     * A mixture prepared for the kernel: means, whitening factors and log-constants (eq. 5), made
     * once per pass by the driver and sent to every chunk, so that every chunk sees the same bits.
     * Immutable.
     */
    public static final class Model implements Serializable {
        private static final long serialVersionUID = 1L;

        final KernelModel kernel;
        final boolean fullMoments;

        private Model(GaussianMixture mixture) {
            this.kernel = new KernelModel(mixture);
            CovarianceType type = mixture.covarianceType();
            this.fullMoments = type == CovarianceType.FULL || type == CovarianceType.TIED;
        }

        public static Model of(GaussianMixture mixture) {
            return new Model(mixture);
        }

        public int components() {
            return kernel.k;
        }

        public int dimension() {
            return kernel.d;
        }
    }

    /**
     * One chunk's samples, packed for the kernel once and kept by its holder across passes.
     * Serialised as the samples (the packing is redone on arrival).
     */
    public static final class Chunk implements Serializable {
        private static final long serialVersionUID = 1L;
        /** The kernels of this JVM's threads, one per shape, reused across passes. */
        private static final ThreadLocal<EStepKernel> KERNELS = new ThreadLocal<>();

        private final int index;
        private final int d;
        private final double[] values;
        private final double[] weights;
        private transient PackedSamples packed;

        private Chunk(int index, Samples rows) {
            this.index = index;
            this.d = rows.dimension();
            this.values = rows.values();
            double[] w = new double[rows.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = rows.weight(i);
            }
            this.weights = w;
        }

        /**
         * @param index the chunk's index c
         * @param rows the samples [c * chunkSize, ...) of the whole set, in order; kept, not copied
         */
        public static Chunk of(int index, Samples rows) {
            return new Chunk(index, rows);
        }

        public int index() {
            return index;
        }

        public int size() {
            return weights.length;
        }

        /**
         * The chunk's statistics under the model, by the E-step kernel (SIMD where this JVM has the
         * Vector API module, else scalar: the same bits).
         *
         * @param moments false for the log-likelihood and weight only (the final pass)
         */
        public SufficientStatistics statistics(Model model, boolean moments) {
            if (model.dimension() != d) {
                throw new IllegalArgumentException("a model of D=" + model.dimension() + " for samples of D=" + d);
            }
            if (packed == null) {
                packed = new PackedSamples(Samples.wrap(values, d, weights));
            }
            EStepKernel kernel = KERNELS.get();
            if (kernel == null || kernel.k != model.components() || kernel.d != d
                    || kernel.triangular != model.fullMoments) {
                kernel = EStepKernel.create(model.components(), d, model.fullMoments);
                KERNELS.set(kernel);
            }
            SufficientStatistics stats = new SufficientStatistics(model.components(), d, model.fullMoments);
            kernel.accumulate(packed, 0, packed.blocks, model.kernel, moments, stats);
            return stats;
        }
    }
}
