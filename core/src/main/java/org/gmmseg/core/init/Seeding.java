package org.gmmseg.core.init;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.gmmseg.core.ChunkRows;
import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.ChunkedSamples;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.LocalChunks;
import org.gmmseg.core.Samples;

/**
 * Choice of K initial centres among the samples. Sample weights count as multiplicities.
 * Every random choice comes from the generator passed in.
 *
 * <p>The samples are read in passes over their fixed chunks ({@link ChunkedSamples}), each chunk
 * returning a few sums or rows, merged here in chunk order; so the centres are the same bits on
 * one thread, several, or several machines. A sum over all samples is the sum of the chunks' sums
 * (each taken in row order) in chunk order. A draw "with probability proportional to v_n" takes
 * u in [0, 1) times that sum, finds the chunk where the running total of the chunks' sums first
 * exceeds it, and scans that chunk from the running total before it, row by row, to the row where
 * it does.
 */
public final class Seeding {
    /** Keys of k-means++ runs in the chunks' memory: each run remembers its own distances. */
    private static final AtomicLong RUNS = new AtomicLong();

    private Seeding() {
    }

    /** Greedy k-means++ on samples in this machine's memory, one thread; see the chunked form. */
    public static double[] kMeansPlusPlus(Samples data, int k, SplittableRandom rng) {
        try (ChunkedExecutor executor = new ChunkedExecutor(data.size(), 1)) {
            return kMeansPlusPlus(LocalChunks.of(data, executor), k, rng);
        }
    }

    /**
     * Greedy k-means++ (Arthur and Vassilvitskii 2007, as scikit-learn's {@code kmeans_plusplus}):
     * the first centre is drawn with probability proportional to the weight, each next one from
     * 2 + ln K candidates drawn proportional to weight times squared distance to the nearest
     * centre, keeping the candidate that lowers the total potential sum_n w_n min_c |x_n - c|^2
     * most (the first on ties).
     *
     * <p>Passes: one for the chunks' weights, then per centre a draw (a scan of the chunks the
     * candidates fall in) and one pass for the candidates' potentials. Each chunk remembers its
     * rows' distances to the centres chosen so far between passes ({@link ChunkRows#memory()}),
     * and recomputes them when it has forgotten: a minimum is exact, so either way gives the same
     * bits.
     *
     * @return K*D centres, row-major
     * @throws GmmException if fewer than K distinct samples have positive weight, or when squared
     *     distances overflow (features too large)
     */
    public static double[] kMeansPlusPlus(ChunkedSamples<?> data, int k, SplittableRandom rng) {
        return kMeansPlusPlus(data, k, rng, () -> { });
    }

    /**
     * As {@link #kMeansPlusPlus(ChunkedSamples, int, SplittableRandom)}, running {@code checkpoint}
     * before each centre after the first (each takes a few passes over the data), e.g. to stop a
     * cancelled fit by throwing.
     */
    public static double[] kMeansPlusPlus(ChunkedSamples<?> data, int k, SplittableRandom rng, Runnable checkpoint) {
        int d = data.dimension();
        long run = RUNS.incrementAndGet();
        double[] centers = new double[k * d];
        double[] weightSums = weightSums(data);
        double[] first = draw(data, weightSums, null, 0, run, new double[] {rng.nextDouble() * sum(weightSums)})[0];
        System.arraycopy(first, 0, centers, 0, d);
        if (k == 1) {
            return centers;
        }
        // per chunk: sum_n w_n min_c |x_n - c|^2 over the centres so far
        double[] chunkPotentials = column(data.map(new Potentials(centers, 0, first, run, false)), 0);
        double potential = sum(chunkPotentials);
        int trials = 2 + (int) Math.log(k);
        for (int c = 1; c < k; c++) {
            checkpoint.run();
            if (!(potential > 0)) {
                throw new GmmException("fewer than " + k + " distinct samples; use fewer components");
            }
            if (potential == Double.POSITIVE_INFINITY) {
                // squared distances beyond the largest double: no candidate could be told from another
                throw overflow();
            }
            double[] targets = new double[trials];
            for (int t = 0; t < trials; t++) {
                targets[t] = rng.nextDouble() * potential;
            }
            double[][] drawn = draw(data, chunkPotentials, centers, c, run, targets);
            double[] candidates = new double[trials * d];
            for (int t = 0; t < trials; t++) {
                System.arraycopy(drawn[t], 0, candidates, t * d, d);
            }
            List<double[]> perChunk = data.map(new Potentials(Arrays.copyOf(centers, c * d), c, candidates, run,
                    c == k - 1));
            double bestPotential = Double.POSITIVE_INFINITY;
            int best = -1;
            for (int t = 0; t < trials; t++) {
                double p = sum(column(perChunk, t));
                if (p < bestPotential) {
                    bestPotential = p;
                    best = t;
                }
            }
            if (best < 0) {
                throw overflow();
            }
            System.arraycopy(drawn[best], 0, centers, c * d, d);
            chunkPotentials = column(perChunk, best);
            potential = bestPotential;
        }
        return centers;
    }

    private static GmmException overflow() {
        return new GmmException("the features are too large for k-means++ (squared distances between samples "
                + "overflow); rescale them");
    }

    /** K distinct samples drawn at random on samples in this machine's memory, one thread; see the chunked form. */
    public static double[] randomFromData(Samples data, int k, SplittableRandom rng) {
        try (ChunkedExecutor executor = new ChunkedExecutor(data.size(), 1)) {
            return randomFromData(LocalChunks.of(data, executor), k, rng);
        }
    }

    /**
     * K distinct samples drawn at random, each with probability proportional to its weight: draws
     * are repeated (at most 64 K in all) until K distinct samples are found, then the first
     * samples not chosen yet, in order, fill what is missing.
     *
     * @return K*D centres, row-major
     * @throws GmmException if fewer than K distinct samples have positive weight
     */
    public static double[] randomFromData(ChunkedSamples<?> data, int k, SplittableRandom rng) {
        int d = data.dimension();
        double[] weightSums = weightSums(data);
        double total = sum(weightSums);
        List<double[]> chosen = new ArrayList<>(k);
        // each round draws as many as are missing: the generator gives what one draw at a time would
        for (int attempts = 0; attempts < 64 * k && chosen.size() < k; ) {
            double[] targets = new double[Math.min(k - chosen.size(), 64 * k - attempts)];
            for (int t = 0; t < targets.length; t++) {
                targets[t] = rng.nextDouble() * total;
            }
            attempts += targets.length;
            for (double[] row : draw(data, weightSums, null, 0, 0, targets)) {
                addIfNew(chosen, row);
            }
        }
        if (chosen.size() < k) {
            for (double[] row : firstDistinct(data, k - chosen.size(), chosen)) {
                if (chosen.size() < k) {
                    addIfNew(chosen, row);
                }
            }
        }
        if (chosen.size() < k) {
            throw new GmmException("only " + chosen.size() + " distinct samples for " + k
                    + " components; use fewer components");
        }
        double[] centers = new double[k * d];
        for (int c = 0; c < k; c++) {
            System.arraycopy(chosen.get(c), 0, centers, c * d, d);
        }
        return centers;
    }

    /**
     * The number of distinct rows of positive weight, counting at most up to {@code limit}, as
     * {@link Samples#distinctRows(int)}: one pass, each chunk giving its first distinct rows.
     */
    public static int distinctRows(ChunkedSamples<?> data, int limit) {
        List<double[]> found = new ArrayList<>();
        for (double[] row : firstDistinct(data, limit, List.of())) {
            if (found.size() < limit) {
                addIfNew(found, row);
            }
        }
        return found.size();
    }

    /**
     * Rows in order, of positive weight and unlike {@code excluded}: each chunk's first
     * {@code limit} rows unlike each other, chunk after chunk. Among them are the first
     * {@code limit} distinct rows of all samples unlike {@code excluded}: a chunk's rows that
     * repeat those of earlier chunks are fewer than what those chunks already gave.
     */
    private static List<double[]> firstDistinct(ChunkedSamples<?> data, int limit, List<double[]> excluded) {
        int d = data.dimension();
        double[] flat = new double[excluded.size() * d];
        for (int i = 0; i < excluded.size(); i++) {
            System.arraycopy(excluded.get(i), 0, flat, i * d, d);
        }
        List<double[]> rows = new ArrayList<>();
        for (double[] chunkRows : data.map(new FirstDistinct(limit, flat))) {
            for (int o = 0; o < chunkRows.length; o += d) {
                rows.add(Arrays.copyOfRange(chunkRows, o, o + d));
            }
        }
        return rows;
    }

    private static void addIfNew(List<double[]> chosen, double[] row) {
        for (double[] c : chosen) {
            if (sameRow(c, 0, row, 0, row.length)) {
                return;
            }
        }
        chosen.add(row);
    }

    /**
     * Rows drawn with probability proportional to the weight times the squared distance to the
     * nearest of the first {@code count} centres (times 1 when count is 0): for each target, the
     * row where the running total of w_n v_n first exceeds it (the last row of positive w_n v_n of
     * its chunk when rounding leaves the target beyond the chunk's end).
     *
     * @param chunkSums per chunk, sum_n w_n v_n in row order
     * @return the rows, in the order of the targets
     */
    private static double[][] draw(ChunkedSamples<?> data, double[] chunkSums, double[] centers, int count, long run,
            double[] targets) {
        int chunks = chunkSums.length;
        double[] starts = new double[chunks + 1];
        int lastPositive = -1;
        for (int c = 0; c < chunks; c++) {
            starts[c + 1] = starts[c] + chunkSums[c];
            if (chunkSums[c] > 0) {
                lastPositive = c;
            }
        }
        int[] chunkOf = new int[targets.length];
        for (int t = 0; t < targets.length; t++) {
            int c = 0;
            while (c < chunks && !(starts[c + 1] > targets[t])) {
                c++;
            }
            chunkOf[t] = c < chunks ? c : lastPositive;
        }
        int[] which = Arrays.stream(chunkOf).distinct().sorted().toArray();
        double[] from = new double[which.length];
        for (int i = 0; i < which.length; i++) {
            from[i] = starts[which[i]];
        }
        double[] kept = count == 0 ? null : Arrays.copyOf(centers, count * data.dimension());
        List<double[][]> found = data.map(which, new Draw(which, from, chunkOf, targets, kept, count, run));
        double[][] rows = new double[targets.length][];
        for (int i = 0; i < which.length; i++) {
            double[][] inChunk = found.get(i);
            for (int t = 0; t < targets.length; t++) {
                if (chunkOf[t] == which[i]) {
                    rows[t] = inChunk[t];
                }
            }
        }
        return rows;
    }

    /** Per chunk, the sum of the weights in row order. */
    static double[] weightSums(ChunkedSamples<?> data) {
        return column(data.map(new WeightSum()), 0);
    }

    /** A chunk's sum of weights in row order. */
    private record WeightSum() implements ChunkedSamples.Task<ChunkRows, double[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public double[] run(ChunkRows chunk) {
            Samples s = chunk.samples();
            double sum = 0;
            for (int i = chunk.from(); i < chunk.to(); i++) {
                sum += s.weight(i);
            }
            return new double[] {sum};
        }
    }

    /** The sum of the values in order. */
    static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static double[] column(List<double[]> rows, int j) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[j];
        }
        return out;
    }

    /**
     * A chunk's squared distances to the nearest of the first {@code count} centres, from its
     * memory under the run's key when it remembers them for fewer or as many centres (brought up
     * to date: a minimum is exact, so the order of the centres does not matter), else computed
     * anew. The caller puts the result back ({@link #remember}) or lets it go.
     */
    private static Distances distances(ChunkRows chunk, long run, double[] centers, int count) {
        int d = chunk.samples().dimension();
        Distances known = (Distances) chunk.memory().take(run);
        if (known == null || known.count > count) {
            double[] closest = new double[chunk.size()];
            Arrays.fill(closest, Double.POSITIVE_INFINITY);
            known = new Distances(closest);
        }
        double[] x = chunk.samples().values();
        double[] closest = known.closest;
        for (int c = known.count; c < count; c++) {
            for (int i = chunk.from(); i < chunk.to(); i++) {
                int r = i - chunk.from();
                closest[r] = Math.min(closest[r], squaredDistance(x, i * d, centers, c * d, d));
            }
        }
        known.count = count;
        return known;
    }

    /** The distances of a k-means++ run to its first centres, kept by a chunk between passes. */
    private static final class Distances {
        final double[] closest;
        int count;

        Distances(double[] closest) {
            this.closest = closest;
        }
    }

    /**
     * Per chunk, for each candidate t: sum_n w_n min(D_n, |x_n - cand_t|^2), with D_n the squared
     * distance to the nearest of the first {@code count} centres (infinite when count is 0).
     */
    private record Potentials(double[] centers, int count, double[] candidates, long run, boolean last)
            implements ChunkedSamples.Task<ChunkRows, double[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public double[] run(ChunkRows chunk) {
            Samples s = chunk.samples();
            int d = s.dimension();
            double[] x = s.values();
            int trials = candidates.length / d;
            Distances known = distances(chunk, run, centers, count);
            double[] p = new double[trials];
            for (int i = chunk.from(); i < chunk.to(); i++) {
                double w = s.weight(i);
                double closest = known.closest[i - chunk.from()];
                for (int t = 0; t < trials; t++) {
                    p[t] += w * Math.min(closest, squaredDistance(x, i * d, candidates, t * d, d));
                }
            }
            if (!last) {
                chunk.memory().put(run, known);
            }
            return p;
        }
    }

    /** Each target's row in its chunk, scanning from the running total before the chunk. */
    private record Draw(int[] which, double[] from, int[] chunkOf, double[] targets, double[] centers, int count,
            long run) implements ChunkedSamples.Task<ChunkRows, double[][]> {
        private static final long serialVersionUID = 1L;

        @Override
        public double[][] run(ChunkRows chunk) {
            int slot = Arrays.binarySearch(which, chunk.index());
            Samples s = chunk.samples();
            int d = s.dimension();
            double[] x = s.values();
            Distances known = count == 0 ? null : distances(chunk, run, centers, count);
            // this chunk's targets, ascending: the running total only grows, so one scan finds them all
            Integer[] mine = IntStream.range(0, targets.length).filter(t -> chunkOf[t] == chunk.index()).boxed()
                    .sorted(Comparator.comparingDouble(t -> targets[t])).toArray(Integer[]::new);
            double[][] rows = new double[targets.length][];
            double acc = from[slot];
            int last = -1;
            int next = 0;
            for (int i = chunk.from(); i < chunk.to() && next < mine.length; i++) {
                double v = s.weight(i) * (known == null ? 1 : known.closest[i - chunk.from()]);
                if (v > 0) {
                    acc += v;
                    last = i;
                    while (next < mine.length && acc > targets[mine[next]]) {
                        rows[mine[next++]] = Arrays.copyOfRange(x, i * d, i * d + d);
                    }
                }
            }
            if (known != null) {
                chunk.memory().put(run, known);
            }
            for (; next < mine.length; next++) { // rounding left the target beyond the chunk's total
                rows[mine[next]] = Arrays.copyOfRange(x, last * d, last * d + d);
            }
            return rows;
        }
    }

    /** A chunk's first {@code limit} rows of positive weight unlike each other and unlike {@code excluded}, flat. */
    private record FirstDistinct(int limit, double[] excluded) implements ChunkedSamples.Task<ChunkRows, double[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public double[] run(ChunkRows chunk) {
            Samples s = chunk.samples();
            int d = s.dimension();
            double[] x = s.values();
            double[] found = new double[limit * d];
            int count = 0;
            for (int i = chunk.from(); i < chunk.to() && count < limit; i++) {
                if (s.weight(i) > 0 && !contains(excluded, excluded.length / d, x, i * d, d)
                        && !contains(found, count, x, i * d, d)) {
                    System.arraycopy(x, i * d, found, count * d, d);
                    count++;
                }
            }
            return Arrays.copyOf(found, count * d);
        }

        private static boolean contains(double[] rows, int count, double[] x, int offset, int d) {
            for (int r = 0; r < count; r++) {
                if (sameRow(rows, r * d, x, offset, d)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** True when a[ao..ao+D) and b[bo..bo+D) hold the same values (as {@link Samples#sameRow}). */
    static boolean sameRow(double[] a, int ao, double[] b, int bo, int d) {
        for (int j = 0; j < d; j++) {
            if (a[ao + j] != b[bo + j]) {
                return false;
            }
        }
        return true;
    }

    static double squaredDistance(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double v = a[ao + j] - b[bo + j];
            s += v * v;
        }
        return s;
    }
}
