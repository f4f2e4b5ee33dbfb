package org.gmmseg.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.Initialization;
import org.gmmseg.core.Mixtures;
import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A fit whose passes run on serialised chunks, as on other machines, gives EmFitter's bits. */
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
            FitResult chunked = EmFitter.fit(data, new SerialisedPass(data), options.withThreads(1));
            String what = type + " " + init;
            assertArrayEquals(local.model().weights(), chunked.model().weights(), what);
            assertArrayEquals(local.model().meansFlat(), chunked.model().meansFlat(), what);
            assertArrayEquals(local.model().covariancesFlat(), chunked.model().covariancesFlat(), what);
            assertArrayEquals(local.lowerBoundTrace(), chunked.lowerBoundTrace(), what);
            assertEquals(local.logLikelihood(), chunked.logLikelihood(), 0, what);
            assertEquals(local.nSamples(), chunked.nSamples(), 0, what);
            assertEquals(local.iterations(), chunked.iterations(), what);
        }
    }

    @Test
    void warmStartOnChunksIsBitIdenticalToEmFitter() {
        Samples data = Mixtures.threeBlobs(CovarianceType.FULL).sample(9000, 4).samples();
        FitOptions options = FitOptions.warmStart(Mixtures.threeBlobs(CovarianceType.FULL)).withTol(0).withMaxIter(5);
        FitResult local = EmFitter.fit(data, options);
        FitResult chunked = EmFitter.fit(data, new SerialisedPass(data), options);
        assertArrayEquals(local.model().covariancesFlat(), chunked.model().covariancesFlat());
        assertEquals(local.logLikelihood(), chunked.logLikelihood(), 0);
    }

    private static Samples weighted(Samples s) {
        double[] w = new double[s.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 + i % 7;
        }
        return Samples.wrap(s.values(), s.dimension(), w);
    }

    /** Chunks and models travel serialised, chunks in reverse order, as a cluster may return them. */
    private static final class SerialisedPass implements EStepChunks.Pass {
        private final Samples data;
        private final EStepChunks.Chunk[] chunks;

        SerialisedPass(Samples data) {
            this.data = data;
            int n = data.size();
            int size = EStepChunks.chunkSize(n);
            int d = data.dimension();
            chunks = new EStepChunks.Chunk[EStepChunks.chunks(n)];
            for (int c = 0; c < chunks.length; c++) {
                int from = c * size;
                int to = Math.min(n, from + size);
                double[] w = new double[to - from];
                for (int i = from; i < to; i++) {
                    w[i - from] = data.weight(i);
                }
                chunks[c] = copy(EStepChunks.Chunk.of(c,
                        Samples.wrap(Arrays.copyOfRange(data.values(), from * d, to * d), d, w)));
            }
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public double totalWeight() {
            return data.totalWeight();
        }

        @Override
        public SufficientStatistics[] statistics(EStepChunks.Model model, boolean moments) {
            EStepChunks.Model sent = copy(model);
            SufficientStatistics[] out = new SufficientStatistics[chunks.length];
            for (int c = chunks.length - 1; c >= 0; c--) {
                out[chunks[c].index()] = copy(chunks[c].statistics(sent, moments));
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
