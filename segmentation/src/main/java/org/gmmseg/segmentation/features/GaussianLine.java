package org.gmmseg.segmentation.features;

/**
 * Gaussian filtering of lines of n samples with mirrored borders (the sample at the border is not
 * repeated: ... 2 1 | 0 1 2 ... n-1 | n-2 ...), for separable smoothing. The Gaussian is cut at
 * three sigmas and normalised to sum 1.
 *
 * <p>The cost per sample is bounded by the line, not by sigma: the mirrored line repeats with period
 * P = 2 (n - 1), so a kernel wider than P is folded onto one period first (P taps), and from
 * sigma &gt;= 2P on, where the folded Gaussian is flat to double precision, the result is the mean of a
 * period (the end samples once, the others twice). A kernel narrower than P runs as it is, in the
 * order gmmseg always used, so those results are unchanged. Immutable; thread-safe.
 */
final class GaussianLine {
    private final int n;
    /** Taps of the kernel from -radius to radius, or of the folded kernel over one period; null for identity or mean. */
    private final double[] kernel;
    private final int radius;
    private final boolean folded;
    private final boolean mean;

    /**
     * @param sigma standard deviation in samples, finite and &gt; 0
     * @param n the length of the lines, at least 1
     */
    GaussianLine(double sigma, int n) {
        if (!(sigma > 0) || Double.isInfinite(sigma) || n < 1) {
            throw new IllegalArgumentException("sigma " + sigma + " on lines of " + n);
        }
        this.n = n;
        long period = 2L * (n - 1);
        double reach = Math.max(1, Math.ceil(3 * sigma));
        if (n == 1) { // the mirror of one sample is itself
            kernel = null;
            radius = 0;
            folded = false;
            mean = false;
        } else if (2 * reach + 1 <= period) {
            radius = (int) reach;
            kernel = new double[2 * radius + 1];
            double sum = 0;
            for (int i = -radius; i <= radius; i++) {
                kernel[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
                sum += kernel[i + radius];
            }
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] /= sum;
            }
            folded = false;
            mean = false;
        } else if (sigma < 2 * period) {
            radius = (int) reach; // at most 6 P
            kernel = new double[(int) period];
            double sum = 0;
            for (int i = -radius; i <= radius; i++) {
                double k = Math.exp(-0.5 * i * i / (sigma * sigma));
                kernel[(int) Math.floorMod(i, period)] += k;
                sum += k;
            }
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] /= sum;
            }
            folded = true;
            mean = false;
        } else {
            kernel = null;
            radius = 0;
            folded = false;
            mean = true;
        }
    }

    /** Filters in[0..n) into out[0..n); the arrays must differ. */
    void apply(float[] in, float[] out) {
        if (kernel == null && !mean) {
            System.arraycopy(in, 0, out, 0, n);
        } else if (mean) {
            double s = in[0] + (double) in[n - 1];
            for (int i = 1; i < n - 1; i++) {
                s += 2.0 * in[i];
            }
            float m = (float) (s / (2.0 * (n - 1)));
            for (int x = 0; x < n; x++) {
                out[x] = m;
            }
        } else if (folded) {
            int period = kernel.length;
            for (int x = 0; x < n; x++) {
                double s = 0;
                for (int u = 0; u < period; u++) {
                    s += kernel[u] * in[mirror(x + u)];
                }
                out[x] = (float) s;
            }
        } else {
            for (int x = 0; x < n; x++) {
                double s = 0;
                for (int t = -radius; t <= radius; t++) {
                    s += kernel[t + radius] * in[mirror(x + t)];
                }
                out[x] = (float) s;
            }
        }
    }

    private int mirror(int p) {
        int period = 2 * (n - 1);
        p = Math.floorMod(p, period);
        return p < n ? p : period - p;
    }
}
