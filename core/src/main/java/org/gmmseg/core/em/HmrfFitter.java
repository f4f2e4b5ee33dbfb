package org.gmmseg.core.em;

import java.util.Arrays;

import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.NonFiniteLikelihoodException;

/**
 * HMRF-EM: EM for a Gaussian mixture whose labels follow a Potts prior over the pixel grid's
 * neighbourhood ({@link PixelGrid}), with the mean-field E-step (docs/em-derivation.md, eqs.
 * 24-29, section 10a). Started from a fitted mixture (the plain fit on de-duplicated samples), it sweeps over
 * the image's pixels in order:
 * <ul>
 * <li>E-step (eq. 26): gamma_nk proportional to pi_k N(x_n | mu_k, Sigma_k) exp(BETA f_nk), with
 *     the field f_nk = sum over neighbours m of w_a gamma_mk taken from the previous sweep's
 *     responsibilities (a synchronous update: every pixel sees the same old field, so the result
 *     does not depend on the order or the number of threads);</li>
 * <li>M-step: mu_k and Sigma_k by eqs. 7 and 8 with these gammas; pi_k is kept from the starting
 *     model as the Potts prior's external field (eq. 27).</li>
 * </ul>
 * Sweep 0 is the starting model's plain responsibilities (eq. 5). The sweeps stop when at most
 * {@link HmrfOptions#labelTol()} of the pixels change label, when the objective per pixel (eq. 28)
 * changes by less than {@link HmrfOptions#tol()}, or after {@link HmrfOptions#maxSweeps()}.
 *
 * <p>The data term is the E-step kernel's ({@link EStepKernel#logProbabilities}); the field is
 * added to its log-probabilities and the kernel's own exponentiation and moment sums do the rest,
 * tile by tile, in the fixed chunks of {@link ChunkedExecutor} merged in chunk order, so results
 * are bit-identical for any thread count. The responsibilities are held as K float planes (the
 * kernel's component-major order, so the field, the store and the argmax are plain loops over
 * pixels); memory: two sets of them (previous and current sweep) and a short label per pixel
 * besides the features, 8 K + 2 bytes a pixel; per worker a tile of buffers.
 *
 * <p>Not thread-safe; one fit per call.
 */
public final class HmrfFitter {
    private static final int LANES = EStepKernel.LANES;
    private static final int TS = EStepKernel.TILE_SAMPLES;
    /** Labels are held as shorts, -1 at excluded pixels. */
    static final int MAX_COMPONENTS = Short.MAX_VALUE;

    private final PixelGrid grid;
    private final PixelFeatures features;
    private final HmrfOptions options;
    private final int n;
    private final int k;
    private final int d;
    private final CovarianceType type;
    private final ChunkedExecutor executor;
    private final Worker[] workers;
    private final SufficientStatistics[] chunkStats;
    /** Per chunk: sum_n sum_k gamma_nk f_nk (this sweep's gammas, the old field). */
    private final double[] chunkCross;
    /** Per chunk: sum_n sum_k gamma'_nk f_nk (the old gammas and their own field). */
    private final double[] chunkPairs;
    private final long[] chunkChanged;
    private final SufficientStatistics merged;
    /** gamma_nk of the last sweep and of this one: component k's plane, pixel n at [k][n]. */
    private float[][] previous;
    private float[][] current;
    /** The argmax of {@link #current} per pixel, -1 at excluded pixels. */
    private final short[] labels;

    private HmrfFitter(GaussianMixture start, PixelGrid grid, PixelFeatures features, HmrfOptions options) {
        this.grid = grid;
        this.features = features;
        this.options = options;
        this.n = grid.pixels();
        this.k = start.components();
        this.d = start.dimension();
        this.type = start.covarianceType();
        if (features.pixels() != n) {
            throw new GmmException("a grid of " + n + " pixels needs their features, got " + features.pixels());
        }
        features.fillExcluded();
        if (k > MAX_COMPONENTS) {
            throw new GmmException("an MRF takes at most " + MAX_COMPONENTS + " components, got K=" + k);
        }
        this.executor = new ChunkedExecutor(n, options.threads());
        boolean full = type == CovarianceType.FULL || type == CovarianceType.TIED;
        this.workers = new Worker[executor.workers()];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(EStepKernel.create(k, d, full));
        }
        int chunks = executor.chunks();
        this.chunkStats = new SufficientStatistics[chunks];
        for (int c = 0; c < chunks; c++) {
            chunkStats[c] = new SufficientStatistics(k, d, full);
        }
        this.chunkCross = new double[chunks];
        this.chunkPairs = new double[chunks];
        this.chunkChanged = new long[chunks];
        this.merged = new SufficientStatistics(k, d, full);
        this.current = new float[k][n];
        this.labels = new short[n];
    }

    /**
     * Runs HMRF-EM from a fitted mixture over the pixels of a grid.
     *
     * @param start the plain fit; its weights pi_k stay as the prior's external field
     * @throws GmmException when the features do not match the model or K is too large
     * @throws NonFiniteLikelihoodException when the objective becomes infinite or NaN
     * @throws java.util.concurrent.CancellationException when the monitor cancelled
     */
    public static HmrfResult fit(GaussianMixture start, PixelGrid grid, PixelFeatures features, HmrfOptions options) {
        if (features.dimension() != start.dimension()) {
            throw new GmmException("the model has D=" + start.dimension() + " features but the pixels have "
                    + features.dimension());
        }
        HmrfFitter fitter = new HmrfFitter(start, grid, features, options);
        try {
            return fitter.run(start);
        } finally {
            fitter.executor.close();
        }
    }

    /**
     * A fitter with sweep 0 done from {@code start}, for stepping by hand (benchmarks); close its
     * executor with {@link #close}.
     */
    static HmrfFitter open(GaussianMixture start, PixelGrid grid, PixelFeatures features, HmrfOptions options) {
        HmrfFitter fitter = new HmrfFitter(start, grid, features, options);
        fitter.sweep(new KernelModel(start), 0, false, false);
        fitter.previous = new float[fitter.k][fitter.n];
        return fitter;
    }

    /** One sweep with the field of the last one, then the M-step: what {@link #run} does per sweep. */
    GaussianMixture step(GaussianMixture model) {
        swap();
        sweep(new KernelModel(model), options.beta(), true, true);
        return MStep.apply(merged, model.meansFlat(), type, options.regCovar());
    }

    void close() {
        executor.close();
    }

    private void swap() {
        float[][] t = previous;
        previous = current;
        current = t;
    }

    private HmrfResult run(GaussianMixture start) {
        FitMonitor monitor = options.monitor();
        KernelModel kernelModel = new KernelModel(start);
        Sweep zero = sweep(kernelModel, 0, false, false);
        double beta = options.beta();
        if (options.autoBeta()) {
            beta = PottsBeta.estimate(labels, k, grid, start.weights(), executor).beta();
        }
        if (beta == 0) {
            return new HmrfResult(start, current, labels, 0, options.autoBeta(), 0, true, new double[0], new long[0]);
        }
        previous = new float[k][n];
        double[] objective = new double[options.maxSweeps()];
        long[] changed = new long[options.maxSweeps()];
        GaussianMixture model = start;
        Sweep last = zero;
        boolean converged = false;
        int sweeps = 0;
        double valid = zero.stats.totalWeight();
        while (sweeps < options.maxSweeps()) {
            monitor.throwIfCancelled();
            swap();
            Sweep s = sweep(kernelModel, beta, true, options.updateModel());
            // eq. 28 for the previous sweep's gammas: its log-normalisers, minus the field it saw, plus its own pairs
            double f = (last.logZ - last.beta * last.cross + 0.5 * last.beta * s.pairs) / valid;
            if (!Double.isFinite(f)) {
                throw new NonFiniteLikelihoodException("the MRF objective became " + f + " at sweep " + (sweeps + 1)
                        + "; rescale the features or use a larger regCovar");
            }
            objective[sweeps] = f;
            changed[sweeps] = s.changed;
            sweeps++;
            double change = sweeps > 1 ? f - objective[sweeps - 2] : Double.POSITIVE_INFINITY;
            monitor.iteration(new FitMonitor.Iteration(k, type, 1, 1, sweeps, options.maxSweeps(), f, change));
            last = s;
            if (s.changed <= options.labelTol() * valid || Math.abs(change) < options.tol()) {
                converged = true;
                break;
            }
            if (options.autoBeta()) {
                // the smoother labels of each sweep give a better estimate than the plain fit's noisy ones
                beta = PottsBeta.estimate(labels, k, grid, start.weights(), executor).beta();
            }
            if (sweeps < options.maxSweeps() && options.updateModel()) {
                GaussianMixture m = MStep.apply(merged, model.meansFlat(), type, options.regCovar());
                model = GaussianMixture.ofFlat(type, k, d, start.weights(), m.meansFlat(), m.covariancesFlat());
                kernelModel = new KernelModel(model);
            }
        }
        previous = null;
        return new HmrfResult(model, current, labels, last.beta, options.autoBeta(), sweeps, converged,
                Arrays.copyOf(objective, sweeps), Arrays.copyOf(changed, sweeps));
    }

    /** The merged sums of one sweep. */
    private record Sweep(SufficientStatistics stats, double beta, double logZ, double cross, double pairs,
            long changed) {
    }

    /**
     * One sweep over all pixels into {@link #current} and {@link #labels}, with the field of
     * {@link #previous} when {@code field}; the moments about the model's means into {@link #merged}
     * when {@code moments}.
     */
    private Sweep sweep(KernelModel model, double beta, boolean field, boolean moments) {
        executor.forEachChunk((chunk, from, to, worker) ->
                workers[worker].chunk(chunk, from, to, model, beta, field, moments));
        merged.reset();
        double cross = 0;
        double pairs = 0;
        long changed = 0;
        for (int c = 0; c < chunkStats.length; c++) {
            merged.merge(chunkStats[c]);
            cross += chunkCross[c];
            pairs += chunkPairs[c];
            changed += chunkChanged[c];
        }
        return new Sweep(merged, beta, merged.logLikelihoodSum(), cross, pairs, changed);
    }

    /** One worker's kernel and tile buffers, allocated once. */
    private final class Worker {
        final EStepKernel kernel;
        final int step;
        final double[] block;
        final double[] weights;
        /** f_nk of the tile's samples at [c * TILE_SAMPLES + s], as the kernel's log-probabilities. */
        final float[] field;
        /** Zeros standing in for the neighbours of a grid's edge. */
        final float[] zeros;
        /** Lane sums (sample s of a tile to lane s mod 8) of the pairs and cross products of a chunk. */
        final double[] pairLanes = new double[LANES];
        final double[] crossLanes = new double[LANES];
        final int[] position;
        /** The grid's sizes, sizes - 1, strides and weights, copied for the inner loops. */
        final int[] sizes;
        final int[] last;
        final int[] strides;
        final float[] axisWeights;

        Worker(EStepKernel kernel) {
            this.kernel = kernel;
            this.step = kernel.tile * LANES;
            this.block = new double[step * d];
            this.weights = new double[step];
            this.field = new float[k * TS];
            this.zeros = new float[TS];
            int axes = grid.axes();
            this.position = new int[axes];
            this.sizes = new int[axes];
            this.last = new int[axes];
            this.strides = new int[axes];
            this.axisWeights = new float[axes];
            for (int a = 0; a < axes; a++) {
                sizes[a] = grid.size(a);
                last[a] = sizes[a] - 1;
                strides[a] = grid.stride(a);
                axisWeights[a] = (float) grid.weight(a);
            }
        }

        void chunk(int chunk, int from, int to, KernelModel model, double beta, boolean withField, boolean moments) {
            kernel.resetSums(moments);
            Arrays.fill(pairLanes, 0);
            Arrays.fill(crossLanes, 0);
            long changed = 0;
            for (int s0 = from; s0 < to; ) {
                int size = step;
                if (kernel.warmUpTiles > 0) {
                    kernel.warmUpTiles--;
                    size = LANES;
                }
                int count = Math.min(size, to - s0);
                int blocks = (count + LANES - 1) / LANES;
                load(s0, count);
                kernel.logProbabilities(block, 0, blocks, model);
                if (withField) {
                    addField(s0, count, beta);
                }
                kernel.exponentiate(blocks);
                kernel.likelihood(weights, 0, blocks);
                if (moments) {
                    kernel.moments(block, 0, blocks, model);
                }
                if (withField) {
                    kernel.storeResponsibilities(0, count, current, s0, field, crossLanes);
                } else {
                    storePlain(s0, count);
                }
                changed += relabel(s0, count);
                s0 += count;
            }
            SufficientStatistics stats = chunkStats[chunk];
            stats.reset();
            kernel.foldSums(moments, stats);
            chunkCross[chunk] = laneSum(crossLanes);
            chunkPairs[chunk] = laneSum(pairLanes);
            chunkChanged[chunk] = changed;
        }

        /** Adds BETA f_nk to the tile's log-probabilities (eq. 26) and the old gammas' pairs to their lanes. */
        private void addField(int s0, int count, double beta) {
            fields(s0, count);
            kernel.addField(0, count, beta, field, previous, s0, pairLanes);
        }

        /** Sweep 0's gamma_nk into {@link #current}: eq. 5, divided as MixtureEvaluator.predictProba divides. */
        private void storePlain(int s0, int count) {
            double[] e = kernel.logProb;
            double[] sums = kernel.sumBuf;
            for (int c = 0; c < k; c++) {
                float[] cur = current[c];
                for (int s = 0; s < count; s++) {
                    cur[s0 + s] = weights[s] != 0 ? (float) (e[c * TS + s] / sums[s]) : 0f;
                }
            }
        }

        /** The tile's labels ({@link EStepKernel#labels}) into {@link #labels}; returns how many changed. */
        private int relabel(int s0, int count) {
            kernel.labels(0, count);
            double[] in = kernel.labelBuf;
            short[] out = labels;
            int changed = 0;
            for (int s = 0; s < count; s++) {
                short label = (short) in[s];
                changed += out[s0 + s] != label ? 1 : 0;
                out[s0 + s] = label;
            }
            return changed;
        }

        /** The features of pixels s0..s0+count into the kernel's blocks, widened; their weights 1 or 0. */
        private void load(int s0, int count) {
            int padded = (count + LANES - 1) / LANES * LANES;
            kernel.widen(features.values, s0 * d, block, 0, padded * d);
            boolean[] ok = features.valid;
            for (int s = 0; s < count; s++) {
                weights[s] = ok == null || ok[s0 + s] ? 1 : 0;
            }
            Arrays.fill(weights, count, padded, 0);
        }

        /**
         * f_nk = sum over the axes a of w_a (gamma_(lower neighbour)k + gamma_(upper neighbour)k),
         * previous sweep, a missing neighbour counting 0, for pixels s0..s0+count: row run by row
         * run, so that every inner loop is a plain stencil over the planes.
         */
        private void fields(int s0, int count) {
            int axes = sizes.length;
            int[] pos = position;
            int rest = s0;
            for (int a = 0; a < axes; a++) {
                pos[a] = rest % sizes[a];
                rest /= sizes[a];
            }
            for (int s = 0; s < count; ) {
                int len = Math.min(sizes[0] - pos[0], count - s);
                for (int c = 0; c < k; c++) {
                    run(previous[c], c * TS + s, s0 + s, len, pos[0]);
                }
                s += len;
                pos[0] += len;
                for (int a = 0; a < axes - 1 && pos[a] == sizes[a]; a++) {
                    pos[a] = 0;
                    pos[a + 1]++;
                }
            }
        }

        /**
         * The field of one component for pixels n..n+len of one row, starting at x, into
         * field[o..o+len): floats, as the responsibilities it sums.
         */
        private void run(float[] p, int o, int n, int len, int x) {
            float[] f = field;
            float w = axisWeights[0];
            boolean first = x == 0;
            boolean end = x + len - 1 == last[0];
            int from = first ? 1 : 0;
            int to = end ? len - 1 : len;
            if (to > from) {
                kernel.neighbourSum(p, n + from - 1, p, n + from + 1, w, f, o + from, to - from, false);
            }
            if (first) {
                f[o] = w * (0f + (len > 1 || !end ? p[n + 1] : 0f));
            }
            if (end && (len > 1 || !first)) {
                f[o + len - 1] = w * (p[n + len - 2] + 0f);
            }
            for (int a = 1; a < sizes.length; a++) {
                float wa = axisWeights[a];
                if (wa == 0) {
                    continue;
                }
                int stride = strides[a];
                boolean lower = position[a] > 0;
                boolean upper = position[a] < last[a];
                if (lower || upper) {
                    // a missing neighbour adds 0 from the zeros
                    kernel.neighbourSum(p, n + (lower ? -stride : stride), upper && lower ? p : zeros,
                            upper && lower ? n + stride : 0, wa, f, o, len, true);
                }
            }
        }
    }

    private static double laneSum(double[] lanes) {
        double s = 0;
        for (double v : lanes) {
            s += v;
        }
        return s;
    }
}
