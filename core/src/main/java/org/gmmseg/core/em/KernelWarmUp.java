package org.gmmseg.core.em;

import java.util.concurrent.atomic.AtomicBoolean;

import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;

/**
 * Gets the SIMD kernel compiled while a command is still starting up. Until the JIT has compiled
 * the kernel's methods they run the Vector API's Java fallback, tens of times slower than the
 * compiled code, and in a short run that wait was most of the first EM iteration. {@link #start}
 * runs the kernel on one synthetic block of colour-like samples (D = 3, K = 8, full covariances,
 * and the k-means nearest-centre search) in a background thread while the command parses its
 * arguments and reads its input; the first fit stops it.
 *
 * <p>It touches no shared state: its own kernel, buffers and model, results thrown away, so no fit
 * result depends on whether or when it ran. The shape matters only for speed: exp, log and the
 * sums are the same methods for every shape, and fits of K = 1..32 and D = 3 or 8 were as fast or
 * faster after it. K = 8 rather than a smaller K: a warm-up with K = 1 left code compiled for one
 * component, and a later fit with K = 8 then ran two to four times slower for the whole run.
 */
public final class KernelWarmUp {
    /** Enough one-block calls for the JIT's thresholds (the launcher's and the JVM's defaults). */
    static final int MAX_CALLS = 4000;
    private static final int K = 8;
    private static final int D = 3;

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static volatile boolean stopped;

    private KernelWarmUp() {
    }

    /**
     * Starts the warm-up in a daemon thread, once per JVM; does nothing where the SIMD kernel is not
     * available (the scalar kernel compiles quickly) or when {@code -Dgmmseg.warmup=false}.
     */
    public static void start() {
        if (!Boolean.parseBoolean(System.getProperty("gmmseg.warmup", "true")) || !VectorSupport.available()
                || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(KernelWarmUp::run, "gmmseg-kernel-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether {@link #start} has started the thread in this JVM; for tests. */
    static boolean started() {
        return STARTED.get();
    }

    /** Ends the warm-up: a fit is starting and needs the cores; its own first tiles go on warming. */
    static void stop() {
        stopped = true;
    }

    private static void run() {
        SyntheticBlock block = new SyntheticBlock();
        for (int call = 0; call < MAX_CALLS && !stopped; call++) {
            block.call();
        }
    }

    /** One block of samples and a model of the warm-up's shape, with a kernel of its own. */
    static final class SyntheticBlock {
        private final PackedSamples block;
        private final KernelModel model;
        private final double[] centers = new double[K * D];
        private final EStepKernel kernel = EStepKernel.create(K, D, true);
        final SufficientStatistics stats = new SufficientStatistics(K, D, true);
        final int[] nearest = new int[EStepKernel.LANES];

        SyntheticBlock() {
            double[] values = new double[D * EStepKernel.LANES];
            for (int i = 0; i < values.length; i++) {
                values[i] = (i * 0.37) % 1.0;
            }
            block = new PackedSamples(Samples.wrap(values, D, null));
            double[] weights = new double[K];
            double[][] means = new double[K][D];
            double[][][] covariances = new double[K][D][D];
            for (int c = 0; c < K; c++) {
                weights[c] = 1.0 / K;
                for (int j = 0; j < D; j++) {
                    means[c][j] = (c * 0.13 + j * 0.29) % 1.0;
                    centers[c * D + j] = means[c][j];
                    covariances[c][j][j] = 0.05;
                }
            }
            model = new KernelModel(GaussianMixture.full(weights, means, covariances));
        }

        /** One E-step over the block into {@link #stats}, and its nearest centres into {@link #nearest}. */
        void call() {
            stats.reset();
            kernel.accumulate(block, 0, 1, model, true, stats);
            kernel.nearest(block.values, 0, centers, nearest);
        }
    }
}
