package org.gmmseg.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;

import org.gmmseg.core.ChunkedSamples;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.Initialization;
import org.gmmseg.core.Mixtures;
import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A fit whose passes (initialisation included) run on serialised chunks, as on other machines, gives EmFitter's bits. */
class EStepChunksTest {

    @Test
    void chunkLayoutIsEmFittersAndDependsOnNOnly() {
        assertEquals(4096, EStepChunks.chunkSize(10));
        assertEquals(1, EStepChunks.chunks(10));
        assertEquals(1, EStepChunks.chunks(0));
        assertEquals(3, EStepChunks.chunks(9000));
        int n = 1_000_000;
        assertEquals(0, EStepChunks.chunkSize(n) % EStepKernel.LANES);
        assertTrue(EStepChunks.chunks(n) <= 256);
        assertTrue((long) EStepChunks.chunkSize(n) * EStepChunks.chunks(n) >= n);
    }

    @ParameterizedTest
    @EnumSource(CovarianceType.class)
    void fitOnChunksIsBitIdenticalToEmFitter(CovarianceType type) {
        // weighted samples of 5 chunks, the last one short and padded
        Samples data = weighted(Mixtures.threeBlobs(type).sample(18_003, 3).samples());
        for (Initialization init : Initialization.values()) {
            FitOptions options = FitOptions.of(3).withCovarianceType(type).withInitialization(init).withSeed(11)
                    .withNInit(2).withTol(1e-9).withMaxIter(30).withThreads(2);
            FitResult local = EmFitter.fit(data, options);
            FitResult chunked = EmFitter.fit(new SerialisedChunks(data, false), options.withThreads(1));
            FitResult forgetting = EmFitter.fit(new SerialisedChunks(data, true), options);
            String what = type + " " + init;
            assertArrayEquals(local.model().weights(), chunked.model().weights(), what);
            assertArrayEquals(local.model().meansFlat(), chunked.model().meansFlat(), what);
            assertArrayEquals(local.model().covariancesFlat(), chunked.model().covariancesFlat(), what);
            assertArrayEquals(local.lowerBoundTrace(), chunked.lowerBoundTrace(), what);
            assertEquals(local.logLikelihood(), chunked.logLikelihood(), 0, what);
            assertEquals(local.nSamples(), chunked.nSamples(), 0, what);
            assertEquals(local.iterations(), chunked.iterations(), what);
            assertArrayEquals(local.model().covariancesFlat(), forgetting.model().covariancesFlat(), what);
            assertArrayEquals(local.lowerBoundTrace(), forgetting.lowerBoundTrace(), what);
        }
    }

    @Test
    void warmStartOnChunksIsBitIdenticalToEmFitter() {
        Samples data = Mixtures.threeBlobs(CovarianceType.FULL).sample(9000, 4).samples();
        FitOptions options = FitOptions.warmStart(Mixtures.threeBlobs(CovarianceType.FULL)).withTol(0).withMaxIter(5);
        FitResult local = EmFitter.fit(data, options);
        FitResult chunked = EmFitter.fit(new SerialisedChunks(data, false), options);
        assertArrayEquals(local.model().covariancesFlat(), chunked.model().covariancesFlat());
        assertEquals(local.logLikelihood(), chunked.logLikelihood(), 0);
    }

    @Test
    void theMonitorIsCalledWhereTheLoopRunsAndNeverTravels() {
        Samples data = Mixtures.threeBlobs(CovarianceType.FULL).sample(9000, 6).samples();
        FitOptions options = FitOptions.of(3).withSeed(5).withTol(0).withMaxIter(12);
        Watcher local = new Watcher(0);
        EmFitter.fit(data, options.withMonitor(local));
        // not serialisable: a task that carried it would fail to travel
        Watcher chunked = new Watcher(0);
        EmFitter.fit(new SerialisedChunks(data, false), options.withMonitor(chunked));
        assertEquals(local.iterations, chunked.iterations);
        assertEquals(local.polls, chunked.polls, "polls at each k-means++ centre, k-means and EM iteration");
        for (int poll : new int[] {1, 3, local.polls - 2}) { // a k-means++ centre, k-means, EM
            Watcher cancelling = new Watcher(poll);
            assertThrows(CancellationException.class,
                    () -> EmFitter.fit(new SerialisedChunks(data, false), options.withMonitor(cancelling)));
            assertEquals(poll, cancelling.polls, "stopped at poll " + poll);
        }
    }

    /** Records the iterations it hears; cancels at poll {@code cancelAt} (0: never). */
    private static final class Watcher implements FitMonitor {
        final List<FitMonitor.Iteration> iterations = new ArrayList<>();
        final int cancelAt;
        int polls;

        Watcher(int cancelAt) {
            this.cancelAt = cancelAt;
        }

        @Override
        public boolean cancelled() {
            return ++polls == cancelAt;
        }

        @Override
        public void iteration(FitMonitor.Iteration progress) {
            iterations.add(progress);
        }
    }

    private static Samples weighted(Samples s) {
        double[] w = new double[s.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 + i % 7;
        }
        return Samples.wrap(s.values(), s.dimension(), w);
    }

    /**
     * Chunks, tasks and results travel serialised, chunks are run in reverse order, as a cluster may
     * return them; with {@code forget}, every pass gets fresh copies of the chunks, as from a
     * cluster that rebuilt them, so nothing is remembered between passes.
     */
    static final class SerialisedChunks implements ChunkedSamples<EStepChunks.Chunk> {
        private final Samples data;
        private final boolean forget;
        private final EStepChunks.Chunk[] chunks;
        int passes;

        SerialisedChunks(Samples data, boolean forget) {
            this.data = data;
            this.forget = forget;
            this.chunks = EStepChunks.split(data).stream().map(EStepChunksTest::copy).toArray(EStepChunks.Chunk[]::new);
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public int dimension() {
            return data.dimension();
        }

        @Override
        public double totalWeight() {
            return data.totalWeight();
        }

        @Override
        public <R> List<R> map(Task<? super EStepChunks.Chunk, ? extends R> task) {
            return map(IntStream.range(0, chunks.length).toArray(), task);
        }

        @Override
        public <R> List<R> map(int[] which, Task<? super EStepChunks.Chunk, ? extends R> task) {
            passes++;
            Task<? super EStepChunks.Chunk, ? extends R> sent = copy(task);
            List<R> out = new ArrayList<>(Collections.nCopies(which.length, null));
            for (int i = which.length - 1; i >= 0; i--) {
                EStepChunks.Chunk chunk = chunks[which[i]];
                out.set(i, copy(sent.run(forget ? copy(chunk) : chunk)));
            }
            return out;
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
