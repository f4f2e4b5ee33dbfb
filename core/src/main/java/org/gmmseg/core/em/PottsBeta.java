package org.gmmseg.core.em;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.GmmException;

/**
 * Estimates the Potts interaction BETA from a labelling by maximum pseudo-likelihood
 * (Besag 1975; docs/em-derivation.md, eq. 29): with u_n(k) = sum over the neighbours m of n of
 * w_a [z_m = k] and the external field ln pi_k, BETA maximises
 * sum_n ln( pi_(z_n) exp(BETA u_n(z_n)) / sum_k pi_k exp(BETA u_n(k)) ),
 * a concave function of BETA, so its derivative is found by bisection on [0, {@link HmrfOptions#MAX_AUTO_BETA}].
 * Pixels are grouped by their label and their neighbours' labels first, so the search costs
 * nothing per pixel.
 *
 * <p>It fails in two known ways: labels whose regions are large and clean (few pixels on a
 * border) make the pseudo-likelihood grow without bound in BETA, so the estimate is clamped at
 * the upper end (and says so); salt-and-pepper labels from a very noisy image give too small a
 * BETA, since the noise's disagreements are taken for weak interaction.
 */
public final class PottsBeta {
    /** Configurations are counted in an array of 2^this ints per worker when they fit. */
    private static final int DENSE_KEY_BITS = 21;

    private PottsBeta() {
    }

    /** An estimate; {@code clamped} when the pseudo-likelihood still rose at the upper end. */
    public record Estimate(double beta, boolean clamped) {
    }

    /**
     * @param labels per pixel, 0..K-1, or -1 at excluded pixels (which are nobody's neighbour)
     * @param weights pi_k, the external field
     */
    public static Estimate estimate(short[] labels, int k, PixelGrid grid, double[] weights, int threads) {
        try (ChunkedExecutor executor = new ChunkedExecutor(grid.pixels(), threads)) {
            return estimate(labels, k, grid, weights, executor);
        }
    }

    static Estimate estimate(short[] labels, int k, PixelGrid grid, double[] weights, ChunkedExecutor executor) {
        return estimate(labels, k, grid, weights, executor, DENSE_KEY_BITS);
    }

    /** With the configurations counted in an array when they take at most {@code denseKeyBits} bits. */
    static Estimate estimate(short[] labels, int k, PixelGrid grid, double[] weights, ChunkedExecutor executor,
            int denseKeyBits) {
        // axes of weight 0 (e.g. time) add nothing to u and are left out of the configurations
        int[] linked = java.util.stream.IntStream.range(0, grid.axes()).filter(a -> grid.weight(a) > 0).toArray();
        int axes = grid.axes();
        int fields = 1 + 2 * linked.length;
        int bits = 32 - Integer.numberOfLeadingZeros(k);
        if (bits * fields > 63) {
            throw new GmmException("cannot estimate the MRF strength for K=" + k + " on " + axes + " axes");
        }
        // configuration (own label, then each neighbour's or k for none) -> pixels: counted per worker
        // in an array when the configurations are few (K = 4 in 3-D: 2^21), per chunk in a map otherwise
        int keyBits = bits * fields;
        boolean dense = keyBits <= denseKeyBits;
        int[][] tallies = new int[executor.workers()][];
        @SuppressWarnings("unchecked")
        Map<Long, long[]>[] counts = new Map[executor.chunks()];
        executor.forEachChunk((chunk, from, to, worker) -> {
            Map<Long, long[]> map = dense ? null : new HashMap<>();
            if (dense && tallies[worker] == null) {
                tallies[worker] = new int[1 << keyBits];
            }
            int[] tally = tallies[worker];
            int[] position = new int[axes];
            int rest = from;
            for (int a = 0; a < axes; a++) {
                position[a] = rest % grid.size(a);
                rest /= grid.size(a);
            }
            for (int pixel = from; pixel < to; pixel++) {
                int own = labels[pixel];
                if (own >= 0) {
                    long key = own;
                    for (int a : linked) {
                        int stride = grid.stride(a);
                        int lower = position[a] > 0 ? labels[pixel - stride] : -1;
                        int upper = position[a] < grid.size(a) - 1 ? labels[pixel + stride] : -1;
                        key = (key << bits) | (lower < 0 ? k : lower);
                        key = (key << bits) | (upper < 0 ? k : upper);
                    }
                    if (dense) {
                        tally[(int) key]++;
                    } else {
                        map.computeIfAbsent(key, x -> new long[1])[0]++;
                    }
                }
                for (int a = 0; a < axes && ++position[a] == grid.size(a); a++) {
                    position[a] = 0;
                }
            }
            counts[chunk] = map;
        });
        TreeMap<Long, long[]> all = new TreeMap<>();
        if (dense) {
            for (int key = 0; key < 1 << keyBits; key++) {
                long c = 0;
                for (int[] tally : tallies) {
                    c += tally == null ? 0 : tally[key];
                }
                if (c > 0) {
                    all.put((long) key, new long[] {c});
                }
            }
        } else {
            for (Map<Long, long[]> map : counts) {
                map.forEach((key, c) -> all.computeIfAbsent(key, x -> new long[1])[0] += c[0]);
            }
        }
        // u(k) per configuration, own label and count
        int configs = all.size();
        double[] u = new double[configs * k];
        int[] own = new int[configs];
        double[] count = new double[configs];
        long mask = (1L << bits) - 1;
        int i = 0;
        for (Map.Entry<Long, long[]> e : all.entrySet()) {
            long key = e.getKey();
            for (int q = linked.length - 1; q >= 0; q--) {
                int a = linked[q];
                for (int side = 0; side < 2; side++) {
                    int label = (int) (key & mask);
                    key >>>= bits;
                    if (label < k) {
                        u[i * k + label] += grid.weight(a);
                    }
                }
            }
            own[i] = (int) key;
            count[i] = e.getValue()[0];
            i++;
        }
        double[] logPi = new double[k];
        for (int c = 0; c < k; c++) {
            logPi[c] = Math.log(weights[c]);
        }
        double lo = 0;
        double hi = HmrfOptions.MAX_AUTO_BETA;
        if (slope(lo, u, own, count, logPi, k) <= 0) {
            return new Estimate(0, false);
        }
        if (slope(hi, u, own, count, logPi, k) > 0) {
            return new Estimate(hi, true);
        }
        for (int it = 0; it < 60; it++) {
            double mid = 0.5 * (lo + hi);
            if (slope(mid, u, own, count, logPi, k) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new Estimate(0.5 * (lo + hi), false);
    }

    /** d/dBETA of the log pseudo-likelihood: sum over configurations of count (u(z) - E[u]). */
    private static double slope(double beta, double[] u, int[] own, double[] count, double[] logPi, int k) {
        double total = 0;
        double[] t = new double[k];
        for (int i = 0; i < own.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                t[c] = logPi[c] + beta * u[i * k + c];
                max = Math.max(max, t[c]);
            }
            double z = 0;
            double mean = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(t[c] - max);
                z += e;
                mean += e * u[i * k + c];
            }
            total += count[i] * (u[i * k + own[i]] - mean / z);
        }
        return total;
    }
}
