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
    private PottsBeta() {
    }

    /** An estimate; {@code clamped} when the pseudo-likelihood still rose at the upper end. */
    public record Estimate(double beta, boolean clamped) {
    }

    /**
     * @param responsibilities N x K, the labels their argmax; all 0 at excluded pixels
     * @param weights pi_k, the external field
     */
    public static Estimate estimate(float[] responsibilities, int k, PixelGrid grid, double[] weights, int threads) {
        try (ChunkedExecutor executor = new ChunkedExecutor(grid.pixels(), threads)) {
            return estimate(responsibilities, k, grid, weights, executor);
        }
    }

    static Estimate estimate(float[] responsibilities, int k, PixelGrid grid, double[] weights,
            ChunkedExecutor executor) {
        int axes = grid.axes();
        int fields = 1 + 2 * axes;
        int bits = 32 - Integer.numberOfLeadingZeros(k);
        if (bits * fields > 63) {
            throw new GmmException("cannot estimate the MRF strength for K=" + k + " on " + axes + " axes");
        }
        // per chunk: configuration (own label, then each neighbour's or k for none) -> pixels
        @SuppressWarnings("unchecked")
        Map<Long, long[]>[] counts = new Map[executor.chunks()];
        executor.forEachChunk((chunk, from, to, worker) -> {
            Map<Long, long[]> map = new HashMap<>();
            int[] position = new int[axes];
            int rest = from;
            for (int a = 0; a < axes; a++) {
                position[a] = rest % grid.size(a);
                rest /= grid.size(a);
            }
            for (int pixel = from; pixel < to; pixel++) {
                int own = HmrfFitter.argmax(responsibilities, pixel * k, k);
                if (own >= 0) {
                    long key = own;
                    for (int a = 0; a < axes; a++) {
                        int stride = grid.stride(a);
                        int lower = position[a] > 0 ? HmrfFitter.argmax(responsibilities, (pixel - stride) * k, k) : -1;
                        int upper = position[a] < grid.size(a) - 1
                                ? HmrfFitter.argmax(responsibilities, (pixel + stride) * k, k) : -1;
                        key = (key << bits) | (lower < 0 ? k : lower);
                        key = (key << bits) | (upper < 0 ? k : upper);
                    }
                    map.computeIfAbsent(key, x -> new long[1])[0]++;
                }
                for (int a = 0; a < axes && ++position[a] == grid.size(a); a++) {
                    position[a] = 0;
                }
            }
            counts[chunk] = map;
        });
        TreeMap<Long, long[]> all = new TreeMap<>();
        for (Map<Long, long[]> map : counts) {
            map.forEach((key, c) -> all.computeIfAbsent(key, x -> new long[1])[0] += c[0]);
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
            for (int a = axes - 1; a >= 0; a--) {
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
