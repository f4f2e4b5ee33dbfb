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
        block.call();
        assertEquals(EStepKernel.LANES, block.stats.weight, 0, "eight samples of weight 1");
        double nk = 0;
        for (double v : block.stats.nk) {
            nk += v;
        }
        assertEquals(EStepKernel.LANES, nk, 1e-12, "the responsibilities of each sample sum to 1");
        assertTrue(Double.isFinite(block.stats.logLikelihood));
        for (int c : block.nearest) {
            assertTrue(c >= 0 && c < 8, "centre " + c);
        }
        // and again: the kernel's buffers are reused, the sums start afresh
        double first = block.stats.logLikelihood;
        block.call();
        assertEquals(first, block.stats.logLikelihood, 0);
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
    void startRunsOnlyWhereTheSimdKernelDoesAndOnlyOnce() {
        KernelWarmUp.start();
        boolean wanted = VectorSupport.available() && !"false".equals(System.getProperty("gmmseg.warmup"));
        assertEquals(wanted, KernelWarmUp.started());
        KernelWarmUp.start(); // no second thread, no exception
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("gmmseg-kernel-warm-up")).count();
        assertTrue(threads <= 1, threads + " warm-up threads");
    }
}
