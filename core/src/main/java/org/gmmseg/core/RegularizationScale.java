package org.gmmseg.core;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The unit of {@code regCovar} per feature: the M-step adds {@code regCovar * s_j} to the
 * covariance diagonal of feature j (eq. 8), and {@code regCovar * mean_j(s_j)} to a spherical
 * variance (the mean of the regularised diagonal).
 *
 * <ul>
 * <li>{@link #ABSOLUTE}: s_j = 1, scikit-learn's {@code reg_covar}; used for feature tables.</li>
 * <li>{@link #relativeTo(Samples)}: s_j = the samples' variance of feature j. Scaling feature j of
 *     the data by a_j then scales s_j by a_j^2, so the regularised covariances are
 *     A Sigma A with A = diag(a); with k-means' scale-free stopping rule and the convergence test
 *     on the change of the mean log-likelihood (which a scale only shifts by sum_j log a_j), a fit
 *     of scaled data is the scaled fit. Used for images, whose feature values depend on how the
 *     intensities were stored (12 bits in a 16-bit file).</li>
 * </ul>
 * A feature of zero variance (a constant channel) takes the mean of the positive variances, so
 * that its diagonal is still regularised; when all are zero, s_j = 1.
 *
 * <p>Immutable and thread-safe; equal by content.
 */
public final class RegularizationScale implements Serializable {
    private static final long serialVersionUID = 1L;

    /** s_j = 1 for every feature: regCovar is added as it is. */
    public static final RegularizationScale ABSOLUTE = new RegularizationScale(null);

    /** Null for {@link #ABSOLUTE}. */
    private final double[] scales;

    private RegularizationScale(double[] scales) {
        this.scales = scales;
    }

    /** Relative to the samples' per-feature (weighted) variances ({@link Samples#variances()}). */
    public static RegularizationScale relativeTo(Samples samples) {
        return ofVariances(samples.variances());
    }

    /**
     * Relative to these per-feature variances; zeros are replaced as the class says.
     *
     * @throws GmmException if a variance is negative or not finite, or none is given
     */
    public static RegularizationScale ofVariances(double[] variances) {
        if (variances.length == 0) {
            throw new GmmException("a relative regularisation needs at least one feature variance");
        }
        double sum = 0;
        int positive = 0;
        for (double v : variances) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new GmmException("feature variances must be finite and >= 0, got " + Arrays.toString(variances));
            }
            if (v > 0) {
                sum += v;
                positive++;
            }
        }
        double fill = positive > 0 ? sum / positive : 1;
        double[] s = new double[variances.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = variances[j] > 0 ? variances[j] : fill;
        }
        return new RegularizationScale(s);
    }

    /** Whether regCovar is relative to per-feature scales (false: {@link #ABSOLUTE}). */
    public boolean relative() {
        return scales != null;
    }

    /** The per-feature scales s_j (a copy), or null for {@link #ABSOLUTE}. */
    public double[] scales() {
        return scales == null ? null : scales.clone();
    }

    /**
     * What the M-step adds to each diagonal entry: regCovar * s_j.
     *
     * @throws GmmException if the scales are for another number of features than d
     */
    public double[] added(double regCovar, int d) {
        double[] out = new double[d];
        if (scales == null) {
            Arrays.fill(out, regCovar);
            return out;
        }
        requireDimension(d);
        for (int j = 0; j < d; j++) {
            out[j] = regCovar * scales[j];
        }
        return out;
    }

    /** @throws GmmException if relative scales are for another number of features than d */
    public void requireDimension(int d) {
        if (scales != null && scales.length != d) {
            throw new GmmException("the regularisation scales have " + scales.length + " features but the data have "
                    + d);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegularizationScale r && Arrays.equals(scales, r.scales);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(scales);
    }

    @Override
    public String toString() {
        return scales == null ? "absolute" : "relative to feature variances " + Arrays.toString(scales);
    }

    /** Keeps {@link #ABSOLUTE} a singleton after deserialisation. */
    private Object readResolve() {
        return scales == null ? ABSOLUTE : this;
    }
}
