package org.gmmseg.core.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.gmmseg.core.ChunkRows;
import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.LocalChunks;
import org.gmmseg.core.Samples;
import org.junit.jupiter.api.Test;

/**
 * k-means++, random seeds and k-means in passes over chunks: the same bits for any thread count
 * (chunks that forget between passes, and run elsewhere: EStepChunksTest).
 */
class SeedingTest {
    /** 20000 rows (5 chunks) of D = 2 on a coarse grid, so rows repeat, in and across chunks; weights 0 to 3. */
    private static Samples gridData() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 20_000;
        double[] x = new double[n * 2];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = rng.nextInt(40) * 0.25;
            x[2 * i + 1] = rng.nextInt(40) * 0.25 + (i % 3 == 0 ? 20 : 0);
            w[i] = i % 4;
        }
        return Samples.wrap(x, 2, w);
    }

    @Test
    void centresAreTheSameForAnyThreadCountAndWhenChunksForget() {
        Samples data = gridData();
        for (int k : new int[] {1, 2, 8, 20}) {
            double[] one = Seeding.kMeansPlusPlus(data, k, new SplittableRandom(3));
            double[] random = Seeding.randomFromData(data, k, new SplittableRandom(3));
            for (int threads : new int[] {2, 3}) {
                try (ChunkedExecutor executor = new ChunkedExecutor(data.size(), threads)) {
                    LocalChunks<ChunkRows> chunks = LocalChunks.of(data, executor);
                    assertArrayEquals(one, Seeding.kMeansPlusPlus(chunks, k, new SplittableRandom(3)), k + " " + threads);
                    assertArrayEquals(random, Seeding.randomFromData(chunks, k, new SplittableRandom(3)));
                    assertArrayEquals(KMeans.lloyd(data, one, new ChunkedExecutor(data.size(), 1), 20, 1e-6),
                            KMeans.lloyd(chunks, one, 20, 1e-6, KMeans::plainAssignment));
                }
            }
        }
    }

    @Test
    void centresAreDistinctRowsOfPositiveWeight() {
        Samples data = gridData();
        Set<List<Double>> rows = new HashSet<>();
        for (int i = 0; i < data.size(); i++) {
            if (data.weight(i) > 0) {
                rows.add(List.of(data.value(i, 0), data.value(i, 1)));
            }
        }
        for (double[] centres : List.of(Seeding.kMeansPlusPlus(data, 12, new SplittableRandom(8)),
                Seeding.randomFromData(data, 12, new SplittableRandom(8)))) {
            Set<List<Double>> chosen = new HashSet<>();
            for (int c = 0; c < 12; c++) {
                List<Double> row = List.of(centres[2 * c], centres[2 * c + 1]);
                assertTrue(rows.contains(row), row::toString);
                chosen.add(row);
            }
            assertEquals(12, chosen.size());
        }
    }

    @Test
    void kMeansPlusPlusSpreadsCentresOverSeparateClusters() {
        // three tight clusters far apart: each gets a centre
        double[] x = new double[3 * 5000];
        for (int i = 0; i < 5000; i++) {
            x[3 * i] = (i % 3) * 100 + (i % 7) * 0.01;
            x[3 * i + 1] = (i % 5) * 0.01;
            x[3 * i + 2] = (i % 3) * -50;
        }
        Samples data = Samples.wrap(x, 3, null);
        for (long seed = 0; seed < 10; seed++) {
            double[] centres = Seeding.kMeansPlusPlus(data, 3, new SplittableRandom(seed));
            Set<Long> clusters = new HashSet<>();
            for (int c = 0; c < 3; c++) {
                clusters.add(Math.round(centres[3 * c] / 100));
            }
            assertEquals(3, clusters.size(), "seed " + seed);
        }
    }

    @Test
    void distinctRowsCountsAsSamplesDoAndRandomSeedsFillFromTheFirstRows() {
        // the distinct rows of positive weight are spread over all chunks, each repeated in many
        int n = 12_000;
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i * 7919) % 9;
            w[i] = x[i] == 4 ? 0 : 1;
        }
        Samples data = Samples.wrap(x, 1, w);
        try (ChunkedExecutor executor = new ChunkedExecutor(n, 2)) {
            LocalChunks<ChunkRows> chunks = LocalChunks.of(data, executor);
            for (int limit = 1; limit <= 10; limit++) {
                assertEquals(data.distinctRows(limit), Seeding.distinctRows(chunks, limit), "limit " + limit);
            }
            double[] all = Seeding.randomFromData(chunks, 8, new SplittableRandom(1));
            assertEquals(8, IntStream.range(0, 8).mapToObj(i -> all[i]).distinct().count());
            assertThrows(GmmException.class, () -> Seeding.randomFromData(chunks, 9, new SplittableRandom(1)));
            assertThrows(GmmException.class, () -> Seeding.kMeansPlusPlus(chunks, 9, new SplittableRandom(1)));
        }
    }
}
