package org.gmmseg.core;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;

/**
 * An immutable Gaussian mixture p(x) = sum_k pi_k N(x | mu_k, Sigma_k).
 *
 * <p>Parameters have scikit-learn's meaning and shapes ({@code weights_}, {@code means_},
 * {@code covariances_}, {@code precisions_cholesky_}). Arrays are copied in and out; the
 * Cholesky factors of the precisions are computed once at construction, and densities are
 * evaluated from them in log space, never from an explicit inverse.
 *
 * <p>Flat layouts (row-major): means K*D; covariances per {@link CovarianceType#flatLength}:
 * full K*D*D, tied D*D, diag K*D, spherical K.
 *
 * <p>Error messages name a component by its zero-based position, as the model file's arrays do
 * ({@code covariances[1]} is the second component's; docs/model-format.md).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class GaussianMixture implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final CovarianceType covarianceType;
    private final int k;
    private final int d;
    private final double[] weights;
    private final double[] logWeights;
    private final double[] means;
    private final double[] covariances;
    /**
     * Inverse lower Cholesky factor L^-1 of each covariance (full: K*D*D, tied: D*D), or
     * 1/sqrt(variance) (diag: K*D, spherical: K). sklearn's precisions_cholesky_ is its transpose.
     */
    private final double[] inverseCholesky;
    /** ln det of the precision Cholesky factor per component: -sum_j ln L_jj. */
    private final double[] logDetPrecisionCholesky;

    private GaussianMixture(CovarianceType type, int k, int d, double[] weights, double[] means,
            double[] covariances) {
        this.covarianceType = Objects.requireNonNull(type, "covarianceType");
        if (k < 1 || d < 1) {
            throw new GmmException("a mixture needs at least one component and one dimension (K=" + k + ", D=" + d + ")");
        }
        this.k = k;
        this.d = d;
        check(weights.length == k, "weights has length " + weights.length + ", expected K=" + k);
        check(means.length == k * d, "means has " + means.length + " values, expected K*D=" + (k * d));
        check(covariances.length == type.flatLength(k, d),
                "covariances has " + covariances.length + " values, expected " + type.flatLength(k, d)
                        + " for " + type + " with K=" + k + ", D=" + d);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double w = weights[i];
            check(Double.isFinite(w) && w >= 0 && w <= 1, "weights[" + i + "] is " + w + ", must be in [0, 1]");
            sum += w;
        }
        check(Math.abs(sum - 1) <= 1e-6, "weights sum to " + sum + ", must sum to 1");
        for (int i = 0; i < means.length; i++) {
            check(Double.isFinite(means[i]), "means[" + i / d + "][" + i % d + "] is not finite (" + means[i] + ")");
        }
        this.weights = weights.clone();
        this.means = means.clone();
        this.covariances = covariances.clone();
        this.logWeights = new double[k];
        for (int i = 0; i < k; i++) {
            logWeights[i] = Math.log(weights[i]);
        }
        this.inverseCholesky = new double[covariances.length];
        this.logDetPrecisionCholesky = new double[k];
        factorize();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new GmmException(message);
        }
    }

    /**
     * A mixture from flat row-major arrays (see class javadoc for the layouts). Arrays are copied.
     *
     * @throws GmmException if shapes disagree, weights are not a probability vector, a value is
     *     not finite, or a covariance is not positive definite ({@link DegenerateComponentException})
     */
    public static GaussianMixture ofFlat(CovarianceType type, int k, int d, double[] weights, double[] means,
            double[] covariances) {
        return new GaussianMixture(type, k, d, weights, means, covariances);
    }

    /** A full-covariance mixture: covariances K x D x D. */
    public static GaussianMixture full(double[] weights, double[][] means, double[][][] covariances) {
        int d = means[0].length;
        double[] flat = new double[covariances.length * d * d];
        for (int i = 0; i < covariances.length; i++) {
            flatten(covariances[i], d, flat, i * d * d);
        }
        return new GaussianMixture(CovarianceType.FULL, weights.length, d, weights, flatten(means, d), flat);
    }

    /** A tied-covariance mixture: one covariance D x D shared by all components. */
    public static GaussianMixture tied(double[] weights, double[][] means, double[][] covariance) {
        int d = means[0].length;
        double[] flat = new double[d * d];
        flatten(covariance, d, flat, 0);
        return new GaussianMixture(CovarianceType.TIED, weights.length, d, weights, flatten(means, d), flat);
    }

    /** A diagonal-covariance mixture: variances K x D. */
    public static GaussianMixture diag(double[] weights, double[][] means, double[][] variances) {
        int d = means[0].length;
        return new GaussianMixture(CovarianceType.DIAG, weights.length, d, weights, flatten(means, d),
                flatten(variances, d));
    }

    /** A spherical mixture: one variance per component. */
    public static GaussianMixture spherical(double[] weights, double[][] means, double[] variances) {
        int d = means[0].length;
        return new GaussianMixture(CovarianceType.SPHERICAL, weights.length, d, weights, flatten(means, d),
                variances.clone());
    }

    private static double[] flatten(double[][] rows, int d) {
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            flatten1(rows[i], d, flat, i * d, i);
        }
        return flat;
    }

    private static void flatten(double[][] square, int d, double[] out, int offset) {
        if (square.length != d) {
            throw new GmmException("covariance matrix has " + square.length + " rows, expected D=" + d);
        }
        for (int r = 0; r < d; r++) {
            flatten1(square[r], d, out, offset + r * d, r);
        }
    }

    private static void flatten1(double[] row, int d, double[] out, int offset, int index) {
        if (row.length != d) {
            throw new GmmException("row " + index + " has " + row.length + " values, expected D=" + d);
        }
        System.arraycopy(row, 0, out, offset, d);
    }

    /** Computes the precision Cholesky factors; fails on a covariance that is not positive definite. */
    private void factorize() {
        switch (covarianceType) {
            case FULL -> {
                for (int c = 0; c < k; c++) {
                    logDetPrecisionCholesky[c] = invertCholesky(c, c * d * d);
                }
            }
            case TIED -> Arrays.fill(logDetPrecisionCholesky, invertCholesky(-1, 0));
            case DIAG -> {
                for (int c = 0; c < k; c++) {
                    double logDet = 0;
                    for (int j = 0; j < d; j++) {
                        double v = covariances[c * d + j];
                        requirePositiveVariance(c, v);
                        inverseCholesky[c * d + j] = 1 / Math.sqrt(v);
                        logDet -= 0.5 * Math.log(v);
                    }
                    logDetPrecisionCholesky[c] = logDet;
                }
            }
            case SPHERICAL -> {
                for (int c = 0; c < k; c++) {
                    double v = covariances[c];
                    requirePositiveVariance(c, v);
                    inverseCholesky[c] = 1 / Math.sqrt(v);
                    logDetPrecisionCholesky[c] = -0.5 * d * Math.log(v);
                }
            }
        }
    }

    private void requirePositiveVariance(int component, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw degenerate(component);
        }
    }

    /** Factorises the covariance at offset as L L^T and stores L^-1; returns -sum ln L_jj. */
    private double invertCholesky(int component, int offset) {
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double v = covariances[offset + r * d + c];
                double t = covariances[offset + c * d + r];
                if (!Double.isFinite(v) || Math.abs(v - t) > 1e-8 * Math.max(1, Math.max(Math.abs(v), Math.abs(t)))) {
                    throw new GmmException((component < 0 ? "the shared covariance" : "covariances[" + component + "]")
                            + " is not a finite symmetric matrix");
                }
                a.set(r, c, v);
            }
        }
        CholeskyDecompositionInner_DDRM chol = new CholeskyDecompositionInner_DDRM(true);
        if (!chol.decompose(a)) {
            throw degenerate(component);
        }
        DMatrixRMaj lower = chol.getT(null);
        double logDet = 0;
        for (int j = 0; j < d; j++) {
            double l = lower.get(j, j);
            if (!(l > 0) || !Double.isFinite(l)) {
                throw degenerate(component);
            }
            logDet -= Math.log(l);
        }
        TriangularSolver_DDRM.invertLower(lower.data, d);
        for (int r = 0; r < d; r++) {
            for (int c = 0; c <= r; c++) {
                inverseCholesky[offset + r * d + c] = lower.get(r, c);
            }
        }
        return logDet;
    }

    private DegenerateComponentException degenerate(int component) {
        String who = component < 0 ? "the shared covariance" : "covariances[" + component + "] (of K=" + k + ")";
        return new DegenerateComponentException(component, who + " is not positive definite "
                + "(a component collapsed onto too few distinct samples or a feature has no variance); "
                + "use fewer components, a larger regCovar, or rescale the features");
    }

    // ---------------------------------------------------------------- accessors

    public CovarianceType covarianceType() {
        return covarianceType;
    }

    /** Number of components K. */
    public int components() {
        return k;
    }

    /** Dimension D of the feature vectors. */
    public int dimension() {
        return d;
    }

    /** Mixing weights pi_k (copy). */
    public double[] weights() {
        return weights.clone();
    }

    public double weight(int component) {
        return weights[component];
    }

    /** Means mu_k as K x D (copy). */
    public double[][] means() {
        double[][] out = new double[k][];
        for (int c = 0; c < k; c++) {
            out[c] = mean(c);
        }
        return out;
    }

    /** Mean of one component (copy). */
    public double[] mean(int component) {
        return Arrays.copyOfRange(means, component * d, component * d + d);
    }

    /** Means as a flat K*D row-major array (copy). */
    public double[] meansFlat() {
        return means.clone();
    }

    /** Covariances in the flat layout of {@link CovarianceType#flatLength} (copy). */
    public double[] covariancesFlat() {
        return covariances.clone();
    }

    /** The full D x D covariance Sigma_k of one component, whatever the covariance type. */
    public double[][] covariance(int component) {
        double[][] out = new double[d][d];
        switch (covarianceType) {
            case FULL, TIED -> {
                int off = covarianceType == CovarianceType.FULL ? component * d * d : 0;
                for (int r = 0; r < d; r++) {
                    System.arraycopy(covariances, off + r * d, out[r], 0, d);
                }
            }
            case DIAG -> {
                for (int j = 0; j < d; j++) {
                    out[j][j] = covariances[component * d + j];
                }
            }
            case SPHERICAL -> {
                for (int j = 0; j < d; j++) {
                    out[j][j] = covariances[component];
                }
            }
        }
        return out;
    }

    /**
     * scikit-learn's {@code precisions_cholesky_} in the flat layout of the covariances: the upper
     * triangular U with Sigma^-1 = U U^T (full, tied), or 1/sqrt(variance) (diag, spherical).
     */
    public double[] precisionsCholeskyFlat() {
        double[] out = inverseCholesky.clone();
        if (covarianceType == CovarianceType.FULL || covarianceType == CovarianceType.TIED) {
            int blocks = covarianceType == CovarianceType.FULL ? k : 1;
            for (int b = 0; b < blocks; b++) {
                int off = b * d * d;
                for (int r = 0; r < d; r++) {
                    for (int c = 0; c < d; c++) {
                        out[off + r * d + c] = inverseCholesky[off + c * d + r];
                    }
                }
            }
        }
        return out;
    }

    /**
     * ln det U_k for each component, with U_k the precision Cholesky factor: the normalising term of
     * ln N(x | mu_k, Sigma_k) = -(D ln 2pi + |y|^2)/2 + ln det U_k (copy).
     */
    public double[] logDetPrecisionsCholesky() {
        return logDetPrecisionCholesky.clone();
    }

    /** Number of free parameters (scikit-learn's {@code _n_parameters}): covariances + K*D means + K-1 weights. */
    public long parameterCount() {
        return covarianceType.covarianceParameters(k, d) + (long) k * d + k - 1;
    }

    // ---------------------------------------------------------------- densities

    /**
     * The E-step kernel: writes ln pi_k + ln N(x | mu_k, Sigma_k) for every component k into
     * {@code out[0..K)}, reading the sample {@code x[offset..offset+D)}. With y = (x - mu_k)^T U_k,
     * ln N = -(D ln 2pi + |y|^2)/2 + ln det U_k.
     *
     * @param out receives K values (modified)
     * @param scratch at least D values, overwritten
     */
    public void weightedLogProbabilities(double[] x, int offset, double[] out, double[] scratch) {
        double constant = -0.5 * d * LOG_2PI;
        switch (covarianceType) {
            case FULL, TIED -> {
                boolean tied = covarianceType == CovarianceType.TIED;
                for (int c = 0; c < k; c++) {
                    int mo = c * d;
                    for (int j = 0; j < d; j++) {
                        scratch[j] = x[offset + j] - means[mo + j];
                    }
                    int po = tied ? 0 : c * d * d;
                    double sq = 0;
                    for (int r = 0; r < d; r++) {
                        int row = po + r * d;
                        double y = 0;
                        for (int i = 0; i <= r; i++) {
                            y += inverseCholesky[row + i] * scratch[i];
                        }
                        sq += y * y;
                    }
                    out[c] = logWeights[c] + constant - 0.5 * sq + logDetPrecisionCholesky[c];
                }
            }
            case DIAG -> {
                for (int c = 0; c < k; c++) {
                    int o = c * d;
                    double sq = 0;
                    for (int j = 0; j < d; j++) {
                        double y = (x[offset + j] - means[o + j]) * inverseCholesky[o + j];
                        sq += y * y;
                    }
                    out[c] = logWeights[c] + constant - 0.5 * sq + logDetPrecisionCholesky[c];
                }
            }
            case SPHERICAL -> {
                for (int c = 0; c < k; c++) {
                    int o = c * d;
                    double sq = 0;
                    for (int j = 0; j < d; j++) {
                        double diff = x[offset + j] - means[o + j];
                        sq += diff * diff;
                    }
                    double p = inverseCholesky[c];
                    out[c] = logWeights[c] + constant - 0.5 * sq * p * p + logDetPrecisionCholesky[c];
                }
            }
        }
    }

    /** ln sum_i exp(a_i) over a[0..n), stable for any magnitude; -infinity when all are -infinity. */
    public static double logSumExp(double[] a, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (a[i] > max) {
                max = a[i];
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(a[i] - max);
        }
        return max + Math.log(s);
    }

    /** ln p(x_n) for every sample (the terms of eq. 6). */
    public double[] scoreSamples(Samples samples) {
        requireDimension(samples);
        double[] out = new double[samples.size()];
        double[] lp = new double[k];
        double[] scratch = new double[d];
        double[] v = samples.values();
        for (int n = 0; n < out.length; n++) {
            weightedLogProbabilities(v, n * d, lp, scratch);
            out[n] = logSumExp(lp, k);
        }
        return out;
    }

    /** Mean log-likelihood per sample, L / N of eq. 6, weighted by the sample weights. */
    public double score(Samples samples) {
        double[] ll = scoreSamples(samples);
        double sum = 0;
        for (int n = 0; n < ll.length; n++) {
            sum += samples.weight(n) * ll[n];
        }
        return sum / samples.totalWeight();
    }

    /** Responsibilities gamma(z_nk) (eq. 5) as N x K; each row sums to 1. */
    public double[][] predictProba(Samples samples) {
        requireDimension(samples);
        double[][] out = new double[samples.size()][];
        double[] scratch = new double[d];
        double[] v = samples.values();
        for (int n = 0; n < out.length; n++) {
            double[] lp = new double[k];
            weightedLogProbabilities(v, n * d, lp, scratch);
            double lse = logSumExp(lp, k);
            for (int c = 0; c < k; c++) {
                lp[c] = Math.exp(lp[c] - lse);
            }
            out[n] = lp;
        }
        return out;
    }

    /** Most responsible component (argmax of eq. 5) per sample, zero-based; ties go to the lower index. */
    public int[] predict(Samples samples) {
        requireDimension(samples);
        int[] out = new int[samples.size()];
        double[] lp = new double[k];
        double[] scratch = new double[d];
        double[] v = samples.values();
        for (int n = 0; n < out.length; n++) {
            weightedLogProbabilities(v, n * d, lp, scratch);
            out[n] = argmax(lp, k);
        }
        return out;
    }

    /** Index of the largest of a[0..n); the first on ties. */
    public static int argmax(double[] a, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Bayesian information criterion -2 L + p ln N (lower is better); N is the total sample weight. */
    public double bic(Samples samples) {
        double n = samples.totalWeight();
        return -2 * score(samples) * n + parameterCount() * Math.log(n);
    }

    /** Akaike information criterion -2 L + 2 p (lower is better). */
    public double aic(Samples samples) {
        return -2 * score(samples) * samples.totalWeight() + 2 * parameterCount();
    }

    private void requireDimension(Samples samples) {
        if (samples.dimension() != d) {
            throw new GmmException("samples have " + samples.dimension() + " features but the model has D=" + d);
        }
    }

    /**
     * Draws n samples: a component from the weights, then mu_k + L_k z with z standard normal and
     * Sigma_k = L_k L_k^T.
     *
     * @return the samples and, in {@link Draw#components()}, the component each came from
     */
    public Draw sample(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw " + n + " samples");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] lowers = new double[k][];
        for (int c = 0; c < k; c++) {
            DMatrixRMaj a = new DMatrixRMaj(covariance(c));
            CholeskyDecompositionInner_DDRM chol = new CholeskyDecompositionInner_DDRM(true);
            chol.decompose(a); // succeeds: checked at construction
            lowers[c] = chol.getT(null).data;
        }
        double[] values = new double[n * d];
        int[] labels = new int[n];
        double[] z = new double[d];
        for (int s = 0; s < n; s++) {
            double u = rng.nextDouble();
            int c = 0;
            double acc = weights[0];
            while (u >= acc && c < k - 1) {
                acc += weights[++c];
            }
            labels[s] = c;
            for (int j = 0; j < d; j++) {
                z[j] = gaussian(rng);
            }
            for (int r = 0; r < d; r++) {
                double v = means[c * d + r];
                for (int i = 0; i <= r; i++) {
                    v += lowers[c][r * d + i] * z[i];
                }
                values[s * d + r] = v;
            }
        }
        return new Draw(Samples.wrap(values, d, null), labels);
    }

    /** Standard normal draw by the Box-Muller transform (SplittableRandom has no nextGaussian on JDK 17). */
    private static double gaussian(SplittableRandom rng) {
        double u1;
        do {
            u1 = rng.nextDouble();
        } while (u1 == 0);
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Samples drawn from a mixture, with the zero-based component of each. */
    public record Draw(Samples samples, int[] components) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianMixture g && g.covarianceType == covarianceType && g.k == k && g.d == d
                && Arrays.equals(g.weights, weights) && Arrays.equals(g.means, means)
                && Arrays.equals(g.covariances, covariances);
    }

    @Override
    public int hashCode() {
        return Objects.hash(covarianceType, k, d, Arrays.hashCode(weights), Arrays.hashCode(means),
                Arrays.hashCode(covariances));
    }

    @Override
    public String toString() {
        return "GaussianMixture[K=" + k + ", D=" + d + ", " + covarianceType + ", weights=" + Arrays.toString(weights) + "]";
    }
}
