package org.gmmseg.core.init;

import java.util.List;
import java.util.function.Function;

import org.gmmseg.core.ChunkRows;
import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.ChunkedSamples;
import org.gmmseg.core.LocalChunks;
import org.gmmseg.core.Samples;

/**
 * Lloyd's k-means iterations from given centres, weighted, in passes over the samples' fixed
 * chunks ({@link ChunkedSamples}) whose sums are merged in chunk order, so the result does not
 * depend on the thread count or on where the chunks are. Stops when the squared movement of the
 * centres is at most {@code tol} times the mean feature variance (scikit-learn's criterion) or
 * after {@code maxIter} iterations. A cluster that empties keeps its centre.
 */
public final class KMeans {
    public static final int DEFAULT_MAX_ITER = 300;
    public static final double DEFAULT_TOL = 1e-4;

    private KMeans() {
    }

    /**
     * The assignment step over one chunk: each sample of weight w added, times w, to the sum of its
     * nearest centre, and w to that centre's count.
     *
     * @return for the chunk, K*D sums (centre c's at c*D) then K counts, added in row order
     */
    public interface Assignment<C> extends ChunkedSamples.Task<C, double[]> {
    }

    /** The assignment step in plain Java, sample by sample with {@link #nearest}. */
    public static Assignment<ChunkRows> plainAssignment(double[] centers) {
        return new PlainAssignment(centers);
    }

    private record PlainAssignment(double[] centers) implements Assignment<ChunkRows> {
        private static final long serialVersionUID = 1L;

        @Override
        public double[] run(ChunkRows chunk) {
            Samples data = chunk.samples();
            int d = data.dimension();
            int k = centers.length / d;
            double[] x = data.values();
            double[] out = new double[k * d + k];
            for (int i = chunk.from(); i < chunk.to(); i++) {
                double w = data.weight(i);
                if (w == 0) {
                    continue;
                }
                int best = nearest(x, i * d, centers, k, d);
                out[k * d + best] += w;
                for (int j = 0; j < d; j++) {
                    out[best * d + j] += w * x[i * d + j];
                }
            }
            return out;
        }
    }

    /**
     * @param centers K*D starting centres; not modified
     * @return the final K*D centres
     */
    public static double[] lloyd(Samples data, double[] centers, ChunkedExecutor executor, int maxIter, double tol) {
        return lloyd(LocalChunks.of(data, executor), centers, maxIter, tol, KMeans::plainAssignment);
    }

    /**
     * Lloyd's iterations with a given assignment step (e.g. the EM engine's SIMD one); the result
     * depends only on the sums it returns, merged in chunk order.
     *
     * @param assignment the assignment step for given centres
     */
    public static <C extends ChunkRows> double[] lloyd(ChunkedSamples<C> data, double[] centers, int maxIter, double tol,
            Function<double[], ? extends ChunkedSamples.Task<? super C, double[]>> assignment) {
        return lloyd(data, centers, maxIter, tol, assignment, () -> { });
    }

    /**
     * As {@link #lloyd(ChunkedSamples, double[], int, double, Function)}, running {@code checkpoint}
     * before each iteration (a pass over the data), e.g. to stop a cancelled fit by throwing.
     */
    public static <C extends ChunkRows> double[] lloyd(ChunkedSamples<C> data, double[] centers, int maxIter, double tol,
            Function<double[], ? extends ChunkedSamples.Task<? super C, double[]>> assignment, Runnable checkpoint) {
        int d = data.dimension();
        int k = centers.length / d;
        double threshold = tol * meanVariance(data);
        double[] current = centers.clone();
        for (int it = 0; it < maxIter; it++) {
            checkpoint.run();
            List<double[]> sums = data.map(assignment.apply(current));
            double[] next = new double[k * d];
            double[] total = new double[k];
            for (double[] chunk : sums) {
                for (int i = 0; i < k * d; i++) {
                    next[i] += chunk[i];
                }
                for (int c = 0; c < k; c++) {
                    total[c] += chunk[k * d + c];
                }
            }
            double shift = 0;
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    int i = c * d + j;
                    next[i] = total[c] > 0 ? next[i] / total[c] : current[i];
                    double v = next[i] - current[i];
                    shift += v * v;
                }
            }
            current = next;
            if (shift <= threshold) {
                break;
            }
        }
        return current;
    }

    /** Index of the centre nearest to x[offset..offset+D), the lowest on ties. */
    public static int nearest(double[] x, int offset, double[] centers, int k, int d) {
        int best = 0;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double dist = Seeding.squaredDistance(x, offset, centers, c * d, d);
            if (dist < bestDist) {
                bestDist = dist;
                best = c;
            }
        }
        return best;
    }

    /**
     * Weighted mean over features of the per-feature variance: two passes, the weighted mean
     * (sum_n w_n x_n / W) and then sum_n w_n |x_n - mean|^2 / (W D), with W the total weight.
     */
    static double meanVariance(ChunkedSamples<?> data) {
        int d = data.dimension();
        double total = data.totalWeight();
        double[] mean = new double[d];
        for (double[] chunk : data.map(new WeightedSum(1))) {
            for (int j = 0; j < d; j++) {
                mean[j] += chunk[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= total;
        }
        double var = 0;
        for (double[] chunk : data.map(new SquaredDeviation(mean))) {
            var += chunk[0];
        }
        return var / total / d;
    }

    /**
     * Per chunk, sum_n (w_n / divisor) x_n in row order. Public for EM's random start, which
     * takes the weighted mean with the total weight as divisor.
     */
    public record WeightedSum(double divisor) implements ChunkedSamples.Task<ChunkRows, double[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public double[] run(ChunkRows chunk) {
            Samples data = chunk.samples();
            int d = data.dimension();
            double[] x = data.values();
            double[] sum = new double[d];
            for (int i = chunk.from(); i < chunk.to(); i++) {
                double w = data.weight(i) / divisor;
                for (int j = 0; j < d; j++) {
                    sum[j] += w * x[i * d + j];
                }
            }
            return sum;
        }
    }

    /** Per chunk, sum_n w_n |x_n - mean|^2, features in order within a row. */
    private record SquaredDeviation(double[] mean) implements ChunkedSamples.Task<ChunkRows, double[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public double[] run(ChunkRows chunk) {
            Samples data = chunk.samples();
            int d = data.dimension();
            double[] x = data.values();
            double var = 0;
            for (int i = chunk.from(); i < chunk.to(); i++) {
                double w = data.weight(i);
                for (int j = 0; j < d; j++) {
                    double v = x[i * d + j] - mean[j];
                    var += w * v * v;
                }
            }
            return new double[] {var};
        }
    }
}
