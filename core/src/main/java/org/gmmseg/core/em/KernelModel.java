package org.gmmseg.core.em;

import java.io.Serializable;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;

/**
 * A mixture in the form the E-step kernels evaluate: per component the mean mu_k, a whitening
 * factor A_k with y = A_k (x - mu_k), and the constant C_k = ln pi_k - D ln(2 pi) / 2 + ln det A_k,
 * so that ln pi_k N(x | mu_k, Sigma_k) = C_k - |y|^2 / 2 (the terms of eq. 5 and 6).
 *
 * <p>A_k is the inverse lower Cholesky factor L_k^-1 of Sigma_k (the transpose of scikit-learn's
 * precision Cholesky factor), packed row by row as its lower triangle, for full and tied
 * covariances (tied repeats the shared factor per component, so one kernel serves both); for
 * diagonal and spherical covariances it is the diagonal 1 / sqrt(sigma^2), D values per component.
 * For full and tied covariances it also holds A_k by groups of rows ({@link #groupedFactor}), the
 * order in which the SIMD kernel's triangular product for D other than 3 reads it.
 *
 * <p>Immutable; shared by all workers of a pass (serialisable: {@link EStepChunks.Model} sends it to other machines).
 */
final class KernelModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    final int k;
    final int d;
    /** True for full and tied: A_k triangular and second moments in full; else diagonal. */
    final boolean triangular;
    final double[] means;
    /** Per component {@link #factorLength} values. */
    final double[] factor;
    final int factorLength;
    final double[] constants;
    /**
     * Full and tied: per component {@link #groupedFactorLength} values, A_k by groups of rows: rows
     * 4g..4g+3 for g &lt; D / 4, then pairs of rows for the rest (one pair for D mod 4 = 1 or 2,
     * two for 3). For each group and each column i from 0 to the group's last row, the group's
     * A[r][i] row by row, with 0 above the diagonal and for the row D that an odd D adds. Empty for
     * diagonal and spherical.
     */
    final double[] groupedFactor;
    final int groupedFactorLength;

    KernelModel(GaussianMixture model) {
        this.k = model.components();
        this.d = model.dimension();
        CovarianceType type = model.covarianceType();
        this.triangular = type == CovarianceType.FULL || type == CovarianceType.TIED;
        this.means = model.meansFlat();
        this.factorLength = triangular ? d * (d + 1) / 2 : d;
        this.factor = new double[k * factorLength];
        double[] u = model.precisionsCholeskyFlat();
        for (int c = 0; c < k; c++) {
            int out = c * factorLength;
            switch (type) {
                case FULL, TIED -> {
                    int uo = type == CovarianceType.FULL ? c * d * d : 0;
                    for (int r = 0; r < d; r++) {
                        for (int i = 0; i <= r; i++) {
                            // A = U^T: A[r][i] = U[i][r]
                            factor[out++] = u[uo + i * d + r];
                        }
                    }
                }
                case DIAG -> System.arraycopy(u, c * d, factor, out, d);
                case SPHERICAL -> java.util.Arrays.fill(factor, out, out + d, u[c]);
            }
        }
        this.groupedFactorLength = triangular ? groupedLength(d) : 0;
        this.groupedFactor = new double[k * groupedFactorLength];
        for (int c = 0; c < k && triangular; c++) {
            int out = c * groupedFactorLength;
            for (int r = 0; r < d; r += rowsInGroup(d, r)) {
                int rows = rowsInGroup(d, r);
                for (int i = 0; i < r + rows; i++) {
                    for (int t = r; t < r + rows; t++) {
                        groupedFactor[out++] = t < d && i <= t ? factor[c * factorLength + t * (t + 1) / 2 + i] : 0;
                    }
                }
            }
        }
        double[] weights = model.weights();
        double[] logDet = model.logDetPrecisionsCholesky();
        this.constants = new double[k];
        for (int c = 0; c < k; c++) {
            constants[c] = Math.log(weights[c]) - 0.5 * d * LOG_2PI + logDet[c];
        }
    }

    /** Rows in the group of {@link #groupedFactor} that starts at row r: 4 while four rows are left, else 2. */
    static int rowsInGroup(int d, int r) {
        return d - r >= 4 ? 4 : 2;
    }

    private static int groupedLength(int d) {
        int length = 0;
        for (int r = 0; r < d; r += rowsInGroup(d, r)) {
            int rows = rowsInGroup(d, r);
            length += rows * (r + rows);
        }
        return length;
    }
}
