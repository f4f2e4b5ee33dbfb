package org.gmmseg.core.em;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;

/**
 * Gets the SIMD kernel compiled while a command is still starting up. Until the JIT has compiled
 * the kernel's methods they run the Vector API's Java fallback, tens of times slower than the
 * compiled code, and in a short run that wait was most of the first EM iteration. {@link #start}
 * runs the kernel on one synthetic block of colour-like samples (D = 3, K = 8, full covariances,
 * and the k-means nearest-centre search) in a background thread while the command parses its
 * arguments and reads its input, until every phase of the kernel runs at compiled speed.
 *
 * <p>The first fit's kernels wait for that ({@link EStepKernel#forFit}; a fit from a given model, which needs no
 * nearest-centre search, only for the E-step). Its workers would otherwise run the fallback on the
 * cores that the JIT's compiler threads need: on two cores that made the compiles, and so the
 * first iteration, take longer, for a few percent of an iteration's work done.
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
    /**
     * A phase of the kernel counts as compiled once one block takes it less than this. Compiled,
     * a phase takes about 0.1 us on a block; in the Java fallback every vector operation allocates,
     * and the smallest phase takes several microseconds (in C1's code, the likelihood less than
     * one: {@link #LIKELIHOOD_CALLS}).
     */
    static final long COMPILED_NANOS = 1_000;
    /**
     * How many times the likelihood phase is run in a row for its timing. It does the least vector
     * work of the phases (the log of one sum per sample), so its C1-compiled code, which runs the
     * Vector API's Java fallback only for those few operations, took 0.6-1.2 us a block: once it
     * passed for compiled 25 ms before the JIT's C2 code came, and the fit's first iteration ran it
     * meanwhile, two to three times slower. Compiled, four calls take about 0.25 us.
     */
    static final int LIKELIHOOD_CALLS = 4;
    /** Calls in a row in which every phase took less than {@link #COMPILED_NANOS}. */
    static final int COMPILED_CALLS = 3;
    /**
     * The longest a fit waits for the warm-up: where the kernel never gets compiled (an
     * interpreter-only JVM, say), the fit goes on as it would have without a warm-up. In a
     * {@code gmmseg fit} of a million rows on two cores the wait was 0-0.25 s.
     */
    static final long MAX_WAIT_MILLIS = 1_000;
    /**
     * Less than one block takes through the E-step in the Java fallback, even with all but one
     * phase compiled (about 1 ms with none compiled). A fit waits at most this long per block of its
     * data: a small fit is over sooner in the fallback than the compiler would be done.
     */
    static final long FALLBACK_NANOS_PER_BLOCK = 20_000;
    private static final int K = 8;
    private static final int D = 3;

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Counted down once the E-step's phases run compiled, or when the warm-up ends. */
    private static final CountDownLatch E_STEP_COMPILED = new CountDownLatch(1);
    private static final CountDownLatch FINISHED = new CountDownLatch(1);
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

    /**
     * Waits until the warm-up has seen the kernel compiled (the E-step and, if asked, the
     * nearest-centre search) or has given up, then ends it; at most {@link #MAX_WAIT_MILLIS}, and at
     * most {@link #FALLBACK_NANOS_PER_BLOCK} for each of the fit's blocks of samples. Returns at once
     * where no warm-up was started or it has ended. {@link EStepKernel#forFit} calls it before a fit's
     * kernels are made.
     */
    static void awaitCompiled(int blocks, boolean nearestCentres) {
        if (STARTED.get() && !stopped) {
            try {
                (nearestCentres ? FINISHED : E_STEP_COMPILED).await(longestWaitNanos(blocks), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the fit goes on; whoever interrupted will see it
            }
        }
        stopped = true;
    }

    /** How long a fit of that many blocks waits at most, in nanoseconds. */
    static long longestWaitNanos(int blocks) {
        return Math.min(TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS), blocks * FALLBACK_NANOS_PER_BLOCK);
    }

    /** Whether the warm-up thread has ended; for tests. */
    static boolean finished() {
        return FINISHED.getCount() == 0;
    }

    private static void run() {
        try {
            SyntheticBlock block = new SyntheticBlock();
            long compiled = COMPILED_NANOS + clockNanos(); // a slow clock (no TSC in some VMs) must not hide it
            int eStepCalls = 0;
            int compiledCalls = 0;
            for (int call = 0; call < MAX_CALLS && !stopped && compiledCalls < COMPILED_CALLS; call++) {
                long slowest = block.call();
                eStepCalls = block.eStepNanos < compiled ? eStepCalls + 1 : 0;
                if (eStepCalls == COMPILED_CALLS) {
                    E_STEP_COMPILED.countDown();
                }
                compiledCalls = slowest < compiled ? compiledCalls + 1 : 0;
            }
        } finally {
            E_STEP_COMPILED.countDown();
            FINISHED.countDown();
        }
    }

    /** What one reading of {@link System#nanoTime} costs, the least of a few. */
    static long clockNanos() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 16; i++) {
            long t = System.nanoTime();
            least = Math.min(least, System.nanoTime() - t);
        }
        return least;
    }

    /** One block of samples and a model of the warm-up's shape, with a kernel of its own. */
    static final class SyntheticBlock {
        private final PackedSamples block;
        private final KernelModel model;
        private final double[] centers = new double[K * D];
        private final EStepKernel kernel = EStepKernel.create(K, D, true);
        final SufficientStatistics stats = new SufficientStatistics(K, D, true);
        final int[] nearest = new int[EStepKernel.LANES];
        /** The last {@link #call}'s slowest E-step phase and its nearest-centre search, in nanoseconds. */
        long eStepNanos;
        long nearestNanos;

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

        /**
         * One E-step over the block into {@link #stats}, as a fit runs it; then each of its phases
         * again, timed one by one (the likelihood {@link #LIKELIHOOD_CALLS} times), and the nearest
         * centres into {@link #nearest}; the slowest phase's time into {@link #eStepNanos}, the
         * search's into {@link #nearestNanos}, and returns the larger. One by one, because a phase
         * still running the fallback (the smallest take a few microseconds there) would hide in the
         * time of the whole E-step. The repeated phases add to the kernel's own sums, which nothing
         * reads.
         */
        long call() {
            stats.reset();
            kernel.accumulate(block, 0, 1, model, true, stats);
            long start = System.nanoTime();
            kernel.logProbabilities(block.values, 0, 1, model);
            long t1 = System.nanoTime();
            kernel.exponentiate(1);
            long t2 = System.nanoTime();
            for (int i = 0; i < LIKELIHOOD_CALLS; i++) {
                kernel.likelihood(block.weights, 0, 1); // its inputs stay the same
            }
            long t3 = System.nanoTime();
            kernel.moments(block.values, 0, 1, model);
            long t4 = System.nanoTime();
            kernel.nearest(block.values, 0, centers, nearest);
            long end = System.nanoTime();
            eStepNanos = Math.max(Math.max(t1 - start, t2 - t1), Math.max(t3 - t2, t4 - t3));
            nearestNanos = end - t4;
            return Math.max(eStepNanos, nearestNanos);
        }

        /** The responsibility of component c for the block's sample in lane l, after {@link #call}. */
        double responsibility(int c, int l) {
            return kernel.logProb[c * EStepKernel.TILE_SAMPLES + l] * kernel.scaleBuf[l];
        }
    }
}
