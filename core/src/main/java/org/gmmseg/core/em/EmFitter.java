package org.gmmseg.core.em;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.DegenerateComponentException;
import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.NonFiniteLikelihoodException;
import org.gmmseg.core.Samples;
import org.gmmseg.core.init.KMeans;
import org.gmmseg.core.init.Seeding;

/**
 * Fits a Gaussian mixture by EM (docs/em-derivation.md). Each iteration is one pass over the data
 * in fixed chunks: the E-step responsibilities (eq. 5, in log space) are folded straight into
 * per-chunk {@link SufficientStatistics}, which are merged in chunk order and turned into the next
 * model by the {@link MStep}. No N x K responsibility matrix is kept, and results are
 * bit-identical for any thread count.
 *
 * <p>The driver follows scikit-learn's {@code BaseMixture.fit}: restarts, the lower bound starting
 * at minus infinity, iteration until |change| &lt; tol of the mean log-likelihood per sample, the
 * best restart kept. Instances hold the data and worker buffers for one fit; not thread-safe.
 *
 * <p>The {@link FitOptions#monitor() monitor} hears of every iteration and is asked before each
 * iteration, each k-means iteration and each k-means++ centre whether to stop; it never changes a
 * result.
 *
 * <p>The passes can also run on chunks held elsewhere ({@link EStepChunks}), e.g. on a cluster:
 * the same loop, with the chunks' statistics merged here in the same order.
 */
public final class EmFitter implements AutoCloseable {
    private final Samples data;
    private final FitOptions options;
    private final CovarianceType type;
    private final int k;
    private final int d;
    /** What the M-step adds to each covariance diagonal entry: regCovar times the feature's scale. */
    private final double[] reg;
    private final ChunkedExecutor executor;
    private final SufficientStatistics[] chunkStats;
    private final SufficientStatistics merged;
    private final PackedSamples packed;
    private final EStepKernel[] workerKernels;
    private final double[][] workerResp;
    private final double[][] workerDiff;
    private final int[][] workerNearest;
    /** Where the EM passes run when the samples are held elsewhere; null: on {@link #data}, here. */
    private final EStepChunks.Pass pass;

    private EmFitter(Samples data, FitOptions options, EStepChunks.Pass pass) {
        this.data = data;
        this.options = options;
        this.pass = pass;
        this.type = options.covarianceType();
        this.k = options.components();
        this.d = data.dimension();
        this.reg = options.regScale().added(options.regCovar(), d);
        this.executor = new ChunkedExecutor(data.size(), options.threads());
        boolean fullMoments = type == CovarianceType.FULL || type == CovarianceType.TIED;
        this.chunkStats = new SufficientStatistics[executor.chunks()];
        for (int c = 0; c < chunkStats.length; c++) {
            chunkStats[c] = new SufficientStatistics(k, d, fullMoments);
        }
        this.merged = new SufficientStatistics(k, d, fullMoments);
        this.packed = new PackedSamples(data);
        int workers = executor.workers();
        // its nearest-centre search is used only to start from centres, not from a given model
        this.workerKernels = EStepKernel.forFit(workers, k, d, fullMoments, packed.blocks, options.initialModel() == null);
        this.workerResp = new double[workers][k];
        this.workerDiff = new double[workers][d];
        this.workerNearest = new int[workers][EStepKernel.LANES];
    }

    /**
     * Fits a mixture to the samples.
     *
     * @throws GmmException on degenerate input (no samples, fewer distinct samples than K, a
     *     warm-start model of another dimension); the message names the problem and the fixes
     * @throws DegenerateComponentException when a component collapses
     * @throws NonFiniteLikelihoodException when the log-likelihood becomes infinite or NaN
     * @throws java.util.concurrent.CancellationException when the monitor cancelled the fit
     */
    public static FitResult fit(Samples data, FitOptions options) {
        validate(data, options);
        try (EmFitter fitter = new EmFitter(data, options, null)) {
            return fitter.run();
        }
    }

    /**
     * Fits a mixture to samples held elsewhere: the initialisation runs here on {@code initial}
     * (as {@link #fit(Samples, FitOptions)} runs it), every EM pass on the pass's chunks, whose
     * statistics are merged here in chunk order. When {@code initial} holds the very samples of
     * the pass, in order, the result is bit-identical to {@code fit(initial, options)}.
     *
     * @param initial the samples the initialisation sees (all of them, or a sample of them); not
     *     used with a warm start but for its dimension
     * @throws GmmException on degenerate input, as {@link #fit(Samples, FitOptions)}
     */
    public static FitResult fit(Samples initial, EStepChunks.Pass pass, FitOptions options) {
        if (pass.size() == 0 || !(pass.totalWeight() > 0)) {
            throw new GmmException("no samples to fit (empty data or all weights zero)");
        }
        validate(initial, options);
        try (EmFitter fitter = new EmFitter(initial, options, pass)) {
            return fitter.run();
        }
    }

    /** A fitter holding the data and buffers, for stepping EM by hand (benchmarks); close it after. */
    static EmFitter open(Samples data, FitOptions options) {
        validate(data, options);
        return new EmFitter(data, options, null);
    }

    /** One EM iteration from the given model: the fused E-step, then the M-step (eqs. 7, 8, 11). */
    GaussianMixture iterate(GaussianMixture model) {
        eStep(model, true);
        return MStep.apply(merged, model.meansFlat(), type, reg);
    }

    /**
     * The E-step kernel fits run on in this JVM: SIMD where the Vector API module is loaded, else
     * scalar. Both give the same bits; only speed differs.
     */
    public static String kernelDescription() {
        return VectorSupport.description();
    }

    private static void validate(Samples data, FitOptions options) {
        int k = options.components();
        if (data.size() == 0 || !(data.totalWeight() > 0)) {
            throw new GmmException("no samples to fit (empty data or all weights zero)");
        }
        options.regScale().requireDimension(data.dimension());
        GaussianMixture init = options.initialModel();
        if (init != null && init.dimension() != data.dimension()) {
            throw new GmmException("the initial model has D=" + init.dimension() + " features but the data have "
                    + data.dimension());
        }
        if (init == null && !data.hasDistinctRows(k)) {
            int distinct = data.distinctRows(k);
            throw new GmmException("only " + distinct + " distinct sample" + (distinct == 1 ? "" : "s") + " for K=" + k
                    + " components; use at most " + distinct + (distinct == 1 ? " component" : " components"));
        }
    }

    private FitResult run() {
        FitMonitor monitor = options.monitor();
        SplittableRandom rng = new SplittableRandom(options.seed());
        int restarts = options.initialModel() != null ? 1 : options.nInit();
        double[] restartBounds = new double[restarts];
        GaussianMixture best = null;
        double bestBound = Double.NEGATIVE_INFINITY;
        double[] bestTrace = null;
        boolean bestConverged = false;
        int bestRestart = 0;
        for (int r = 0; r < restarts; r++) {
            long restartSeed = rng.nextLong();
            GaussianMixture model = initialModel(restartSeed);
            double lowerBound = Double.NEGATIVE_INFINITY;
            List<Double> trace = new ArrayList<>();
            boolean converged = false;
            for (int it = 1; it <= options.maxIter(); it++) {
                monitor.throwIfCancelled();
                double previous = lowerBound;
                eStep(model, true);
                lowerBound = merged.meanLogLikelihood();
                if (!Double.isFinite(lowerBound)) {
                    throw new NonFiniteLikelihoodException("the log-likelihood became " + lowerBound + " at iteration " + it
                            + "; rescale the features or use a larger regCovar");
                }
                monitor.iteration(new FitMonitor.Iteration(k, type, r + 1, restarts, it, options.maxIter(), lowerBound,
                        lowerBound - previous));
                // the kernel took the sums about the model's means
                model = MStep.apply(merged, model.meansFlat(), type, reg);
                trace.add(lowerBound);
                if (Math.abs(lowerBound - previous) < options.tol()) {
                    converged = true;
                    break;
                }
            }
            restartBounds[r] = lowerBound;
            if (best == null || lowerBound > bestBound) {
                best = model;
                bestBound = lowerBound;
                bestTrace = trace.stream().mapToDouble(Double::doubleValue).toArray();
                bestConverged = converged;
                bestRestart = r;
            }
        }
        List<String> warnings = new ArrayList<>();
        if (!bestConverged) {
            warnings.add("EM did not converge in " + options.maxIter() + " iterations (the mean log-likelihood still "
                    + "changed by more than tol=" + options.tol() + "); increase the iteration limit or the tolerance, "
                    + "or check the data");
        }
        // final pass: the log-likelihood of the returned model, as scikit-learn's score(X)
        eStep(best, false);
        return new FitResult(best, bestConverged, bestTrace.length, bestTrace, merged.meanLogLikelihood(),
                bestRestart, restartBounds, pass == null ? data.totalWeight() : pass.totalWeight(), warnings);
    }

    /** The starting model of a restart: the warm-start model, or one M-step from the initial assignment. */
    private GaussianMixture initialModel(long seed) {
        if (options.initialModel() != null) {
            return options.initialModel();
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Runnable checkpoint = options.monitor()::throwIfCancelled;
        double[] centers;
        switch (options.initialization()) {
            case KMEANS -> centers = KMeans.lloyd(data, Seeding.kMeansPlusPlus(data, k, rng, checkpoint), executor,
                    KMeans.DEFAULT_MAX_ITER, KMeans.DEFAULT_TOL, this::assignToNearestUnlessCancelled);
            case KMEANS_PLUS_PLUS -> centers = Seeding.kMeansPlusPlus(data, k, rng, checkpoint);
            case RANDOM_FROM_DATA -> centers = Seeding.randomFromData(data, k, rng);
            case RANDOM -> {
                return randomResponsibilities(rng.nextLong());
            }
            default -> throw new IllegalStateException(options.initialization().toString());
        }
        hardAssignment(centers);
        return MStep.apply(merged, centers, type, reg);
    }

    /**
     * E-step pass (eq. 5 in log space, with log-sum-exp) fused with the sums of the M-step, by the
     * {@link EStepKernel}, accumulating into {@link #merged}.
     *
     * @param moments false to compute only the log-likelihood
     */
    private void eStep(GaussianMixture model, boolean moments) {
        if (pass != null) {
            SufficientStatistics[] stats = pass.statistics(EStepChunks.Model.of(model), moments);
            if (stats.length != EStepChunks.chunks(pass.size())) {
                throw new IllegalStateException(stats.length + " chunk statistics for " + pass.size() + " samples");
            }
            merged.reset();
            for (SufficientStatistics s : stats) {
                merged.merge(s);
            }
            return;
        }
        KernelModel kernelModel = new KernelModel(model);
        executor.forEachChunk((chunk, from, to, worker) ->
                workerKernels[worker].chunkStatistics(packed, from, to, kernelModel, moments, chunkStats[chunk]));
        mergeChunks();
    }

    /** Statistics of the hard assignment of every sample to its nearest centre. */
    private void hardAssignment(double[] centers) {
        double[] x = data.values();
        executor.forEachChunk((chunk, from, to, worker) -> {
            SufficientStatistics stats = chunkStats[chunk];
            stats.reset();
            double[] resp = workerResp[worker];
            double[] diff = workerDiff[worker];
            int[] labels = workerNearest[worker];
            for (int b = from / EStepKernel.LANES; b * EStepKernel.LANES < to; b++) {
                workerKernels[worker].nearest(packed.values, b * d * EStepKernel.LANES, centers, labels);
                for (int l = 0; l < EStepKernel.LANES; l++) {
                    int n = b * EStepKernel.LANES + l;
                    double w = packed.weights[n];
                    if (w == 0) {
                        continue; // also the padding
                    }
                    java.util.Arrays.fill(resp, 0);
                    resp[labels[l]] = w;
                    stats.weight += w;
                    stats.addSample(x, n * d, resp, centers, diff);
                }
            }
        });
        mergeChunks();
    }

    /** {@link #assignToNearest}, after asking the monitor once per k-means iteration whether to stop. */
    private void assignToNearestUnlessCancelled(int from, int to, int worker, double[] centers, double[] sums,
            double[] counts) {
        if (from == 0) {
            options.monitor().throwIfCancelled();
        }
        assignToNearest(from, to, worker, centers, sums, counts);
    }

    /** k-means' assignment step with the kernel's nearest-centre search ({@link KMeans.Assignment}). */
    private void assignToNearest(int from, int to, int worker, double[] centers, double[] sums, double[] counts) {
        final int lanes = EStepKernel.LANES;
        double[] x = packed.values; // the block nearest() just read, still in cache: x_nj at xb + j * lanes + l
        int[] labels = workerNearest[worker];
        for (int b = from / lanes; b * lanes < to; b++) {
            int xb = b * d * lanes;
            workerKernels[worker].nearest(x, xb, centers, labels);
            for (int l = 0; l < lanes; l++) {
                double w = packed.weights[b * lanes + l];
                if (w == 0) {
                    continue;
                }
                int c = labels[l];
                counts[c] += w;
                for (int j = 0; j < d; j++) {
                    sums[c * d + j] += w * x[xb + j * lanes + l];
                }
            }
        }
    }

    /** Initial model from random responsibilities, normalised per sample (sklearn's "random"). */
    private GaussianMixture randomResponsibilities(long seed) {
        double[] x = data.values();
        // every centre at the weighted data mean: only a numerical reference point for the sums
        double[] centers = new double[k * d];
        double total = data.totalWeight();
        for (int n = 0; n < data.size(); n++) {
            double w = data.weight(n) / total;
            for (int j = 0; j < d; j++) {
                centers[j] += w * x[n * d + j];
            }
        }
        for (int c = 1; c < k; c++) {
            System.arraycopy(centers, 0, centers, c * d, d);
        }
        executor.forEachChunk((chunk, from, to, worker) -> {
            // one generator per chunk, seeded from the chunk index: independent of the thread count
            SplittableRandom rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (chunk + 1)));
            SufficientStatistics stats = chunkStats[chunk];
            stats.reset();
            double[] resp = workerResp[worker];
            double[] diff = workerDiff[worker];
            for (int n = from; n < to; n++) {
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
        });
        mergeChunks();
        return MStep.apply(merged, centers, type, reg);
    }

    private void mergeChunks() {
        merged.reset();
        for (SufficientStatistics s : chunkStats) {
            merged.merge(s);
        }
    }

    @Override
    public void close() {
        executor.close();
    }
}
