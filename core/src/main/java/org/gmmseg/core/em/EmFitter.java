package org.gmmseg.core.em;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.ChunkedSamples;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.DegenerateComponentException;
import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.LocalChunks;
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
 * <p>The initialisation (k-means++ seeding, k-means, a random start) runs in passes over the same
 * chunks, merged in chunk order too ({@link Seeding}, {@link KMeans}). So the whole fit can also
 * run on chunks held elsewhere ({@link #fit(ChunkedSamples, FitOptions)}, {@link EStepChunks}),
 * e.g. on a cluster: the same loop, each pass's chunk results merged here in the same order, the
 * same bits.
 *
 * <p>The {@link FitOptions#monitor() monitor} hears of every iteration and is asked before each
 * iteration, each k-means iteration and each k-means++ centre whether to stop; it never changes a
 * result. It is called here, where the loop runs, also when the chunks are held elsewhere (the
 * tasks sent to them do not carry it).
 */
public final class EmFitter implements AutoCloseable {
    private final FitOptions options;
    private final CovarianceType type;
    private final int k;
    private final int d;
    /** What the M-step adds to each covariance diagonal entry: regCovar times the feature's scale. */
    private final double[] reg;
    private final boolean fullMoments;
    /** The samples in their chunks: windows of {@link #data} here, or chunks held elsewhere. */
    private final ChunkedSamples<EStepChunks.Chunk> chunks;
    private final SufficientStatistics merged;
    // the E-step on samples held here, with buffers per chunk and per worker; null for chunks held elsewhere
    private final Samples data;
    private final ChunkedExecutor executor;
    private final SufficientStatistics[] chunkStats;
    private final PackedSamples packed;
    private final EStepKernel[] workerKernels;

    private EmFitter(Samples data, FitOptions options) {
        this.options = options;
        this.type = options.covarianceType();
        this.k = options.components();
        this.d = data.dimension();
        this.reg = options.regScale().added(options.regCovar(), d);
        this.fullMoments = EStepChunks.fullMoments(type);
        this.data = data;
        this.executor = new ChunkedExecutor(data.size(), options.threads());
        this.chunkStats = new SufficientStatistics[executor.chunks()];
        for (int c = 0; c < chunkStats.length; c++) {
            chunkStats[c] = new SufficientStatistics(k, d, fullMoments);
        }
        this.merged = new SufficientStatistics(k, d, fullMoments);
        PackedSamples p = new PackedSamples(data);
        this.packed = p;
        // its nearest-centre search is used only to start from centres, not from a given model
        this.workerKernels = EStepKernel.forFit(executor.workers(), k, d, fullMoments, packed.blocks,
                options.initialModel() == null);
        this.chunks = new LocalChunks<>(data, executor, (c, from, to) -> EStepChunks.Chunk.window(c, data, p, from, to));
    }

    private EmFitter(ChunkedSamples<EStepChunks.Chunk> chunks, FitOptions options) {
        this.options = options;
        this.type = options.covarianceType();
        this.k = options.components();
        this.d = chunks.dimension();
        this.reg = options.regScale().added(options.regCovar(), d);
        this.fullMoments = EStepChunks.fullMoments(type);
        this.chunks = chunks;
        this.merged = new SufficientStatistics(k, d, fullMoments);
        this.data = null;
        this.executor = null;
        this.chunkStats = null;
        this.packed = null;
        this.workerKernels = null;
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
        validate(data.size(), data.totalWeight(), data.dimension(), options);
        if (options.initialModel() == null && !data.hasDistinctRows(options.components())) {
            throw tooFewDistinct(data.distinctRows(options.components()), options.components());
        }
        try (EmFitter fitter = new EmFitter(data, options)) {
            return fitter.run();
        }
    }

    /**
     * Fits a mixture to samples held in their chunks, e.g. by other machines: every pass of the
     * fit (validation, initialisation, EM) runs on the chunks, whose results are merged here in
     * chunk order. The result is bit-identical to {@link #fit(Samples, FitOptions)} on the same
     * samples in the same order. {@link FitOptions#threads()} is not used: the chunks' holder
     * decides where the passes run.
     *
     * @throws GmmException on degenerate input, as {@link #fit(Samples, FitOptions)}
     * @throws java.util.concurrent.CancellationException when the monitor cancelled the fit
     */
    public static FitResult fit(ChunkedSamples<EStepChunks.Chunk> chunks, FitOptions options) {
        validate(chunks.size(), chunks.totalWeight(), chunks.dimension(), options);
        if (options.initialModel() == null) {
            int distinct = Seeding.distinctRows(chunks, options.components());
            if (distinct < options.components()) {
                throw tooFewDistinct(distinct, options.components());
            }
        }
        try (EmFitter fitter = new EmFitter(chunks, options)) {
            return fitter.run();
        }
    }

    /** A fitter holding the data and buffers, for stepping EM by hand (benchmarks); close it after. */
    static EmFitter open(Samples data, FitOptions options) {
        validate(data.size(), data.totalWeight(), data.dimension(), options);
        return new EmFitter(data, options);
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

    private static void validate(int size, double totalWeight, int dimension, FitOptions options) {
        if (size == 0 || !(totalWeight > 0)) {
            throw new GmmException("no samples to fit (empty data or all weights zero)");
        }
        options.regScale().requireDimension(dimension);
        GaussianMixture init = options.initialModel();
        if (init != null && init.dimension() != dimension) {
            throw new GmmException("the initial model has D=" + init.dimension() + " features but the data have "
                    + dimension);
        }
    }

    private static GmmException tooFewDistinct(int distinct, int k) {
        return new GmmException("only " + distinct + " distinct sample" + (distinct == 1 ? "" : "s") + " for K=" + k
                + " components; use at most " + distinct + (distinct == 1 ? " component" : " components"));
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
                bestRestart, restartBounds, chunks.totalWeight(), warnings);
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
            case KMEANS -> centers = KMeans.lloyd(chunks, Seeding.kMeansPlusPlus(chunks, k, rng, checkpoint),
                    KMeans.DEFAULT_MAX_ITER, KMeans.DEFAULT_TOL, EStepChunks.Assignment::new, checkpoint);
            case KMEANS_PLUS_PLUS -> centers = Seeding.kMeansPlusPlus(chunks, k, rng, checkpoint);
            case RANDOM_FROM_DATA -> centers = Seeding.randomFromData(chunks, k, rng);
            case RANDOM -> {
                return randomResponsibilities(rng.nextLong());
            }
            default -> throw new IllegalStateException(options.initialization().toString());
        }
        // statistics of the hard assignment of every sample to its nearest centre
        merge(chunks.map(new EStepChunks.HardAssignment(centers, fullMoments)));
        return MStep.apply(merged, centers, type, reg);
    }

    /**
     * E-step pass (eq. 5 in log space, with log-sum-exp) fused with the sums of the M-step, by the
     * {@link EStepKernel}, accumulating into {@link #merged}.
     *
     * @param moments false to compute only the log-likelihood
     */
    private void eStep(GaussianMixture model, boolean moments) {
        if (data == null) {
            merge(chunks.map(new EStepChunks.Statistics(EStepChunks.Model.of(model), moments)));
            return;
        }
        KernelModel kernelModel = new KernelModel(model);
        executor.forEachChunk((chunk, from, to, worker) ->
                workerKernels[worker].chunkStatistics(packed, from, to, kernelModel, moments, chunkStats[chunk]));
        merge(Arrays.asList(chunkStats));
    }

    /**
     * Initial model from random responsibilities, normalised per sample (sklearn's "random"),
     * every centre at the weighted data mean: only a numerical reference point for the sums.
     */
    private GaussianMixture randomResponsibilities(long seed) {
        double[] centers = new double[k * d];
        for (double[] chunk : chunks.map(new KMeans.WeightedSum(chunks.totalWeight()))) {
            for (int j = 0; j < d; j++) {
                centers[j] += chunk[j];
            }
        }
        for (int c = 1; c < k; c++) {
            System.arraycopy(centers, 0, centers, c * d, d);
        }
        merge(chunks.map(new EStepChunks.RandomResponsibilities(seed, centers, fullMoments)));
        return MStep.apply(merged, centers, type, reg);
    }

    /** The chunks' statistics merged in chunk order into {@link #merged}. */
    private void merge(List<SufficientStatistics> stats) {
        if (stats.size() != chunks.chunks()) {
            throw new IllegalStateException(stats.size() + " chunk statistics for " + chunks.size() + " samples");
        }
        merged.reset();
        for (SufficientStatistics s : stats) {
            merged.merge(s);
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.close();
        }
    }
}
