package org.gmmseg.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.gmmseg.core.em.EmFitter;
import org.gmmseg.core.select.ModelSelection;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.core.select.SelectionResult;
import org.junit.jupiter.api.Test;

/** A {@link FitMonitor} sees every iteration and candidate, changes no result, and can stop a fit. */
class FitMonitorTest {
    private static final Samples DATA = Mixtures.threeBlobs().sample(3000, 5).samples();

    /** Records what it hears; cancels when its poll count reaches {@code cancelAtPoll} (0: never). */
    private static final class Recorder implements FitMonitor {
        final List<Iteration> iterations = Collections.synchronizedList(new ArrayList<>());
        final List<String> candidates = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger polls = new AtomicInteger();
        final int cancelAtPoll;

        Recorder(int cancelAtPoll) {
            this.cancelAtPoll = cancelAtPoll;
        }

        @Override
        public boolean cancelled() {
            return polls.incrementAndGet() == cancelAtPoll || cancelAtPoll > 0 && polls.get() > cancelAtPoll;
        }

        @Override
        public void iteration(Iteration progress) {
            iterations.add(progress);
        }

        @Override
        public void candidate(int settled, int total, int components, CovarianceType covarianceType, boolean fitted) {
            candidates.add(settled + "/" + total + " K=" + components + " " + covarianceType + " " + fitted);
        }
    }

    @Test
    void hearsEveryIterationOfEveryRestartAndChangesNothing() {
        FitOptions options = FitOptions.of(3).withNInit(2).withSeed(4).withThreads(2).withTol(1e-6);
        FitResult plain = EmFitter.fit(DATA, options);
        Recorder recorder = new Recorder(0);
        FitResult watched = EmFitter.fit(DATA, options.withMonitor(recorder));

        assertEquals(plain.model(), watched.model());
        assertArrayEquals(plain.lowerBoundTrace(), watched.lowerBoundTrace());
        assertEquals(plain.logLikelihood(), watched.logLikelihood());
        // both restarts are reported, each from iteration 1; the kept one's bounds are the trace
        List<FitMonitor.Iteration> kept = recorder.iterations.stream()
                .filter(it -> it.restart() == plain.bestRestart() + 1).toList();
        assertEquals(plain.iterations(), kept.size());
        for (int i = 0; i < kept.size(); i++) {
            FitMonitor.Iteration it = kept.get(i);
            assertEquals(i + 1, it.iteration());
            assertEquals(2, it.restarts());
            assertEquals(3, it.components());
            assertEquals(CovarianceType.FULL, it.covarianceType());
            assertEquals(plain.lowerBoundTrace()[i], it.meanLogLikelihood());
        }
        assertEquals(Double.POSITIVE_INFINITY, kept.get(0).change());
        assertTrue(recorder.iterations.stream().anyMatch(it -> it.restart() == 1));
        assertTrue(recorder.iterations.stream().anyMatch(it -> it.restart() == 2));
    }

    @Test
    void cancellingStopsTheFitBetweenIterations() {
        // polls: one per k-means++ centre after the first (2), one per k-means iteration (at least 1), then
        // one before each EM iteration; cancelling at a late poll stops EM part way
        Recorder counting = new Recorder(0);
        FitResult full = EmFitter.fit(DATA, FitOptions.of(3).withTol(0).withMaxIter(20).withMonitor(counting));
        int pollsBeforeEm = counting.polls.get() - full.iterations();
        Recorder recorder = new Recorder(pollsBeforeEm + 5);

        assertThrows(CancellationException.class,
                () -> EmFitter.fit(DATA, FitOptions.of(3).withTol(0).withMaxIter(20).withMonitor(recorder)));
        assertEquals(4, recorder.iterations.size(), "four EM iterations ran before the fifth was refused");
    }

    @Test
    void cancellingStopsTheInitialisation() {
        for (int poll = 1; poll <= 3; poll++) {
            Recorder recorder = new Recorder(poll);
            assertThrows(CancellationException.class,
                    () -> EmFitter.fit(DATA, FitOptions.of(3).withThreads(2).withMonitor(recorder)));
            assertEquals(List.of(), recorder.iterations, "no EM iteration after a cancelled k-means");
        }
    }

    @Test
    void hearsEveryCandidateOfAModelSelectionAndCanStopIt() {
        SelectionOptions options = SelectionOptions.of(List.of(1, 2, 3, 4))
                .withCovarianceTypes(List.of(CovarianceType.FULL, CovarianceType.DIAG))
                .withFit(FitOptions.of(1).withThreads(2));
        SelectionResult plain = ModelSelection.select(DATA, options);
        Recorder recorder = new Recorder(0);
        SelectionResult watched = ModelSelection.select(DATA,
                options.withFit(options.fit().withMonitor(recorder)));

        assertEquals(plain.chosen().components(), watched.chosen().components());
        assertEquals(plain.fitResult().model(), watched.fitResult().model());
        assertEquals(8, recorder.candidates.size());
        for (int i = 0; i < 8; i++) {
            int settled = i + 1;
            assertTrue(recorder.candidates.stream().anyMatch(c -> c.startsWith(settled + "/8 ")), recorder.candidates::toString);
        }
        assertTrue(recorder.iterations.stream().anyMatch(it -> it.components() == 4
                && it.covarianceType() == CovarianceType.DIAG));

        Recorder cancelling = new Recorder(1);
        assertThrows(CancellationException.class,
                () -> ModelSelection.select(DATA, options.withFit(options.fit().withMonitor(cancelling))));
    }

    @Test
    void optionsAreSerialisedWithoutTheirMonitor() throws Exception {
        FitOptions watched = FitOptions.of(3).withSeed(9).withMonitor(new Recorder(0)); // not serialisable
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(watched);
        }
        FitOptions read;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            read = (FitOptions) in.readObject();
        }
        assertEquals(watched.withMonitor(FitMonitor.NONE), read);
        assertTrue(read.monitor() == FitMonitor.NONE, "one NONE in every JVM");
    }
}
