package org.gmmseg.core.init;

import java.util.SplittableRandom;

import org.gmmseg.core.GmmException;
import org.gmmseg.core.Samples;

/**
 * Choice of K initial centres among the samples. Sample weights count as multiplicities.
 * Every random choice comes from the generator passed in.
 */
public final class Seeding {
    private Seeding() {
    }

    /**
     * Greedy k-means++ (Arthur and Vassilvitskii 2007, as scikit-learn's {@code kmeans_plusplus}):
     * the first centre is drawn with probability proportional to the weight, each next one from
     * 2 + ln K candidates drawn proportional to weight times squared distance to the nearest
     * centre, keeping the candidate that lowers the total potential most.
     *
     * @return K*D centres, row-major
     * @throws GmmException when squared distances overflow (features too large)
     */
    public static double[] kMeansPlusPlus(Samples data, int k, SplittableRandom rng) {
        return kMeansPlusPlus(data, k, rng, () -> { });
    }

    /**
     * As {@link #kMeansPlusPlus(Samples, int, SplittableRandom)}, running {@code checkpoint} before
     * each centre after the first (each takes a few passes over the data), e.g. to stop a
     * cancelled fit by throwing.
     */
    public static double[] kMeansPlusPlus(Samples data, int k, SplittableRandom rng, Runnable checkpoint) {
        int n = data.size();
        int d = data.dimension();
        double[] x = data.values();
        double[] centers = new double[k * d];
        int first = drawWeighted(data, null, rng.nextDouble() * data.totalWeight());
        System.arraycopy(x, first * d, centers, 0, d);
        double[] closest = new double[n];
        double potential = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = squaredDistance(x, i * d, centers, 0, d);
            potential += data.weight(i) * closest[i];
        }
        int trials = 2 + (int) Math.log(k);
        double[] candidateClosest = new double[n];
        double[] bestClosest = new double[n];
        for (int c = 1; c < k; c++) {
            checkpoint.run();
            if (!(potential > 0)) {
                throw new GmmException("fewer than " + k + " distinct samples; use fewer components");
            }
            if (potential == Double.POSITIVE_INFINITY) {
                // squared distances beyond the largest double: no candidate could be told from another
                throw new GmmException("the features are too large for k-means++ (squared distances between samples "
                        + "overflow); rescale them");
            }
            double bestPotential = Double.POSITIVE_INFINITY;
            int bestIndex = -1;
            for (int t = 0; t < trials; t++) {
                int candidate = drawWeighted(data, closest, rng.nextDouble() * potential);
                double p = 0;
                for (int i = 0; i < n; i++) {
                    double dist = Math.min(closest[i], squaredDistance(x, i * d, x, candidate * d, d));
                    candidateClosest[i] = dist;
                    p += data.weight(i) * dist;
                }
                if (p < bestPotential) {
                    bestPotential = p;
                    bestIndex = candidate;
                    System.arraycopy(candidateClosest, 0, bestClosest, 0, n);
                }
            }
            System.arraycopy(x, bestIndex * d, centers, c * d, d);
            System.arraycopy(bestClosest, 0, closest, 0, n);
            potential = bestPotential;
        }
        return centers;
    }

    /**
     * K distinct samples drawn at random, each with probability proportional to its weight.
     *
     * @return K*D centres, row-major
     * @throws GmmException if fewer than K distinct samples have positive weight
     */
    public static double[] randomFromData(Samples data, int k, SplittableRandom rng) {
        int d = data.dimension();
        double[] x = data.values();
        double[] centers = new double[k * d];
        int[] chosen = new int[k];
        int found = 0;
        // rejection of repeats; bounded, then a deterministic scan for what is left
        for (int attempt = 0; attempt < 64 * k && found < k; attempt++) {
            int i = drawWeighted(data, null, rng.nextDouble() * data.totalWeight());
            if (isNew(data, chosen, found, i)) {
                chosen[found++] = i;
            }
        }
        for (int i = 0; i < data.size() && found < k; i++) {
            if (data.weight(i) > 0 && isNew(data, chosen, found, i)) {
                chosen[found++] = i;
            }
        }
        if (found < k) {
            throw new GmmException("only " + found + " distinct samples for " + k + " components; use fewer components");
        }
        for (int c = 0; c < k; c++) {
            System.arraycopy(x, chosen[c] * d, centers, c * d, d);
        }
        return centers;
    }

    private static boolean isNew(Samples data, int[] chosen, int count, int i) {
        for (int f = 0; f < count; f++) {
            if (data.sameRow(chosen[f], i)) {
                return false;
            }
        }
        return true;
    }

    /** Index where the running sum of weight (times factor, if given) first exceeds target. */
    private static int drawWeighted(Samples data, double[] factor, double target) {
        int n = data.size();
        double acc = 0;
        int last = -1;
        for (int i = 0; i < n; i++) {
            double w = data.weight(i) * (factor == null ? 1 : factor[i]);
            if (w > 0) {
                acc += w;
                last = i;
                if (acc > target) {
                    return i;
                }
            }
        }
        return last; // rounding: target at the very end of the cumulative sum
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
