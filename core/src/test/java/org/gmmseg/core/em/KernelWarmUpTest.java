package org.gmmseg.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.Mixtures;
import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;

/** The kernel warm-up runs real kernel code and leaves no trace in any fit. */
class KernelWarmUpTest {

    @Test
    void theSyntheticBlockRunsTheWholeEStepAndTheNearestCentreSearch() {
        KernelWarmUp.SyntheticBlock block = new KernelWarmUp.SyntheticBlock();
        long slowest = block.call();
        assertTrue(block.eStepNanos > 0 && block.nearestNanos > 0, "each part timed");
        assertEquals(Math.max(block.eStepNanos, block.nearestNanos), slowest);
        assertEquals(EStepKernel.LANES, block.stats.weight, 0, "eight samples of weight 1");
        double nk = 0;
        for (double v : block.stats.nk) {
            nk += v;
        }
        assertEquals(EStepKernel.LANES, nk, 1e-12, "the responsibilities of each sample sum to 1");
        assertTrue(Double.isFinite(block.stats.logLikelihood));
        // the timed phases, run again, give the same responsibilities
        for (int l = 0; l < EStepKernel.LANES; l++) {
            double sum = 0;
            for (int c = 0; c < 8; c++) {
                sum += block.responsibility(c, l);
            }
            assertEquals(1, sum, 1e-12, "the responsibilities of sample " + l + " sum to 1");
        }
        for (int c : block.nearest) {
            assertTrue(c >= 0 && c < 8, "centre " + c);
        }
        // and again: the kernel's buffers are reused, the sums start afresh
        double first = block.stats.logLikelihood;
        block.call();
        assertEquals(first, block.stats.logLikelihood, 0);
    }

    @Test
    void aSmallFitWaitsNoLongerThanItsPassInTheFallbackWouldTake() {
        assertEquals(75 * 20_000L, KernelWarmUp.longestWaitNanos(75)); // the 600 rows of the sample table
        assertEquals(1_000_000_000L, KernelWarmUp.longestWaitNanos(125_000)); // a million rows: capped
        assertEquals(1_000_000_000L, KernelWarmUp.longestWaitNanos(Integer.MAX_VALUE)); // no overflow
    }

    @Test
    void aFitGivesTheSameBitsWhileAWarmUpRunsBesideIt() throws InterruptedException {
        Samples data = Mixtures.threeBlobs(CovarianceType.FULL).sample(5000, 3).samples();
        FitOptions options = FitOptions.of(3).withMaxIter(15).withTol(0).withThreads(2);
        FitResult alone = EmFitter.fit(data, options);

        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        Thread warmUp = new Thread(() -> {
            KernelWarmUp.SyntheticBlock block = new KernelWarmUp.SyntheticBlock();
            while (!done.get()) {
                block.call();
                calls.incrementAndGet();
            }
        });
        warmUp.start();
        while (calls.get() == 0) {
            Thread.onSpinWait();
        }
        FitResult beside;
        try {
            beside = EmFitter.fit(data, options);
        } finally {
            done.set(true);
            warmUp.join();
        }
        assertEquals(alone.model(), beside.model()); // bit for bit, as EmFitterContract's thread-count test
        assertEquals(alone.logLikelihood(), beside.logLikelihood(), 0);
    }

    @Test
    void startRunsOnlyWhereTheSimdKernelDoesAndOnlyOnceAndTheFirstFitWaitsForIt() {
        KernelWarmUp.start();
        boolean wanted = VectorSupport.available() && !"false".equals(System.getProperty("gmmseg.warmup"));
        assertEquals(wanted, KernelWarmUp.started());
        KernelWarmUp.start(); // no second thread, no exception
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("gmmseg-kernel-warm-up")).count();
        assertTrue(threads <= 1, threads + " warm-up threads");
        if (wanted) {
            // the first fit waits until the warm-up sees the kernel compiled, or at most as long as
            // longestWaitNanos allows, and then ends it: the thread stops within a call
            Samples data = Mixtures.threeBlobs(CovarianceType.FULL).sample(2000, 5).samples();
            long start = System.nanoTime();
            EmFitter.fit(data, FitOptions.of(3).withMaxIter(2).withThreads(1));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < KernelWarmUp.MAX_WAIT_MILLIS + 2_000, "the fit took " + millis + " ms");
            assertTrue(waitUntilFinished(), "the warm-up thread still runs after the first fit");
        }
    }

    private static boolean waitUntilFinished() {
        long deadline = System.nanoTime() + 200_000_000L; // a call of the Java fallback takes a few ms
        while (!KernelWarmUp.finished() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return KernelWarmUp.finished();
    }
}
