package org.gmmseg.core.em;

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
 * are bit-identical for any thread count. Memory: two float buffers of N x K responsibilities
 * (previous and current sweep) besides the features; per worker a tile of buffers.
 *
 * <p>Not thread-safe; one fit per call.
 */
public final class HmrfFitter {
    private static final int LANES = EStepKernel.LANES;
    private static final int TS = EStepKernel.TILE_SAMPLES;

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
    private float[] previous;
    private float[] current;

    private HmrfFitter(GaussianMixture start, PixelGrid grid, PixelFeatures features, HmrfOptions options) {
        this.grid = grid;
        this.features = features;
        this.options = options;
        this.n = grid.pixels();
        this.k = start.components();
        this.d = start.dimension();
        this.type = start.covarianceType();
        if ((long) n * k > Integer.MAX_VALUE - 8) {
            throw new GmmException("an MRF over " + n + " pixels with K=" + k + " needs more than 2^31 responsibilities;"
                    + " segment the image in parts or with fewer components");
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
        this.current = new float[n * k];
    }

    /**
     * Runs HMRF-EM from a fitted mixture over the pixels of a grid.
     *
     * @param start the plain fit; its weights pi_k stay as the prior's external field
     * @throws GmmException when the features do not match the model or the grid is too large
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
        fitter.previous = new float[fitter.n * fitter.k];
        return fitter;
    }

    /** One sweep with the field of the last one, then the M-step: what {@link #run} does per sweep. */
    GaussianMixture step(GaussianMixture model) {
        float[] swap = previous;
        previous = current;
        current = swap;
        sweep(new KernelModel(model), options.beta(), true, true);
        return MStep.apply(merged, model.meansFlat(), type, options.regCovar());
    }

    void close() {
        executor.close();
    }

    private HmrfResult run(GaussianMixture start) {
        FitMonitor monitor = options.monitor();
        KernelModel kernelModel = new KernelModel(start);
        Sweep zero = sweep(kernelModel, 0, false, false);
        double beta = options.beta();
        if (options.autoBeta()) {
            beta = PottsBeta.estimate(current, k, grid, start.weights(), executor).beta();
        }
        if (beta == 0) {
            return new HmrfResult(start, current, 0, options.autoBeta(), 0, true, new double[0], new long[0]);
        }
        previous = new float[n * k];
        double[] objective = new double[options.maxSweeps()];
        long[] changed = new long[options.maxSweeps()];
        GaussianMixture model = start;
        Sweep last = zero;
        boolean converged = false;
        int sweeps = 0;
        double valid = zero.stats.totalWeight();
        while (sweeps < options.maxSweeps()) {
            monitor.throwIfCancelled();
            float[] swap = previous;
            previous = current;
            current = swap;
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
                beta = PottsBeta.estimate(current, k, grid, start.weights(), executor).beta();
            }
            if (sweeps < options.maxSweeps() && options.updateModel()) {
                GaussianMixture m = MStep.apply(merged, model.meansFlat(), type, options.regCovar());
                model = GaussianMixture.ofFlat(type, k, d, start.weights(), m.meansFlat(), m.covariancesFlat());
                kernelModel = new KernelModel(model);
            }
        }
        previous = null;
        return new HmrfResult(model, current, last.beta, options.autoBeta(), sweeps, converged,
                java.util.Arrays.copyOf(objective, sweeps), java.util.Arrays.copyOf(changed, sweeps));
    }

    /** The merged sums of one sweep. */
    private record Sweep(SufficientStatistics stats, double beta, double logZ, double cross, double pairs,
            long changed) {
    }

    /**
     * One sweep over all pixels into {@link #current}, with the field of {@link #previous} when
     * {@code field}; the moments about the model's means into {@link #merged} when {@code moments}.
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

    /** The index of the largest of a[o..o+K) minus o; -1 when none is positive (an excluded pixel). */
    static int argmax(float[] a, int o, int count) {
        int best = -1;
        float bestValue = 0;
        for (int c = 0; c < count; c++) {
            float v = a[o + c];
            // selects, not branches: on noisy images the winner is unpredictable
            boolean higher = v > bestValue;
            best = higher ? c : best;
            bestValue = higher ? v : bestValue;
        }
        return best;
    }

    /** One worker's kernel and tile buffers, allocated once. */
    private final class Worker {
        final EStepKernel kernel;
        final int step;
        final double[] rows;
        final boolean[] valid;
        final double[] block;
        final double[] weights;
        /** f_nk of the tile's samples at [c * step + s]. */
        final double[] field;
        final int[] position;
        /** The grid's sizes, sizes - 1 and strides, copied for the inner loops. */
        final int[] sizes;
        final int[] last;
        final int[] strides;
        /** w_a of each side (2a: the lower neighbour, 2a + 1: the upper), and each tile pixel's neighbours. */
        final double[] sideWeights;
        final int[] neighbours;

        Worker(EStepKernel kernel) {
            this.kernel = kernel;
            this.step = kernel.tile * LANES;
            this.rows = new double[step * d];
            this.valid = new boolean[step];
            this.block = new double[step * d];
            this.weights = new double[step];
            this.field = new double[k * step];
            this.position = new int[grid.axes()];
            this.sizes = new int[grid.axes()];
            this.last = new int[grid.axes()];
            this.strides = new int[grid.axes()];
            this.sideWeights = new double[2 * grid.axes()];
            this.neighbours = new int[2 * grid.axes() * step];
            for (int a = 0; a < sizes.length; a++) {
                sizes[a] = grid.size(a);
                last[a] = sizes[a] - 1;
                strides[a] = grid.stride(a);
                sideWeights[2 * a] = grid.weight(a);
                sideWeights[2 * a + 1] = grid.weight(a);
            }
        }

        void chunk(int chunk, int from, int to, KernelModel model, double beta, boolean withField, boolean moments) {
            kernel.resetSums(moments);
            double cross = 0;
            double pairs = 0;
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
                    fields(s0, count);
                    pairs = addField(s0, count, beta, pairs);
                }
                kernel.exponentiate(blocks);
                kernel.likelihood(weights, 0, blocks);
                if (moments) {
                    kernel.moments(block, 0, blocks, model);
                }
                if (withField) {
                    cross = store(s0, count, cross);
                    changed += changes(s0, count);
                } else {
                    storePlain(s0, count);
                }
                s0 += count;
            }
            SufficientStatistics stats = chunkStats[chunk];
            stats.reset();
            kernel.foldSums(moments, stats);
            chunkCross[chunk] = cross;
            chunkPairs[chunk] = pairs;
            chunkChanged[chunk] = changed;
        }

        /**
         * Adds BETA f_nk to the tile's log-probabilities; returns {@code pairs} plus sum_n sum_k
         * gamma'_nk f_nk (old gammas), added pixel by pixel so that tiling changes no bit.
         */
        private double addField(int s0, int count, double beta, double pairs) {
            double[] lp = kernel.logProb;
            double[] f = field;
            float[] prev = previous;
            boolean[] ok = valid;
            int kk = k;
            int st = step;
            for (int s = 0; s < count; s++) {
                if (!ok[s]) {
                    continue;
                }
                int pn = (s0 + s) * kk;
                double p = 0;
                for (int c = 0; c < kk; c++) {
                    double v = f[c * st + s];
                    lp[c * TS + s] = Math.fma(beta, v, lp[c * TS + s]);
                    p = Math.fma(prev[pn + c], v, p);
                }
                pairs += p;
            }
            return pairs;
        }

        /**
         * The tile's gamma_nk (after the kernel's exponentiation) into {@link #current}; returns
         * {@code cross} plus sum gamma_nk f_nk, added pixel by pixel.
         */
        private double store(int s0, int count, double cross) {
            double[] e = kernel.logProb;
            double[] sums = kernel.sumBuf;
            double[] f = field;
            float[] cur = current;
            boolean[] ok = valid;
            int kk = k;
            int st = step;
            for (int s = 0; s < count; s++) {
                int o = (s0 + s) * kk;
                if (!ok[s]) {
                    for (int c = 0; c < kk; c++) {
                        cur[o + c] = 0f;
                    }
                    continue;
                }
                double inverse = 1 / sums[s];
                double x = 0;
                for (int c = 0; c < kk; c++) {
                    double g = e[c * TS + s] * inverse;
                    cur[o + c] = (float) g;
                    x = Math.fma(g, f[c * st + s], x);
                }
                cross += x;
            }
            return cross;
        }

        /** Sweep 0's gamma_nk into {@link #current}: eq. 5, divided as MixtureEvaluator.predictProba divides. */
        private void storePlain(int s0, int count) {
            double[] e = kernel.logProb;
            for (int s = 0; s < count; s++) {
                int o = (s0 + s) * k;
                double sum = kernel.sumBuf[s];
                for (int c = 0; c < k; c++) {
                    current[o + c] = valid[s] ? (float) (e[c * TS + s] / sum) : 0f;
                }
            }
        }

        /** Pixels of the tile whose label (argmax) differs between the previous and the current sweep. */
        private int changes(int s0, int count) {
            int changed = 0;
            for (int s = 0; s < count; s++) {
                int o = (s0 + s) * k;
                if (valid[s] && argmax(previous, o, k) != argmax(current, o, k)) {
                    changed++;
                }
            }
            return changed;
        }

        /** Packs pixels s0..s0+count into the kernel's blocks, the padding copies of the first at weight 0. */
        private void load(int s0, int count) {
            features.read(s0, s0 + count, rows, valid);
            int padded = (count + LANES - 1) / LANES * LANES;
            int stand = firstValid(count);
            for (int s = 0; s < padded; s++) {
                boolean real = s < count && valid[s];
                int src = (real ? s : stand) * d;
                int dst = (s / LANES) * d * LANES + s % LANES;
                for (int j = 0; j < d; j++) {
                    block[dst + j * LANES] = src < 0 ? 0 : rows[src + j];
                }
                weights[s] = real ? 1 : 0;
            }
        }

        /** A valid pixel of the run to stand in for excluded ones and the padding (finite values); -1 if none. */
        private int firstValid(int count) {
            for (int s = 0; s < count; s++) {
                if (valid[s]) {
                    return s;
                }
            }
            return -1;
        }

        /**
         * f_nk = sum over the neighbours m of n of w_a gamma_mk (previous sweep) for pixels
         * s0..s0+count: first each pixel's neighbours (index times K, or -1 outside the grid), then
         * per component a sum in a register, so no store waits on the one before.
         */
        private void fields(int s0, int count) {
            int axes = sizes.length;
            int j2 = 2 * axes;
            int[] pos = position;
            int[] nb = neighbours;
            int kk = k;
            int rest = s0;
            for (int a = 0; a < axes; a++) {
                pos[a] = rest % sizes[a];
                rest /= sizes[a];
            }
            for (int s = 0; s < count; s++) {
                int pixel = s0 + s;
                for (int a = 0; a < axes; a++) {
                    nb[s * j2 + 2 * a] = pos[a] > 0 ? (pixel - strides[a]) * kk : -1;
                    nb[s * j2 + 2 * a + 1] = pos[a] < last[a] ? (pixel + strides[a]) * kk : -1;
                }
                for (int a = 0; a < axes && ++pos[a] == sizes[a]; a++) {
                    pos[a] = 0;
                }
            }
            double[] f = field;
            float[] prev = previous;
            double[] w = sideWeights;
            int st = step;
            for (int c = 0; c < kk; c++) {
                for (int s = 0; s < count; s++) {
                    double v = 0;
                    for (int j = 0; j < j2; j++) {
                        int m = nb[s * j2 + j];
                        // outside the grid: weight 0 on a stand-in index, no branch to mispredict
                        v = Math.fma(m < 0 ? 0 : w[j], prev[(m < 0 ? 0 : m) + c], v);
                    }
                    f[c * st + s] = v;
                }
            }
        }
    }
}
