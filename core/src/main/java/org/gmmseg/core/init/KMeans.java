package org.gmmseg.core.init;

import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.Samples;

/**
 * Lloyd's k-means iterations from given centres, weighted, in fixed chunks merged in order so the
 * result does not depend on the thread count. Stops when the squared movement of the centres is
 * at most {@code tol} times the mean feature variance (scikit-learn's criterion) or after
 * {@code maxIter} iterations. A cluster that empties keeps its centre.
 */
public final class KMeans {
    public static final int DEFAULT_MAX_ITER = 300;
    public static final double DEFAULT_TOL = 1e-4;

    private KMeans() {
    }

    /**
     * The assignment step over one chunk: adds each sample of [from, to), times its weight, to
     * the sum of its nearest centre, and its weight to that centre's count.
     */
    @FunctionalInterface
    public interface Assignment {
        /**
         * @param sums K*D, added to
         * @param counts K, added to
         */
        void accumulate(int from, int to, int worker, double[] centers, double[] sums, double[] counts);
    }

    /** The assignment step in plain Java, sample by sample with {@link #nearest}. */
    public static Assignment plainAssignment(Samples data) {
        int d = data.dimension();
        double[] x = data.values();
        return (from, to, worker, centers, s, cnt) -> {
            int k = centers.length / d;
            for (int i = from; i < to; i++) {
                double w = data.weight(i);
                if (w == 0) {
                    continue;
                }
                int best = nearest(x, i * d, centers, k, d);
                cnt[best] += w;
                for (int j = 0; j < d; j++) {
                    s[best * d + j] += w * x[i * d + j];
                }
            }
        };
    }

    /**
     * @param centers K*D starting centres; not modified
     * @return the final K*D centres
     */
    public static double[] lloyd(Samples data, double[] centers, ChunkedExecutor executor, int maxIter, double tol) {
        return lloyd(data, centers, executor, maxIter, tol, plainAssignment(data));
    }

    /**
     * Lloyd's iterations with a given assignment step (e.g. the EM engine's SIMD one); the result
     * depends only on the sums it adds, in chunk order.
     */
    public static double[] lloyd(Samples data, double[] centers, ChunkedExecutor executor, int maxIter, double tol,
            Assignment assignment) {
        int d = data.dimension();
        int k = centers.length / d;
        double threshold = tol * meanVariance(data);
        double[] current = centers.clone();
        double[][] sums = new double[executor.chunks()][k * d];
        double[][] counts = new double[executor.chunks()][k];
        for (int it = 0; it < maxIter; it++) {
            double[] c0 = current;
            executor.forEachChunk((chunk, from, to, worker) -> {
                java.util.Arrays.fill(sums[chunk], 0);
                java.util.Arrays.fill(counts[chunk], 0);
                assignment.accumulate(from, to, worker, c0, sums[chunk], counts[chunk]);
            });
            double[] next = new double[k * d];
            double[] total = new double[k];
            for (int chunk = 0; chunk < sums.length; chunk++) {
                for (int i = 0; i < k * d; i++) {
                    next[i] += sums[chunk][i];
                }
                for (int c = 0; c < k; c++) {
                    total[c] += counts[chunk][c];
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

    /** Weighted mean over features of the per-feature variance. */
    static double meanVariance(Samples data) {
        int d = data.dimension();
        double[] x = data.values();
        double[] mean = new double[d];
        double total = data.totalWeight();
        for (int i = 0; i < data.size(); i++) {
            double w = data.weight(i);
            for (int j = 0; j < d; j++) {
                mean[j] += w * x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= total;
        }
        double var = 0;
        for (int i = 0; i < data.size(); i++) {
            double w = data.weight(i);
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j] - mean[j];
                var += w * v * v;
            }
        }
        return var / total / d;
    }
}
