package org.gmmseg.core.em;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.gmmseg.core.ChunkMemory;
import org.gmmseg.core.ChunkRows;
import org.gmmseg.core.ChunkedSamples;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
import org.gmmseg.core.init.KMeans;

/**
 * EM's passes over samples held in {@link EmFitter}'s chunks, here or on other machines, so that
 * a fit whose passes run there gives the bits of a fit on one machine
 * ({@link EmFitter#fit(ChunkedSamples, org.gmmseg.core.FitOptions)}).
 *
 * <p>N samples are cut into {@link #chunks(int)} chunks of {@link #chunkSize(int)} samples (the
 * last one shorter), fixed by N alone. Whoever holds chunk c keeps it as a {@link Chunk}, packed
 * for the E-step kernel once, and runs the tasks EM sends it: for each EM pass, the chunk's
 * {@link SufficientStatistics} under the model the driver prepared ({@link Model#of}), i.e. the
 * sums of eqs. 5-6 about the model's means, or only the log-likelihood for the final pass; and the
 * passes of the initialisation (k-means' assignment step with the kernel's nearest-centre search,
 * the statistics of a hard or random assignment). The driver merges the chunks' results in chunk
 * order, as {@link EmFitter} merges its threads' chunks; sums added in any other order (a
 * reduction tree) differ in the last bits.
 */
public final class EStepChunks {
    /** The kernels of this JVM's threads, one per shape, reused across passes. */
    private static final ThreadLocal<EStepKernel> KERNELS = new ThreadLocal<>();

    private EStepChunks() {
    }

    /** Samples per chunk for N samples: a multiple of the kernel's block, at least 4096, at most 256 chunks. */
    public static int chunkSize(int n) {
        return ChunkedSamples.chunkSize(n);
    }

    /** Number of chunks of N samples. */
    public static int chunks(int n) {
        return ChunkedSamples.chunkCount(n);
    }

    /**
     * Samples cut into their chunks, each holding a copy of its rows, e.g. to be sent to other
     * machines.
     */
    public static List<Chunk> split(Samples data) {
        int n = data.size();
        int d = data.dimension();
        int size = chunkSize(n);
        List<Chunk> chunks = new ArrayList<>();
        for (int c = 0; c < chunks(n); c++) {
            int from = c * size;
            int to = Math.min(n, from + size);
            double[] w = new double[to - from];
            for (int i = from; i < to; i++) {
                w[i - from] = data.weight(i);
            }
            chunks.add(Chunk.of(c, Samples.wrap(Arrays.copyOfRange(data.values(), from * d, to * d), d, w)));
        }
        return chunks;
    }

    /** This thread's kernel for a nearest-centre search among K centres of D features (which moments it keeps does not matter). */
    static EStepKernel nearestKernel(int k, int d) {
        EStepKernel kernel = KERNELS.get();
        return kernel != null && kernel.k == k && kernel.d == d ? kernel : kernel(k, d, false);
    }

    /** This thread's kernel for K components, D features and the moments asked for. */
    static EStepKernel kernel(int k, int d, boolean fullMoments) {
        EStepKernel kernel = KERNELS.get();
        if (kernel == null || kernel.k != k || kernel.d != d || kernel.triangular != fullMoments) {
            kernel = EStepKernel.create(k, d, fullMoments);
            KERNELS.set(kernel);
        }
        return kernel;
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
            this.fullMoments = fullMoments(mixture.covarianceType());
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

    static boolean fullMoments(CovarianceType type) {
        return type == CovarianceType.FULL || type == CovarianceType.TIED;
    }

    /**
     * One chunk's samples, packed for the kernel once and kept by its holder across passes: its
     * own rows ({@link #of}), or a window of samples held whole on this machine (as
     * {@link EmFitter} holds them). Serialised as its rows (the packing is redone on arrival).
     * Tasks of several fits may run on one chunk at once.
     */
    public static final class Chunk implements ChunkRows, Serializable {
        private static final long serialVersionUID = 2L;

        private final int index;
        private transient Samples samples;
        private transient int from;
        private transient int to;
        /** The kernel's blocks of {@link #samples}; the chunk's are [from / LANES, (to + LANES - 1) / LANES). */
        private transient PackedSamples packed;
        private transient ChunkMemory memory;

        private Chunk(int index, Samples samples, int from, int to, PackedSamples packed) {
            this.index = index;
            this.samples = samples;
            this.from = from;
            this.to = to;
            this.packed = packed;
            this.memory = new ChunkMemory();
        }

        /**
         * @param index the chunk's index c
         * @param rows the samples [c * chunkSize, ...) of the whole set, in order; kept, not copied
         */
        public static Chunk of(int index, Samples rows) {
            return new Chunk(index, rows, 0, rows.size(), null);
        }

        /** Rows [from, to) of samples packed whole, as chunk {@code index}; from is a multiple of the kernel's block. */
        static Chunk window(int index, Samples data, PackedSamples packed, int from, int to) {
            return new Chunk(index, data, from, to, packed);
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public Samples samples() {
            return samples;
        }

        @Override
        public int from() {
            return from;
        }

        @Override
        public int to() {
            return to;
        }

        @Override
        public ChunkMemory memory() {
            return memory;
        }

        private synchronized PackedSamples packed() {
            if (packed == null) {
                packed = new PackedSamples(samples);
            }
            return packed;
        }

        private int firstBlock() {
            return from / EStepKernel.LANES;
        }

        private int endBlock() {
            return (to + EStepKernel.LANES - 1) / EStepKernel.LANES;
        }

        /**
         * The chunk's statistics under the model, by the E-step kernel (SIMD where this JVM has the
         * Vector API module, else scalar: the same bits).
         *
         * @param moments false for the log-likelihood and weight only (the final pass)
         */
        public SufficientStatistics statistics(Model model, boolean moments) {
            if (model.dimension() != samples.dimension()) {
                throw new IllegalArgumentException("a model of D=" + model.dimension() + " for samples of D="
                        + samples.dimension());
            }
            SufficientStatistics stats = new SufficientStatistics(model.components(), samples.dimension(),
                    model.fullMoments);
            kernel(model.components(), samples.dimension(), model.fullMoments)
                    .chunkStatistics(packed(), from, to, model.kernel, moments, stats);
            return stats;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            int d = samples.dimension();
            double[] w = new double[to - from];
            for (int i = from; i < to; i++) {
                w[i - from] = samples.weight(i);
            }
            out.writeInt(d);
            out.writeObject(Arrays.copyOfRange(samples.values(), from * d, to * d));
            out.writeObject(w);
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            int d = in.readInt();
            double[] values = (double[]) in.readObject();
            double[] w = (double[]) in.readObject();
            samples = Samples.wrap(values, d, w);
            from = 0;
            to = w.length;
            memory = new ChunkMemory();
        }
    }

    /** An EM pass: the chunk's statistics under the model. */
    record Statistics(Model model, boolean moments) implements ChunkedSamples.Task<Chunk, SufficientStatistics> {
        private static final long serialVersionUID = 1L;

        @Override
        public SufficientStatistics run(Chunk chunk) {
            return chunk.statistics(model, moments);
        }
    }

    /** k-means' assignment step ({@link KMeans.Assignment}) with the kernel's nearest-centre search. */
    record Assignment(double[] centers) implements KMeans.Assignment<Chunk> {
        private static final long serialVersionUID = 1L;

        @Override
        public double[] run(Chunk chunk) {
            final int lanes = EStepKernel.LANES;
            int d = chunk.samples.dimension();
            int k = centers.length / d;
            PackedSamples packed = chunk.packed();
            EStepKernel kernel = nearestKernel(k, d);
            double[] x = packed.values; // the block nearest() just read, still in cache: x_nj at xb + j * lanes + l
            int[] labels = new int[lanes];
            double[] out = new double[k * d + k];
            for (int b = chunk.firstBlock(); b < chunk.endBlock(); b++) {
                int xb = b * d * lanes;
                kernel.nearest(x, xb, centers, labels);
                for (int l = 0; l < lanes; l++) {
                    double w = packed.weights[b * lanes + l];
                    if (w == 0) {
                        continue; // also the padding
                    }
                    int c = labels[l];
                    out[k * d + c] += w;
                    for (int j = 0; j < d; j++) {
                        out[c * d + j] += w * x[xb + j * lanes + l];
                    }
                }
            }
            return out;
        }
    }

    /** The statistics of every sample assigned to its nearest centre, about the centres. */
    record HardAssignment(double[] centers, boolean fullMoments)
            implements ChunkedSamples.Task<Chunk, SufficientStatistics> {
        private static final long serialVersionUID = 1L;

        @Override
        public SufficientStatistics run(Chunk chunk) {
            final int lanes = EStepKernel.LANES;
            Samples data = chunk.samples;
            int d = data.dimension();
            int k = centers.length / d;
            double[] x = data.values();
            PackedSamples packed = chunk.packed();
            EStepKernel kernel = nearestKernel(k, d);
            SufficientStatistics stats = new SufficientStatistics(k, d, fullMoments);
            double[] resp = new double[k];
            double[] diff = new double[d];
            int[] labels = new int[lanes];
            for (int b = chunk.firstBlock(); b < chunk.endBlock(); b++) {
                kernel.nearest(packed.values, b * d * lanes, centers, labels);
                for (int l = 0; l < lanes; l++) {
                    int n = b * lanes + l;
                    double w = packed.weights[n];
                    if (w == 0) {
                        continue; // also the padding
                    }
                    Arrays.fill(resp, 0);
                    resp[labels[l]] = w;
                    stats.weight += w;
                    stats.addSample(x, n * d, resp, centers, diff);
                }
            }
            return stats;
        }
    }

    /**
     * The statistics of random responsibilities, normalised per sample (scikit-learn's "random"),
     * about the given centres: one generator per chunk, seeded from the chunk's index, so the
     * draws do not depend on who runs which chunk.
     */
    record RandomResponsibilities(long seed, double[] centers, boolean fullMoments)
            implements ChunkedSamples.Task<Chunk, SufficientStatistics> {
        private static final long serialVersionUID = 1L;

        @Override
        public SufficientStatistics run(Chunk chunk) {
            Samples data = chunk.samples;
            int d = data.dimension();
            int k = centers.length / d;
            double[] x = data.values();
            SplittableRandom rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (chunk.index + 1)));
            SufficientStatistics stats = new SufficientStatistics(k, d, fullMoments);
            double[] resp = new double[k];
            double[] diff = new double[d];
            for (int n = chunk.from; n < chunk.to; n++) {
                double w = data.weight(n);
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    resp[c] = rng.nextDouble();
                    sum += resp[c];
                }
                if (w == 0) {
                    continue;
                }
                for (int c = 0; c < k; c++) {
                    resp[c] *= w / sum;
                }
                stats.weight += w;
                stats.addSample(x, n * d, resp, centers, diff);
            }
            return stats;
        }
    }
}
