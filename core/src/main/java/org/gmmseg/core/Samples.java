package org.gmmseg.core;

/**
 * N feature vectors of dimension D in one flat row-major array, with optional non-negative
 * per-sample weights. A sample of weight w counts as w copies of it: fitting weighted
 * de-duplicated data gives the fit of the repeated data.
 *
 * <p>Every value is checked to be finite at construction; the error names the offending row.
 * {@link #wrap} does not copy, so large tables are not duplicated: the caller must not modify the
 * arrays afterwards. Instances are then immutable and thread-safe.
 */
public final class Samples {
    private final double[] values;
    private final double[] weights;
    private final int n;
    private final int d;
    private final double totalWeight;

    private Samples(double[] values, int d, double[] weights) {
        if (d < 1) {
            throw new GmmException("samples need at least one feature (D=" + d + ")");
        }
        if (values.length % d != 0) {
            throw new GmmException(values.length + " values do not make rows of " + d + " features");
        }
        this.values = values;
        this.d = d;
        this.n = values.length / d;
        if (weights != null && weights.length != n) {
            throw new GmmException(weights.length + " weights for " + n + " samples");
        }
        this.weights = weights;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new GmmException("row " + (i / d + 1) + ", column " + (i % d + 1) + " is " + values[i]
                        + "; remove or replace non-finite values before fitting");
            }
        }
        double total = n;
        if (weights != null) {
            total = 0;
            for (int i = 0; i < n; i++) {
                double w = weights[i];
                if (!(w >= 0) || !Double.isFinite(w)) {
                    throw new GmmException("weight of row " + (i + 1) + " is " + w + "; weights must be finite and >= 0");
                }
                total += w;
            }
        }
        this.totalWeight = total;
    }

    /** Copies the rows; every row must have the same length. */
    public static Samples of(double[][] rows) {
        return of(rows, null);
    }

    /** Copies the rows and weights (null weights = all 1). */
    public static Samples of(double[][] rows, double[] weights) {
        if (rows.length == 0) {
            throw new GmmException("no samples");
        }
        int d = rows[0].length;
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new GmmException("row " + (i + 1) + " has " + rows[i].length + " values, expected " + d);
            }
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return new Samples(flat, d, weights == null ? null : weights.clone());
    }

    /**
     * Wraps a flat row-major array of N*D values without copying.
     *
     * @param weights per-sample weights, or null for all 1; not copied either
     */
    public static Samples wrap(double[] values, int d, double[] weights) {
        return new Samples(values, d, weights);
    }

    /** Number of rows N. */
    public int size() {
        return n;
    }

    /** Number of features D. */
    public int dimension() {
        return d;
    }

    /** The flat row-major values; not a copy, do not modify. */
    public double[] values() {
        return values;
    }

    public double value(int row, int feature) {
        return values[row * d + feature];
    }

    /** Weight of a row (1 when unweighted). */
    public double weight(int row) {
        return weights == null ? 1 : weights[row];
    }

    /** True when the samples carry weights. */
    public boolean weighted() {
        return weights != null;
    }

    /** Sum of the weights (N when unweighted): the effective number of samples. */
    public double totalWeight() {
        return totalWeight;
    }

    /**
     * The weighted variance of every feature, sum_i w_i (x_ij - m_j)^2 / sum_i w_i with
     * m_j = sum_i w_i x_ij / sum_i w_i (the population variance of the repeated data).
     *
     * @return D variances (zeros when the total weight is 0)
     */
    public double[] variances() {
        double[] mean = new double[d];
        double[] var = new double[d];
        if (!(totalWeight > 0)) {
            return var;
        }
        for (int i = 0; i < n; i++) {
            double w = weight(i);
            for (int j = 0; j < d; j++) {
                mean[j] += w * values[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= totalWeight;
        }
        for (int i = 0; i < n; i++) {
            double w = weight(i);
            for (int j = 0; j < d; j++) {
                double v = values[i * d + j] - mean[j];
                var[j] += w * v * v;
            }
        }
        for (int j = 0; j < d; j++) {
            var[j] /= totalWeight;
        }
        return var;
    }

    /**
     * True when at least {@code count} distinct rows have positive weight. Stops as soon as that
     * many are found, so it is cheap on large varied data.
     */
    public boolean hasDistinctRows(int count) {
        int[] found = new int[Math.max(count, 1)];
        int nFound = 0;
        for (int i = 0; i < n && nFound < count; i++) {
            if (weight(i) <= 0) {
                continue;
            }
            boolean fresh = true;
            for (int f = 0; f < nFound && fresh; f++) {
                fresh = !sameRow(i, found[f]);
            }
            if (fresh) {
                found[nFound++] = i;
            }
        }
        return nFound >= count;
    }

    /** Number of distinct rows with positive weight, counting at most up to {@code limit}. */
    public int distinctRows(int limit) {
        int lo = 0;
        int hi = limit;
        // hasDistinctRows is monotone in its argument: binary search the largest count that holds
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (hasDistinctRows(mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** True when rows a and b hold the same values. */
    public boolean sameRow(int a, int b) {
        int oa = a * d;
        int ob = b * d;
        for (int j = 0; j < d; j++) {
            if (values[oa + j] != values[ob + j]) {
                return false;
            }
        }
        return true;
    }
}
